package playbook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
)

// Store is what playbooks need from the database.
type Store interface {
	cases.Reader
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// Playbooks lists every playbook at its current version, by name;
	// retired ones only when withRetired.
	Playbooks(ctx context.Context, withRetired bool) ([]Playbook, error)
	// Playbook returns a playbook at version (0: its current version).
	Playbook(ctx context.Context, id uuid.UUID, version int) (Playbook, error)
	// CountPlaybooks counts every playbook, retired ones included.
	CountPlaybooks(ctx context.Context) (int, error)
	// CreatePlaybook inserts p as its version 1.
	CreatePlaybook(ctx context.Context, p Playbook) error
	// AddPlaybookVersion stores p as the playbook's next version if its
	// current version is still p.Version-1 and it is not retired (else 412).
	AddPlaybookVersion(ctx context.Context, p Playbook) error
	// RetirePlaybook marks a playbook retired at the time given, if its
	// current version is still version (else 412).
	RetirePlaybook(ctx context.Context, id uuid.UUID, version int, at time.Time) error
	// SetCasePlaybook records which playbook version a case came from.
	SetCasePlaybook(ctx context.Context, caseID uuid.UUID, ref Ref) error
	// CasePlaybook is the playbook version the case v came from (NotFound
	// for a case made without one).
	CasePlaybook(ctx context.Context, v cases.Visible) (Ref, error)
}

// Service holds the playbooks' use cases.
type Service struct {
	store       Store
	cases       *cases.Service
	restoration *restoration.Service
	audit       cases.Recorder
	now         func(context.Context) time.Time
}

// NewService returns a Service; cs opens the cases and adds their tasks, rs
// records suspensions and adds their milestones.
func NewService(store Store, cs *cases.Service, rs *restoration.Service, audit cases.Recorder) *Service {
	return &Service{store: store, cases: cs, restoration: rs, audit: audit, now: clock.Now}
}

func mayRead(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder", "auditor":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders, administrators and auditors read playbooks")
}

func mayManage(ctx context.Context) error {
	if identity.From(ctx).Role == "admin" {
		return nil
	}
	return apperr.New(apperr.Forbidden, "only administrators manage playbooks")
}

// List returns the playbooks at their current version, by name.
func (s *Service) List(ctx context.Context, withRetired bool) ([]Playbook, error) {
	if err := mayRead(ctx); err != nil {
		return nil, err
	}
	return s.store.Playbooks(ctx, withRetired)
}

// Get returns a playbook at version (0: its current one).
func (s *Service) Get(ctx context.Context, id uuid.UUID, version int) (Playbook, error) {
	if err := mayRead(ctx); err != nil {
		return Playbook{}, err
	}
	return s.store.Playbook(ctx, id, version)
}

func invalid(d Definition) error {
	if f := fieldErrors(d); len(f) > 0 {
		return apperr.Invalidf(f, "the playbook is not valid")
	}
	return nil
}

// Create adds a playbook, as its version 1.
func (s *Service) Create(ctx context.Context, d Definition) (Playbook, error) {
	if err := mayManage(ctx); err != nil {
		return Playbook{}, err
	}
	d = tidy(d)
	if err := invalid(d); err != nil {
		return Playbook{}, err
	}
	me := identity.From(ctx).UserID
	p := Playbook{ID: uuid.Must(uuid.NewV7()), Version: 1, CurrentVersion: 1, CreatedByID: &me,
		CreatedAt: s.now(ctx).UTC().Truncate(time.Microsecond), Definition: d}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		n, err := s.store.CountPlaybooks(ctx)
		if err != nil {
			return err
		}
		if n >= MaxPlaybooks {
			return apperr.New(apperr.Conflict, fmt.Sprintf("Caseward already holds %d playbooks, the most it may: edit one instead", MaxPlaybooks))
		}
		if err := s.store.CreatePlaybook(ctx, p); err != nil {
			return fmt.Errorf("create playbook: %w", err)
		}
		return s.record(ctx, "playbook.create", p, diff(Definition{}, p.Definition))
	})
	if err != nil {
		return Playbook{}, err
	}
	return p, nil
}

// Update writes d as the playbook's next version, if version is still its
// current one. Earlier versions stay as they were, for the cases made from
// them. A retired playbook is not edited (409).
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int, d Definition) (Playbook, error) {
	if err := mayManage(ctx); err != nil {
		return Playbook{}, err
	}
	d = tidy(d)
	var next Playbook
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Playbook(ctx, id, 0)
		if err != nil {
			return err
		}
		if old.RetiredAt != nil {
			return apperr.New(apperr.Conflict, "the playbook is retired: it can no longer be edited")
		}
		if err := invalid(d); err != nil {
			return err
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "the playbook was changed by someone else: read it again and retry")
		}
		changes := diff(old.Definition, d)
		if len(changes) == 0 {
			next = old
			return nil
		}
		me := identity.From(ctx).UserID
		next = old
		next.Version, next.CurrentVersion, next.CreatedByID, next.Definition = version+1, version+1, &me, d
		next.CreatedAt = s.now(ctx).UTC().Truncate(time.Microsecond)
		if err := s.store.AddPlaybookVersion(ctx, next); err != nil {
			return err
		}
		changes["version"] = [2]any{version, version + 1}
		return s.record(ctx, "playbook.update", next, changes)
	})
	return next, err
}

