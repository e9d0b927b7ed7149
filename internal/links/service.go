package links

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
)

// Store is what links need from the database.
type Store interface {
	cases.Reader
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	UpdateCase(ctx context.Context, c cases.Case, version int64) (cases.Case, error)
	// StampPhases records a closing's phase times on the case (cases.PhaseStamp).
	StampPhases(ctx context.Context, caseID uuid.UUID, p cases.PhaseStamp) error
	// LockCaseLinks serialises the transactions that create or remove links
	// until the transaction ends, so that a cycle check sees every link made
	// before it. Take it before locking any case.
	LockCaseLinks(ctx context.Context) error
	// CaseLinkCounts counts the links of a and of b, and those between them.
	CaseLinkCounts(ctx context.Context, a, b uuid.UUID) (na, nb, between int, err error)
	// Reaches reports whether following links of kind from from arrives at to.
	Reaches(ctx context.Context, from, to uuid.UUID, kind Kind) (bool, error)
	CreateCaseLink(ctx context.Context, l Link) error
	// CaseLinks lists the links of the case v, oldest first, leaving out those
	// whose other case scope may not see.
	CaseLinks(ctx context.Context, v cases.Visible, scope cases.Scope) ([]Listed, error)
	CaseLink(ctx context.Context, id uuid.UUID) (Link, error)
	DeleteCaseLink(ctx context.Context, id uuid.UUID) error
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the use cases of linked cases.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// List returns the links of a case the caller may see, each with its other
// case; links to cases the caller may not see are left out.
func (s *Service) List(ctx context.Context, caseID uuid.UUID) ([]Listed, error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	return s.store.CaseLinks(ctx, v, cases.ScopeFrom(ctx))
}

// Create links the case fromID (which the caller changes) to toID (which the
// caller must see).
func (s *Service) Create(ctx context.Context, fromID, toID uuid.UUID, kind Kind) (Listed, error) {
	if err := checkLink(fromID, toID, kind, "case_id"); err != nil {
		return Listed{}, err
	}
	var made Listed
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		made, _, err = s.link(ctx, fromID, toID, kind)
		return err
	})
	return made, err
}

// MarkDuplicate links the case id as a duplicate of originalID and, when it
// is open, closes it in the same transaction, the closing naming the link
// to the original. The breach assessment belongs to the original, so it does
// not hold the duplicate open; every other closing condition does.
func (s *Service) MarkDuplicate(ctx context.Context, id, originalID uuid.UUID, note string) (Listed, error) {
	if err := checkLink(id, originalID, DuplicateOf, "original_id"); err != nil {
		return Listed{}, err
	}
	var made Listed
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var dup cases.Case
		var err error
		if made, dup, err = s.link(ctx, id, originalID, DuplicateOf); err != nil {
			return err
		}
		if dup.Status == cases.Closed {
			return nil
		}
		if unmet := cases.UnmetDuplicateClosingConditions(dup); len(unmet) > 0 {
			return apperr.Wrap(apperr.Conflict, "this case cannot be closed as a duplicate yet: "+strings.Join(unmet, "; "),
				&cases.TransitionRefused{From: dup.Status, To: cases.Closed, Allowed: nil, Unmet: unmet})
		}
		from := dup.Status
		dup.Status = cases.Closed
		if _, err := s.store.UpdateCase(ctx, dup, dup.Version); err != nil {
			return err
		}
		if err := s.store.StampPhases(ctx, id, cases.StampFor(cases.Closed, s.now(ctx))); err != nil {
			return fmt.Errorf("stamp the duplicate's closing: %w", err)
		}
		// The closing names the link, not the original: the duplicate's
		// timeline and exports are read by people who may not see the
		// original. The link's own event names both cases.
		changes := audit.Changes{"status": {string(from), string(cases.Closed)}, "duplicate_link_id": {nil, made.ID.String()}}
		if note = strings.TrimSpace(note); note != "" {
			changes["note"] = [2]any{nil, note}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "case.transition", EntityType: "case", EntityID: id.String(), CaseID: id.String(), Changes: changes})
	})
	return made, err
}

// Delete removes a link between two cases the caller may see. It changes
// neither case's status: a duplicate stays closed.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockCaseLinks(ctx); err != nil {
			return fmt.Errorf("lock case links: %w", err)
		}
		l, err := s.store.CaseLink(ctx, id)
		if err != nil {
			return err
		}
		if _, err := cases.See(ctx, s.store, l.FromCaseID, true); err != nil {
			return linkNotFound(err)
		}
		if _, err := cases.See(ctx, s.store, l.ToCaseID, false); err != nil {
			return linkNotFound(err)
		}
		if err := s.store.DeleteCaseLink(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, linkEntry("link.delete", l, true))
	})
}

