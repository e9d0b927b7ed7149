package alerts

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/text"
)

// NewCase is what a case needs that an alert does not say; Title, Summary
// and Severity, when given, override the alert's.
type NewCase struct {
	Case       cases.Case // category, personal data, department, owner, restriction, estimates, times
	PlaybookID *uuid.UUID // open it from this playbook's current version
}

// Import opens a case from a new alert, from a playbook when one is named,
// adds the alert's observables to it and marks the alert imported into it,
// all in one transaction: if any part fails, nothing is written.
func (s *Service) Import(ctx context.Context, id uuid.UUID, version int64, nc NewCase) (Alert, error) {
	if err := mayDecide(ctx); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		a, err := s.open(ctx, id, version)
		if err != nil {
			return err
		}
		now := s.now(ctx).UTC()
		c := nc.Case
		if c.Title == "" {
			c.Title = a.Title
		}
		if c.Summary == "" {
			c.Summary = a.Description
		}
		if c.Severity == "" {
			c.Severity = a.Severity.CaseSeverity()
		}
		if c.DetectedAt.IsZero() {
			c.DetectedAt = a.FirstSeenAt
		}
		if c.AwareAt.IsZero() {
			c.AwareAt = now
		}
		var created cases.Case
		if nc.PlaybookID != nil {
			created, _, err = s.playbooks.CreateCase(ctx, c, *nc.PlaybookID)
		} else {
			created, err = s.cases.Create(ctx, c)
		}
		if err != nil {
			return err
		}
		if err := s.addObservables(ctx, created.ID, a); err != nil {
			return err
		}
		out, err = s.decide(ctx, a, "alert.import", Imported, &created.ID, "", now)
		return err
	})
	return out, err
}

// Merge adds a new alert's observables to a case the caller may see (a case
// they may not is NotFound) and marks the alert imported into it.
func (s *Service) Merge(ctx context.Context, id uuid.UUID, version int64, caseID uuid.UUID) (Alert, error) {
	if err := mayDecide(ctx); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		a, err := s.store.Alert(ctx, id, true)
		if err != nil {
			return err
		}
		if _, err := cases.See(ctx, s.store, caseID, true); err != nil {
			return err
		}
		if err := ready(a, version); err != nil {
			return err
		}
		if err := s.addObservables(ctx, caseID, a); err != nil {
			return err
		}
		out, err = s.decide(ctx, a, "alert.merge", Imported, &caseID, "", s.now(ctx).UTC())
		return err
	})
	return out, err
}

// Ignore sets a new alert aside with the reason.
func (s *Service) Ignore(ctx context.Context, id uuid.UUID, version int64, reason string) (Alert, error) {
	if err := mayDecide(ctx); err != nil {
		return Alert{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxIgnoreReason || !text.MultiLine(reason) {
		return Alert{}, apperr.Invalidf([]apperr.FieldError{{Field: "reason", Message: fmt.Sprintf("is required: 1 to %d characters of text", MaxIgnoreReason)}},
			"say why the alert is ignored")
	}
	var out Alert
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		a, err := s.open(ctx, id, version)
		if err != nil {
			return err
		}
		out, err = s.decide(ctx, a, "alert.ignore", Ignored, nil, reason, s.now(ctx).UTC())
		return err
	})
	return out, err
}

// open reads an alert for a decision, locked, and checks it may be decided.
func (s *Service) open(ctx context.Context, id uuid.UUID, version int64) (Alert, error) {
	a, err := s.store.Alert(ctx, id, true)
	if err != nil {
		return Alert{}, err
	}
	return a, ready(a, version)
}

// ready: only a new alert is decided, and only by someone who read it as it
// is (a new occurrence changes its version).
func ready(a Alert, version int64) error {
	if a.Status != New {
		return apperr.New(apperr.Conflict, fmt.Sprintf("This alert is already %s: only a new alert can be imported, merged or ignored.", a.Status))
	}
	if a.Version != version {
		return apperr.New(apperr.PreconditionFailed, "This alert changed since you read it (another occurrence, or someone else): read it again and retry.")
	}
	return nil
}

// addObservables adds a's observables to the case, in the caller's
// transaction, through the observables' own use case (repeats merged).
func (s *Service) addObservables(ctx context.Context, caseID uuid.UUID, a Alert) error {
	if len(a.Observables) == 0 {
		return nil
	}
	if _, err := s.observables.AddAll(ctx, caseID, a.Observables); err != nil {
		return fmt.Errorf("add the alert's observables: %w", err)
	}
	return nil
}

// decide stores a's decision and records it as action.
func (s *Service) decide(ctx context.Context, a Alert, action string, to Status, caseID *uuid.UUID, reason string, now time.Time) (Alert, error) {
	by := identity.From(ctx).UserID
	next := a
	next.Status, next.CaseID, next.IgnoreReason, next.DecidedByID, next.DecidedAt, next.UpdatedAt = to, caseID, reason, &by, &now, now
	stored, err := s.store.DecideAlert(ctx, next, a.Version)
	if err != nil {
		return Alert{}, err
	}
	return stored, s.record(ctx, action, stored, caseID, diffAlert(a, stored))
}
