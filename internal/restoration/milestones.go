package restoration

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
)

// MilestonePatch is a partial change of a milestone.
type MilestonePatch struct {
	Title   *string
	OwnerID cases.Optional[uuid.UUID]
	DueAt   cases.Optional[time.Time]
	Status  *MilestoneStatus
	// ReplanReason is required when DueAt moves a due date that already has a
	// baseline.
	ReplanReason *string
}

// AddMilestone appends a step to a suspension's plan.
func (s *Service) AddMilestone(ctx context.Context, suspensionID uuid.UUID, m Milestone) (Milestone, error) {
	m.ID, m.SuspensionID = uuid.Must(uuid.NewV7()), suspensionID
	m.Title = strings.TrimSpace(m.Title)
	m.BaselineDueAt = m.DueAt
	if m.Status == "" {
		m.Status = Planned
	}
	if m.Status == Done {
		now := s.now(ctx).Truncate(time.Microsecond)
		m.CompletedAt = &now
	}
	var created Milestone
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sp, err := s.store.Suspension(ctx, suspensionID, cases.ScopeFrom(ctx), true)
		if err != nil {
			return err
		}
		if err := s.validateMilestone(ctx, m); err != nil {
			return err
		}
		existing, err := s.store.Milestones(ctx, []uuid.UUID{suspensionID})
		if err != nil {
			return err
		}
		if len(existing[suspensionID]) >= MaxMilestonesPerSuspension {
			return apperr.New(apperr.Conflict, fmt.Sprintf("the plan already holds %d milestones, the most one plan may: combine some steps", len(existing[suspensionID])))
		}
		m.Position = len(existing[suspensionID]) + 1
		if err := s.store.CreateMilestone(ctx, m); err != nil {
			return err
		}
		if created, err = s.store.Milestone(ctx, m.ID); err != nil {
			return err
		}
		return s.recordMilestone(ctx, "milestone.create", sp, created, milestoneChanges(Milestone{}, created))
	})
	return created, err
}

// UpdateMilestone applies a partial change if version is current. Moving to
// done stamps completed_at; moving back from done clears it.
func (s *Service) UpdateMilestone(ctx context.Context, id uuid.UUID, version int64, p MilestonePatch) (Milestone, error) {
	var updated Milestone
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Milestone(ctx, id)
		if err != nil {
			return err
		}
		sp, err := s.store.Suspension(ctx, old.SuspensionID, cases.ScopeFrom(ctx), true)
		if apperr.Is(err, apperr.NotFound) {
			// Answer as for a milestone that does not exist: a caller who may
			// not see the case learns nothing, not even that the id is real.
			return apperr.NotFoundf("milestone not found")
		}
		if err != nil {
			return err
		}
		next := old
		if p.Title != nil {
			next.Title = strings.TrimSpace(*p.Title)
		}
		if p.OwnerID.Set {
			next.OwnerID = p.OwnerID.Value
		}
		if p.DueAt.Set {
			next.DueAt = p.DueAt.Value
		}
		if p.Status != nil {
			next.Status = *p.Status
		}
		switch {
		case next.Status == Done && old.Status != Done:
			now := s.now(ctx).Truncate(time.Microsecond)
			next.CompletedAt = &now
		case next.Status != Done:
			next.CompletedAt = nil
		}
		if err := planClosed(sp, old.DueAt, next.DueAt, "milestone due dates"); err != nil {
			return err
		}
		rp, bad := planChange(old.DueAt, next.DueAt, &next.BaselineDueAt, p.ReplanReason)
		if err := s.validateMilestone(ctx, next, bad...); err != nil {
			return err
		}
		if updated, err = s.store.UpdateMilestone(ctx, next, version); err != nil {
			return err
		}
		changes := milestoneChanges(old, next)
		if rp == nil {
			return s.recordMilestone(ctx, "milestone.update", sp, next, changes)
		}
		rp.SuspensionID, rp.MilestoneID, rp.Kind = sp.ID, &next.ID, MilestoneReplan
		if err := s.saveReplan(ctx, rp, changes); err != nil {
			return err
		}
		return s.recordMilestone(ctx, "milestone.replan", sp, next, changes)
	})
	return updated, err
}

// Reorder sets the order of a suspension's milestones; ids must name each of
// them exactly once.
func (s *Service) Reorder(ctx context.Context, suspensionID uuid.UUID, ids []uuid.UUID) ([]Milestone, error) {
	var out []Milestone
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sp, err := s.store.Suspension(ctx, suspensionID, cases.ScopeFrom(ctx), true)
		if err != nil {
			return err
		}
		existing, err := s.store.Milestones(ctx, []uuid.UUID{suspensionID})
		if err != nil {
			return err
		}
		have := make([]uuid.UUID, 0, len(existing[suspensionID]))
		for _, m := range existing[suspensionID] {
			have = append(have, m.ID)
		}
		want := slices.Clone(ids)
		slices.SortFunc(have, compareUUID)
		slices.SortFunc(want, compareUUID)
		if !slices.Equal(have, want) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "milestone_ids", Message: "must list every milestone of the suspension exactly once"}}, "bad order")
		}
		if err := s.store.SetMilestonePositions(ctx, suspensionID, ids); err != nil {
			return err
		}
		order := make([]string, len(ids))
		for i, id := range ids {
			order[i] = id.String()
		}
		if err := s.record(ctx, "milestone.reorder", sp, audit.Changes{"order": {nil, strings.Join(order, ",")}}); err != nil {
			return err
		}
		ms, err := s.store.Milestones(ctx, []uuid.UUID{suspensionID})
		out = ms[suspensionID]
		return err
	})
	return out, err
}

func compareUUID(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) }

func (s *Service) validateMilestone(ctx context.Context, m Milestone, f ...apperr.FieldError) error {
	if m.Title == "" || utf8.RuneCountInString(m.Title) > 300 {
		f = append(f, apperr.FieldError{Field: "title", Message: "is required (at most 300 characters)"})
	}
	if !slices.Contains(MilestoneStatuses, m.Status) {
		f = append(f, apperr.FieldError{Field: "status", Message: "must be planned, in_progress, done or blocked"})
	}
	if m.OwnerID != nil {
		ok, err := s.store.Assignable(ctx, []uuid.UUID{*m.OwnerID}, false)
		if err != nil {
			return err
		}
		if !ok[*m.OwnerID] {
			f = append(f, apperr.FieldError{Field: "owner_id", Message: "must be an enabled user"})
		}
	}
	if len(f) > 0 {
		return apperr.Invalidf(f, "the milestone is not valid")
	}
	return nil
}

func (s *Service) recordMilestone(ctx context.Context, action string, sp Suspension, m Milestone, changes audit.Changes) error {
	changes["suspension_id"] = [2]any{nil, sp.ID.String()}
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "milestone", EntityID: m.ID.String(), CaseID: sp.CaseID.String(), Changes: changes})
}

func milestoneChanges(old, next Milestone) audit.Changes {
	fields := func(m Milestone) map[string]any {
		if m.ID == uuid.Nil {
			return map[string]any{}
		}
		owner := any(nil)
		if m.OwnerID != nil {
			owner = m.OwnerID.String()
		}
		return map[string]any{"title": m.Title, "owner_id": owner, "due_at": audit.TimeValue(m.DueAt), "baseline_due_at": audit.TimeValue(m.BaselineDueAt),
			"completed_at": audit.TimeValue(m.CompletedAt), "status": string(m.Status)}
	}
	return audit.Diff(fields(old), fields(next))
}