// link creates the link from → to inside the caller's transaction and
// returns it with the from case as locked.
func (s *Service) link(ctx context.Context, fromID, toID uuid.UUID, kind Kind) (Listed, cases.Case, error) {
	// The lock comes first: every link-making transaction takes it before
	// any case row, so they queue rather than deadlock, and each one's cycle
	// check sees the links committed before it.
	if err := s.store.LockCaseLinks(ctx); err != nil {
		return Listed{}, cases.Case{}, fmt.Errorf("lock case links: %w", err)
	}
	from, err := cases.See(ctx, s.store, fromID, true)
	if err != nil {
		return Listed{}, cases.Case{}, err
	}
	to, err := cases.See(ctx, s.store, toID, false)
	if apperr.Is(err, apperr.NotFound) {
		return Listed{}, cases.Case{}, apperr.NotFoundf("the case to link to was not found")
	}
	if err != nil {
		return Listed{}, cases.Case{}, err
	}
	nf, nt, between, err := s.store.CaseLinkCounts(ctx, fromID, toID)
	if err != nil {
		return Listed{}, cases.Case{}, fmt.Errorf("count links: %w", err)
	}
	other := to.Case()
	switch {
	case between > 0:
		return Listed{}, cases.Case{}, apperr.New(apperr.Conflict, "this case and "+other.Reference+" are already linked: remove that link first to link them another way")
	case nf >= MaxPerCase:
		return Listed{}, cases.Case{}, apperr.New(apperr.Conflict, fmt.Sprintf("this case already has %d links, the most one case may hold", MaxPerCase))
	case nt >= MaxPerCase:
		return Listed{}, cases.Case{}, apperr.New(apperr.Conflict, fmt.Sprintf("%s already has %d links, the most one case may hold", other.Reference, MaxPerCase))
	}
	if kind != Related {
		loop, err := s.store.Reaches(ctx, toID, fromID, kind)
		if err != nil {
			return Listed{}, cases.Case{}, fmt.Errorf("look for a cycle: %w", err)
		}
		if loop {
			return Listed{}, cases.Case{}, apperr.New(apperr.Conflict, loopSentence(kind, other.Reference))
		}
	}
	l := Link{ID: uuid.Must(uuid.NewV7()), FromCaseID: fromID, ToCaseID: toID, Kind: kind,
		CreatedByID: identity.From(ctx).UserID, CreatedAt: s.now(ctx).UTC().Truncate(time.Microsecond)}
	if err := s.store.CreateCaseLink(ctx, l); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return Listed{}, cases.Case{}, apperr.New(apperr.Conflict, "this case and "+other.Reference+" are already linked")
		}
		return Listed{}, cases.Case{}, fmt.Errorf("create link: %w", err)
	}
	if err := s.audit.Record(ctx, linkEntry("link.create", l, false)); err != nil {
		return Listed{}, cases.Case{}, err
	}
	return Listed{Link: l, Other: Brief{ID: other.ID, Reference: other.Reference, Title: other.Title, Status: other.Status}}, from.Case(), nil
}

// loopSentence says why a link of kind to the case ref would make a loop.
func loopSentence(kind Kind, ref string) string {
	if kind == DuplicateOf {
		return ref + " is already, directly or through other cases, a duplicate of this case: marking this case a duplicate of it would make a loop"
	}
	return ref + " was already, directly or through other cases, caused by this case: it cannot also be its cause"
}

// checkLink refuses a link that is invalid whatever the database holds.
func checkLink(fromID, toID uuid.UUID, kind Kind, field string) error {
	var f []apperr.FieldError
	switch toID {
	case uuid.Nil:
		f = append(f, apperr.FieldError{Field: field, Message: "is required"})
	case fromID:
		f = append(f, apperr.FieldError{Field: field, Message: "must be another case: a case cannot be linked to itself"})
	}
	if !slices.Contains(Kinds, kind) {
		f = append(f, apperr.FieldError{Field: "kind", Message: "must be related, duplicate_of or caused_by"})
	}
	if len(f) > 0 {
		return apperr.Invalidf(f, "the link is not valid")
	}
	return nil
}

// linkNotFound hides which case of a link the caller may not see.
func linkNotFound(err error) error {
	if apperr.Is(err, apperr.NotFound) {
		return apperr.NotFoundf("link not found")
	}
	return err
}

// linkEntry is the audit entry of a link made or removed. It names both
// cases, so it belongs to neither case's own trail (whose timeline and
// exports reach people who may not see the other case): it is in the audit
// log, which only those who see every case read.
func linkEntry(action string, l Link, removed bool) audit.Entry {
	values := map[string]string{"kind": string(l.Kind), "from_case_id": l.FromCaseID.String(), "to_case_id": l.ToCaseID.String()}
	changes := audit.Changes{}
	for k, v := range values {
		if removed {
			changes[k] = [2]any{v, nil}
		} else {
			changes[k] = [2]any{nil, v}
		}
	}
	return audit.Entry{Action: action, EntityType: "case_link", EntityID: l.ID.String(), Changes: changes}
}
