package chronology

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
)

// Service holds the chronology's use cases.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// List returns the whole chronology of a case the caller may see, in the
// order of the story: by occurred_at, then recorded_at.
func (s *Service) List(ctx context.Context, caseID uuid.UUID) ([]Entry, error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	return s.store.CaseChronology(ctx, v)
}

// Add writes a new entry on a case the caller may see; recorded_at is now.
func (s *Service) Add(ctx context.Context, caseID uuid.UUID, d Draft) (Entry, error) {
	if err := mayWrite(ctx); err != nil {
		return Entry{}, err
	}
	p := identity.From(ctx)
	now := s.now(ctx)
	e := Entry{ID: uuid.Must(uuid.NewV7()), CaseID: caseID, Kind: d.Kind, OccurredAt: d.OccurredAt.UTC().Truncate(time.Microsecond),
		RecordedAt: now, AuthorID: p.UserID, Body: strings.TrimSpace(d.Body), EvidenceIDs: sortedSet(d.EvidenceIDs), Version: 1}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, true)
		if err != nil {
			return err
		}
		f, err := s.check(ctx, v, e, now)
		if err != nil {
			return err
		}
		if len(f) > 0 {
			return apperr.Invalidf(f, "the chronology entry is not valid")
		}
		n, err := s.store.CountChronology(ctx, v)
		if err != nil {
			return fmt.Errorf("count chronology: %w", err)
		}
		if n >= MaxEntriesPerCase {
			return apperr.New(apperr.Conflict, fmt.Sprintf("This case's chronology already holds %d entries, the most one case may: continue in a related case.", MaxEntriesPerCase))
		}
		if err := s.store.CreateChronologyEntry(ctx, e); err != nil {
			return fmt.Errorf("create chronology entry: %w", err)
		}
		return s.record(ctx, "chronology.create", e, audit.Diff(map[string]any{}, fields(e)))
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// Correct changes an entry whose version is still version, with a reason;
// the audit trail keeps every old value. A retracted entry is not corrected.
func (s *Service) Correct(ctx context.Context, id uuid.UUID, version int64, c Correction) (Entry, error) {
	if err := mayWrite(ctx); err != nil {
		return Entry{}, err
	}
	var out Entry
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, old, err := s.entry(ctx, id)
		if err != nil {
			return err
		}
		next := old
		if c.Kind != nil {
			next.Kind = *c.Kind
		}
		if c.OccurredAt != nil {
			next.OccurredAt = c.OccurredAt.UTC().Truncate(time.Microsecond)
		}
		if c.Body != nil {
			next.Body = strings.TrimSpace(*c.Body)
		}
		if c.EvidenceIDs != nil {
			next.EvidenceIDs = sortedSet(*c.EvidenceIDs)
		}
		reason := strings.TrimSpace(c.Reason)
		now := s.now(ctx)
		f, err := s.check(ctx, v, next, now)
		if err != nil {
			return err
		}
		if reason == "" || utf8.RuneCountInString(reason) > MaxReason {
			f = append(f, apperr.FieldError{Field: "reason", Message: fmt.Sprintf("is required (at most %d characters)", MaxReason)})
		}
		if len(f) > 0 {
			return apperr.Invalidf(f, "the correction is not valid")
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "This entry was changed by someone else: read it again and retry.")
		}
		if old.Retracted() {
			return apperr.New(apperr.Conflict, "This entry was retracted; a retracted entry cannot be corrected.")
		}
		changes := audit.Diff(fields(old), fields(next))
		if len(changes) == 0 {
			out = old
			return nil
		}
		by := identity.From(ctx).UserID
		next.CorrectedAt, next.CorrectedByID = &now, &by
		if out, err = s.store.UpdateChronologyEntry(ctx, next, version); err != nil {
			return err
		}
		changes["reason"] = [2]any{nil, reason}
		return s.record(ctx, "chronology.correct", out, changes)
	})
	return out, err
}

