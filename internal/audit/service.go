package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// Store is what the trail needs from the database.
type Store interface {
	BatchReader
	// AppendAudit adds e to the caller's transaction (or its own); it is
	// chained after the newest event, serialised against other appends, when
	// that transaction commits.
	AppendAudit(ctx context.Context, e Event) error
	ListAudit(ctx context.Context, f Filter) ([]Event, error)
	// ResolveNames names what refs hold, one query per kind.
	ResolveNames(ctx context.Context, refs Refs) (Names, error)
	Matcher
}

// Entry is what a use case says happened; the Recorder adds who, when and from where.
type Entry struct {
	Action     string // e.g. case.update, auth.login_failed
	EntityType string
	EntityID   string
	CaseID     string
	Changes    Changes
	ActorID    string // overrides the caller's, e.g. the user signing in
	ActorEmail string // overrides the caller's, e.g. the email a failed login tried
}

// Recorder appends entries to the trail on behalf of the caller in ctx. Call it
// inside the transaction of the change it records, so both commit or neither.
type Recorder struct {
	store Store
	now   func(context.Context) time.Time
}

// NewRecorder returns a Recorder writing to store.
func NewRecorder(store Store) *Recorder {
	return &Recorder{store: store, now: clock.Now}
}

// Record appends one event for the caller in ctx.
func (r *Recorder) Record(ctx context.Context, en Entry) error {
	p := identity.From(ctx)
	changes, err := en.Changes.Encode()
	if err != nil {
		return fmt.Errorf("encode audit changes: %w", err)
	}
	e := Event{
		OccurredAt: r.now(ctx),
		ActorEmail: p.Email,
		Action:     en.Action,
		EntityType: en.EntityType,
		EntityID:   en.EntityID,
		CaseID:     en.CaseID,
		RequestID:  p.RequestID,
		IP:         p.IP,
		Changes:    changes,
	}
	if p.Authenticated() {
		e.ActorID = p.UserID.String()
	}
	if p.KeyID != uuid.Nil {
		// A key acts for its account; the trail says which key did it.
		e.ActorEmail = p.Email + " via API key " + p.KeyID.String()
	}
	if en.ActorID != "" {
		e.ActorID = en.ActorID
	}
	if en.ActorEmail != "" {
		e.ActorEmail = en.ActorEmail
	}
	if err := r.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("append audit event %s: %w", en.Action, err)
	}
	return nil
}

// Filter selects events for GET /audit; zero values do not filter.
type Filter struct {
	CaseID     string
	ActorID    string
	Action     string
	EntityType string
	EntityID   string
	From, To   time.Time // occurred_at >= From, < To
	BeforeSeq  int64     // keyset: events older than this (newest first)
	AfterSeq   int64     // keyset for Ascending: events newer than this
	Ascending  bool      // oldest first
	Limit      int
	// Text is a free-text search over action, actor (name or email), entity
	// name and case reference, whatever its case; List resolves it to Match.
	Text  string
	Match *Match
}

// Service answers the auditors' questions about the trail.
type Service struct{ store Store }

// NewService returns a Service reading store.
func NewService(store Store) *Service { return &Service{store: store} }

// List returns one page of events, newest first, and whether more follow.
func (s *Service) List(ctx context.Context, f Filter) ([]Event, bool, error) {
	if ok, err := s.resolveText(ctx, &f); err != nil || !ok {
		return nil, false, err
	}
	return page.Read(f.Limit, func(n int) ([]Event, error) {
		f.Limit = n
		events, err := s.store.ListAudit(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("list audit events: %w", err)
		}
		return events, nil
	})
}

// Verify walks the whole chain.
func (s *Service) Verify(ctx context.Context) (VerifyResult, error) {
	return Verify(ctx, s.store)
}

// Each calls fn for every event matching f, oldest first, reading a batch at a
// time so that memory stays flat however long the trail.
func (s *Service) Each(ctx context.Context, f Filter, fn func(Event) error) error {
	f.Ascending, f.Limit = true, 5000
	for {
		batch, err := s.store.ListAudit(ctx, f)
		if err != nil {
			return fmt.Errorf("read audit events: %w", err)
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < f.Limit {
			return nil
		}
		f.AfterSeq = batch[len(batch)-1].Seq
	}
}