// Retire withdraws a playbook from "New case"; it is kept, with its
// versions, for the cases made from it.
func (s *Service) Retire(ctx context.Context, id uuid.UUID, version int) (Playbook, error) {
	if err := mayManage(ctx); err != nil {
		return Playbook{}, err
	}
	var out Playbook
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.Playbook(ctx, id, 0)
		if err != nil {
			return err
		}
		if p.RetiredAt != nil {
			return apperr.New(apperr.Conflict, "the playbook is already retired")
		}
		if p.Version != version {
			return apperr.New(apperr.PreconditionFailed, "the playbook was changed by someone else: read it again and retry")
		}
		at := s.now(ctx).UTC().Truncate(time.Microsecond)
		if err := s.store.RetirePlaybook(ctx, id, version, at); err != nil {
			return err
		}
		p.RetiredAt, out = &at, p
		return s.record(ctx, "playbook.retire", p, audit.Changes{"retired_at": {nil, at.Format(time.RFC3339Nano)}})
	})
	return out, err
}

// CreateCase opens case c from the current version of playbook id, in one
// transaction: the case, each of the playbook's tasks (due their offset
// after c's aware_at) and the record of which version it came from. If any
// of them fails, nothing is written. A retired playbook opens no case (409).
func (s *Service) CreateCase(ctx context.Context, c cases.Case, id uuid.UUID) (cases.Case, Ref, error) {
	var created cases.Case
	var ref Ref
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.Playbook(ctx, id, 0)
		if apperr.Is(err, apperr.NotFound) {
			return s.refuseUnknown(ctx, c)
		}
		if err != nil {
			return err
		}
		if p.RetiredAt != nil {
			return apperr.New(apperr.Conflict, "the playbook "+p.Name+" is retired: choose another or none")
		}
		if created, err = s.cases.Create(ctx, c); err != nil {
			return err
		}
		for _, t := range p.tasksFor(created) {
			if _, err := s.cases.AddTask(ctx, created.ID, t); err != nil {
				return fmt.Errorf("add the playbook's task %q: %w", t.Title, err)
			}
		}
		created.OpenTasks = len(p.Tasks)
		ref = Ref{ID: p.ID, Version: p.Version, Name: p.Name}
		if err := s.store.SetCasePlaybook(ctx, created.ID, ref); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "case.playbook", EntityType: "case", EntityID: created.ID.String(), CaseID: created.ID.String(),
			Changes: audit.Changes{"playbook_id": {nil, p.ID.String()}, "playbook_version": {nil, p.Version}, "playbook_name": {nil, p.Name}}})
	})
	if err != nil {
		return cases.Case{}, Ref{}, err
	}
	return created, ref, nil
}

// refuseUnknown is the 422 of a case asked from a playbook that does not
// exist, naming the case's own invalid fields with it: the case is checked
// (and, if valid, inserted in the caller's transaction, which this error
// rolls back).
func (s *Service) refuseUnknown(ctx context.Context, c cases.Case) error {
	unknown := []apperr.FieldError{{Field: "playbook_id", Message: "must be a playbook that exists"}}
	_, err := s.cases.Create(ctx, c)
	var invalid *apperr.Error
	switch {
	case errors.As(err, &invalid) && invalid.Kind == apperr.Invalid:
		return apperr.Merge(unknown, invalid.Fields)
	case err != nil:
		return err
	}
	return apperr.Invalidf(unknown, "no such playbook")
}

// GetCase reads a case the caller may see with the playbook version it was
// made from; ok is false for a case made without one. One scoped read of the
// case serves both.
func (s *Service) GetCase(ctx context.Context, caseID uuid.UUID) (c cases.Case, ref Ref, ok bool, err error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return cases.Case{}, Ref{}, false, err
	}
	ref, err = s.store.CasePlaybook(ctx, v)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return v.Case(), Ref{}, false, nil
	case err != nil:
		return cases.Case{}, Ref{}, false, err
	}
	return v.Case(), ref, true, nil
}

func (s *Service) record(ctx context.Context, action string, p Playbook, changes audit.Changes) error {
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "playbook", EntityID: p.ID.String(), Changes: changes})
}