// Retract withdraws an entry, with a reason. It stays in the chronology and
// in every export, marked as retracted; it is never deleted.
func (s *Service) Retract(ctx context.Context, id uuid.UUID, version int64, reason string) (Entry, error) {
	if err := mayWrite(ctx); err != nil {
		return Entry{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReason {
		return Entry{}, apperr.Invalidf([]apperr.FieldError{{Field: "reason", Message: fmt.Sprintf("is required (at most %d characters)", MaxReason)}},
			"the retraction is not valid")
	}
	var out Entry
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		_, old, err := s.entry(ctx, id)
		if err != nil {
			return err
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "This entry was changed by someone else: read it again and retry.")
		}
		if old.Retracted() {
			return apperr.New(apperr.Conflict, "This entry was already retracted.")
		}
		now, by := s.now(ctx), identity.From(ctx).UserID
		next := old
		next.RetractedAt, next.RetractedByID, next.RetractionReason = &now, &by, reason
		if out, err = s.store.UpdateChronologyEntry(ctx, next, version); err != nil {
			return err
		}
		return s.record(ctx, "chronology.retract", out, audit.Changes{"retracted_at": {nil, audit.TimeValue(&now)}, "reason": {nil, reason}})
	})
	return out, err
}

// entry reads an entry and, first, its case in the caller's scope, locked:
// an entry of a case the caller may not see is NotFound.
func (s *Service) entry(ctx context.Context, id uuid.UUID) (cases.Visible, Entry, error) {
	caseID, err := s.store.ChronologyEntryCase(ctx, id)
	if err != nil {
		return cases.Visible{}, Entry{}, err
	}
	v, err := cases.See(ctx, s.store, caseID, true)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return cases.Visible{}, Entry{}, apperr.New(apperr.NotFound, "chronology entry not found")
		}
		return cases.Visible{}, Entry{}, err
	}
	e, err := s.store.ChronologyEntry(ctx, v, id)
	return v, e, err
}

// check names every field of e at fault; the evidence must be the case's own.
func (s *Service) check(ctx context.Context, v cases.Visible, e Entry, now time.Time) ([]apperr.FieldError, error) {
	var f []apperr.FieldError
	if !slices.Contains(Kinds, e.Kind) {
		f = append(f, apperr.FieldError{Field: "kind", Message: "must be one of detection, containment, eradication, recovery, communication, decision, other"})
	}
	opened := v.Case().CreatedAt
	switch {
	case e.OccurredAt.After(now.Add(ClockSkew)):
		f = append(f, apperr.FieldError{Field: "occurred_at", Message: "cannot be in the future"})
	case e.OccurredAt.Before(opened.Add(-Lookback)):
		f = append(f, apperr.FieldError{Field: "occurred_at", Message: "must be within ten years before the case was opened"})
	}
	if e.Body == "" || utf8.RuneCountInString(e.Body) > MaxBody {
		f = append(f, apperr.FieldError{Field: "body", Message: fmt.Sprintf("is required (at most %d characters)", MaxBody)})
	}
	if len(e.EvidenceIDs) > MaxEvidence {
		f = append(f, apperr.FieldError{Field: "evidence_ids", Message: fmt.Sprintf("must list at most %d items", MaxEvidence)})
	} else if len(e.EvidenceIDs) > 0 {
		own, err := s.store.CaseEvidenceIDs(ctx, v, e.EvidenceIDs)
		if err != nil {
			return nil, fmt.Errorf("chronology evidence: %w", err)
		}
		for _, id := range e.EvidenceIDs {
			if !own[id] {
				f = append(f, apperr.FieldError{Field: "evidence_ids", Message: "must name evidence of this case only"})
				break
			}
		}
	}
	return f, nil
}

func (s *Service) record(ctx context.Context, action string, e Entry, changes audit.Changes) error {
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "chronology_entry", EntityID: e.ID.String(),
		CaseID: e.CaseID.String(), Changes: changes})
}

// fields is what the audit trail keeps of an entry's contents.
func fields(e Entry) map[string]any {
	ids := make([]string, len(e.EvidenceIDs))
	for i, id := range e.EvidenceIDs {
		ids[i] = id.String()
	}
	return map[string]any{"kind": string(e.Kind), "occurred_at": audit.TimeValue(&e.OccurredAt), "body": e.Body,
		"evidence_ids": audit.TextValue(strings.Join(ids, ","))}
}

// mayWrite refuses the roles that only read a chronology (the contract
// already keeps them out; this keeps the rule with the domain).
func mayWrite(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders and administrators write the chronology")
}

// sortedSet is ids without repeats, sorted, never nil.
func sortedSet(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	if out == nil {
		out = []uuid.UUID{}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out)
}
