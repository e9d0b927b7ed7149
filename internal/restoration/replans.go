package restoration

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// planChange decides what a change of a promised date from old to next is.
// The first date set becomes the baseline; any later change is a re-plan that
// needs a reason (returned as a field error on replan_reason when missing).
// It returns the re-plan to keep, or nil when the change is none or the
// baseline being set.
func planChange(old, next *time.Time, baseline **time.Time, reason *string) (*Replan, []apperr.FieldError) {
	if sameTime(old, next) {
		return nil, nil
	}
	if *baseline == nil {
		*baseline = next
		return nil, nil
	}
	why := ""
	if reason != nil {
		why = strings.TrimSpace(*reason)
	}
	if why == "" || utf8.RuneCountInString(why) > MaxReplanReason {
		return nil, []apperr.FieldError{{Field: "replan_reason", Message: "is required when a promised date moves: say why (at most 1000 characters)"}}
	}
	return &Replan{From: old, To: next, Reason: why}, nil
}

// promiseAhead refuses a newly promised restoration date that has already
// passed: a promise is about what is still to come, and one made in the past
// would start the plan as broken (or, as a re-plan, rewrite what was promised).
// An unchanged date is not a new promise; one before suspendedAt is refused
// by validateSuspension, with its own reason.
func promiseAhead(old, next *time.Time, suspendedAt, now time.Time) []apperr.FieldError {
	if next == nil || sameTime(old, next) || next.Before(suspendedAt) || !next.Before(now.Add(-cases.ClockSkew)) {
		return nil
	}
	return []apperr.FieldError{{Field: "expected_restoration_at", Message: "is in the past: a promised restoration date must lie ahead"}}
}

// planClosed refuses moving a promised date (what) of a suspension that has
// ended: once restored or cancelled there is nothing left to plan, and a
// moved date would rewrite the record of the promise.
func planClosed(sp Suspension, old, next *time.Time, what string) error {
	if sp.Status == Active || sameTime(old, next) {
		return nil
	}
	return apperr.New(apperr.Conflict, fmt.Sprintf("the suspension is %s: its %s can no longer move", sp.Status, what))
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// saveReplan stores rp, by the caller and now, and adds it to the audit
// changes of the event that records the move.
func (s *Service) saveReplan(ctx context.Context, rp *Replan, changes audit.Changes) error {
	rp.ID, rp.ByID, rp.At = uuid.Must(uuid.NewV7()), identity.From(ctx).UserID, s.now(ctx)
	if err := s.store.CreateReplan(ctx, *rp); err != nil {
		return err
	}
	changes["replan_id"] = [2]any{nil, rp.ID.String()}
	changes["replan_reason"] = [2]any{nil, audit.TextValue(rp.Reason)}
	return nil
}

// Replans returns one page of a suspension's re-plans, oldest first, if the
// caller may see the suspension.
func (s *Service) Replans(ctx context.Context, suspensionID, after uuid.UUID, limit int) ([]Replan, bool, error) {
	if _, err := s.store.Suspension(ctx, suspensionID, cases.ScopeFrom(ctx), false); err != nil {
		return nil, false, err
	}
	return page.Read(limit, func(n int) ([]Replan, error) { return s.store.Replans(ctx, suspensionID, after, n) })
}
