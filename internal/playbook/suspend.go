package playbook

import (
	"context"
	"fmt"
	"time"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/restoration"
)

// SuspendWithPlan records a suspension on a case made from a playbook and,
// in the same transaction, adds the milestones of the playbook version the
// case was made from, each due its offset after the suspension began. A case
// made without a playbook, or from a version without milestones, is a 422
// on playbook_milestones, and nothing is recorded.
func (s *Service) SuspendWithPlan(ctx context.Context, in restoration.Suspension) (restoration.Suspension, error) {
	var sp restoration.Suspension
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, in.CaseID, false)
		if err != nil {
			return err
		}
		ref, err := s.store.CasePlaybook(ctx, v)
		noPlan := apperr.Invalidf([]apperr.FieldError{{Field: "playbook_milestones",
			Message: "needs a case made from a playbook with a suspension plan"}}, "the case has no playbook plan")
		if apperr.Is(err, apperr.NotFound) {
			return noPlan
		}
		if err != nil {
			return err
		}
		p, err := s.store.Playbook(ctx, ref.ID, ref.Version)
		if err != nil {
			return err
		}
		if len(p.Milestones) == 0 {
			return noPlan
		}
		if sp, err = s.restoration.Suspend(ctx, in); err != nil {
			return err
		}
		for _, m := range p.Milestones {
			due := sp.SuspendedAt.UTC().Add(time.Duration(m.DueOffsetHours) * time.Hour).Truncate(time.Microsecond)
			if _, err := s.restoration.AddMilestone(ctx, sp.ID, restoration.Milestone{Title: m.Title, DueAt: &due}); err != nil {
				return fmt.Errorf("add the playbook's milestone %q: %w", m.Title, err)
			}
		}
		return nil
	})
	return sp, err
}
