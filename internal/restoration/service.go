package restoration

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
)

// Store is what restoration needs from the database. Suspensions are visible
// through their case: the case's need-to-know scope applies.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error)
	Service(ctx context.Context, id uuid.UUID) (directory.Service, error)
	Assignable(ctx context.Context, ids []uuid.UUID, ownersOnly bool) (map[uuid.UUID]bool, error)

	CreateSuspension(ctx context.Context, s Suspension) error
	Suspension(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (Suspension, error)
	CaseSuspensions(ctx context.Context, v cases.Visible) ([]Suspension, error)
	// UpdateSuspension stores s if its version is still version.
	UpdateSuspension(ctx context.Context, s Suspension, version int64) (Suspension, error)

	CreateMilestone(ctx context.Context, m Milestone) error
	Milestone(ctx context.Context, id uuid.UUID) (Milestone, error)
	// Milestones returns the milestones of every suspension named, by position,
	// in one query.
	Milestones(ctx context.Context, suspensionIDs []uuid.UUID) (map[uuid.UUID][]Milestone, error)
	UpdateMilestone(ctx context.Context, m Milestone, version int64) (Milestone, error)
	SetMilestonePositions(ctx context.Context, suspensionID uuid.UUID, ids []uuid.UUID) error

	Dashboard(ctx context.Context, q DashboardQuery) ([]DashboardRow, error)

	// ServiceInfo returns a service with its department's name.
	ServiceInfo(ctx context.Context, id uuid.UUID) (ServiceInfo, error)
	// ServiceDowntime returns every suspension of the service, whatever case
	// it belongs to, with at least its status and times set.
	ServiceDowntime(ctx context.Context, serviceID uuid.UUID) ([]Suspension, error)
	// ServiceSuspensions returns the newest suspensions of the service whose
	// case is within scope, at most limit, with how many there are within
	// scope in all, in one query.
	ServiceSuspensions(ctx context.Context, serviceID uuid.UUID, scope cases.Scope, limit int) ([]HistoryRow, int, error)

	CreateReplan(ctx context.Context, r Replan) error
	// Replans returns a suspension's re-plans (its own and its milestones'),
	// oldest first, after the re-plan afterID, at most limit of them.
	Replans(ctx context.Context, suspensionID, afterID uuid.UUID, limit int) ([]Replan, error)

	CreateUpdate(ctx context.Context, u Update) error
	// SuspensionUpdate returns one update with its author's name (its
	// suspension decides who may see it).
	SuspensionUpdate(ctx context.Context, id uuid.UUID) (Update, error)
	CountUpdates(ctx context.Context, suspensionID uuid.UUID) (int, error)
	// Updates returns a suspension's updates newest first, before the update
	// beforeID (all when nil), at most limit of them.
	Updates(ctx context.Context, suspensionID, beforeID uuid.UUID, limit int) ([]Update, error)
	// LatestUpdates returns the newest update of each suspension named that
	// has one, in one query.
	LatestUpdates(ctx context.Context, suspensionIDs []uuid.UUID) (map[uuid.UUID]Update, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the restoration use cases.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// Now is the service's clock, for deriving progress in responses.
func (s *Service) Now() time.Time { return s.now(context.Background()) }

// Suspend takes a service offline within an open case. A service with an active
// suspension already is a 409.
func (s *Service) Suspend(ctx context.Context, in Suspension) (Suspension, error) {
	now := s.now(ctx)
	in.ID = uuid.Must(uuid.NewV7())
	in.RecordedByID = identity.From(ctx).UserID
	in.Status = Active
	in.Reason, in.DecidedBy = strings.TrimSpace(in.Reason), strings.TrimSpace(in.DecidedBy)
	in.Impact, in.Workaround = strings.TrimSpace(in.Impact), strings.TrimSpace(in.Workaround)
	if in.SuspendedAt.IsZero() {
		in.SuspendedAt = now
	}
	in.BaselineRestorationAt = in.ExpectedRestorationAt
	if err := validateSuspension(in, now, promiseAhead(nil, in.ExpectedRestorationAt, in.SuspendedAt, now)...); err != nil {
		return Suspension{}, err
	}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, in.CaseID, true)
		if err != nil {
			return err
		}
		if v.Case().Status == cases.Closed {
			return apperr.New(apperr.Conflict, "the case is closed: reopen it before suspending a service")
		}
		held, err := s.store.CaseSuspensions(ctx, v)
		if err != nil {
			return err
		}
		if len(held) >= MaxSuspensionsPerCase {
			return apperr.New(apperr.Conflict, fmt.Sprintf("the case already holds %d suspensions, the most one case may: record further ones in a related case", len(held)))
		}
		if _, err := s.store.Service(ctx, in.ServiceID); apperr.Is(err, apperr.NotFound) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "service_id", Message: "no such service"}}, "unknown service")
		} else if err != nil {
			return fmt.Errorf("look up service: %w", err)
		}
		if err := s.store.CreateSuspension(ctx, in); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "this service is already suspended: restore or cancel that suspension first")
			}
			return err
		}
		return s.record(ctx, "suspension.create", in, suspensionChanges(Suspension{}, in))
	})
	if err != nil {
		return Suspension{}, err
	}
	return s.store.Suspension(ctx, in.ID, cases.Scope{All: true}, false)
}

func (s *Service) record(ctx context.Context, action string, sp Suspension, changes audit.Changes) error {
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "suspension", EntityID: sp.ID.String(), CaseID: sp.CaseID.String(), Changes: changes})
}

// Get returns a suspension the caller may see, with its milestones.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Suspension, []Milestone, error) {
	sp, err := s.store.Suspension(ctx, id, cases.ScopeFrom(ctx), false)
	if err != nil {
		return Suspension{}, nil, err
	}
	ms, err := s.store.Milestones(ctx, []uuid.UUID{id})
	return sp, ms[id], err
}

// ForCase returns a case's suspensions with their milestones.
func (s *Service) ForCase(ctx context.Context, caseID uuid.UUID) ([]Suspension, map[uuid.UUID][]Milestone, error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, nil, err
	}
	list, err := s.store.CaseSuspensions(ctx, v)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uuid.UUID, len(list))
	for i, sp := range list {
		ids[i] = sp.ID
	}
	ms, err := s.store.Milestones(ctx, ids)
	return list, ms, err
}

// SuspensionPatch is a partial change; unset fields stay as they are.
type SuspensionPatch struct {
	Reason                *string
	DecidedBy             *string
	SuspendedAt           *time.Time
	ExpectedRestorationAt cases.Optional[time.Time]
	AffectedUsersEstimate cases.Optional[int64]
	Impact                *string
	Workaround            *string
	// ReplanReason is required when ExpectedRestorationAt moves a date that
	// already has a baseline.
	ReplanReason *string
}

// Update applies a partial change if version is current; the status changes only
// through Restore and Cancel.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, p SuspensionPatch) (Suspension, error) {
	var updated Suspension
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Suspension(ctx, id, cases.ScopeFrom(ctx), true)
		if err != nil {
			return err
		}
		next := old
		setTrimmed(&next.Reason, p.Reason)
		setTrimmed(&next.DecidedBy, p.DecidedBy)
		setTrimmed(&next.Impact, p.Impact)
		setTrimmed(&next.Workaround, p.Workaround)
		if p.SuspendedAt != nil {
			next.SuspendedAt = *p.SuspendedAt
		}
		if p.ExpectedRestorationAt.Set {
			next.ExpectedRestorationAt = p.ExpectedRestorationAt.Value
		}
		if p.AffectedUsersEstimate.Set {
			next.AffectedUsersEstimate = p.AffectedUsersEstimate.Value
		}
		if err := planClosed(old, old.ExpectedRestorationAt, next.ExpectedRestorationAt, "expected restoration date"); err != nil {
			return err
		}
		now := s.now(ctx)
		rp, bad := planChange(old.ExpectedRestorationAt, next.ExpectedRestorationAt, &next.BaselineRestorationAt, p.ReplanReason)
		bad = append(bad, promiseAhead(old.ExpectedRestorationAt, next.ExpectedRestorationAt, next.SuspendedAt, now)...)
		if err := validateSuspension(next, now, bad...); err != nil {
			return err
		}
		if updated, err = s.store.UpdateSuspension(ctx, next, version); err != nil {
			return err
		}
		changes := suspensionChanges(old, next)
		if rp == nil {
			return s.record(ctx, "suspension.update", next, changes)
		}
		rp.SuspensionID, rp.Kind = next.ID, SuspensionReplan
		if err := s.saveReplan(ctx, rp, changes); err != nil {
			return err
		}
		updated.ReplanCount++
		return s.record(ctx, "suspension.replan", next, changes)
	})
	return updated, err
}

// OpenMilestones says what a restore does with milestones still open.
type OpenMilestones string

// The choices for open milestones on restore.
const (
	RefuseOpen   OpenMilestones = ""         // a plan with open milestones is a 409
	CompleteOpen OpenMilestones = "complete" // each becomes done at the restoration time
	CancelOpen   OpenMilestones = "cancel"   // each becomes cancelled
)

// OpenMilestonesRefused is why a restore was refused: the plan still has
// open milestones and the request did not say what to do with them.
type OpenMilestonesRefused struct {
	Open []Milestone
}

func (e *OpenMilestonesRefused) Error() string {
	return fmt.Sprintf("open milestones: %d", len(e.Open))
}

// Restore brings a suspended service back at restoredAt (now when zero).
// Open milestones are closed as open says, in the same transaction, each
// change audited; without a choice they make the restore a 409 that lists
// them, so a plan is never frozen half done.
func (s *Service) Restore(ctx context.Context, id uuid.UUID, restoredAt time.Time, note string, open OpenMilestones) (Suspension, error) {
	now := s.now(ctx)
	if restoredAt.IsZero() {
		restoredAt = now
	}
	return s.end(ctx, id, Restored, "suspension.restore", note, func(ctx context.Context, sp *Suspension) error {
		if restoredAt.Before(sp.SuspendedAt) || restoredAt.After(now.Add(cases.ClockSkew)) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "restored_at", Message: "must lie between the start of the suspension and now"}}, "bad restoration time")
		}
		sp.RestoredAt = &restoredAt
		return s.closeOpenMilestones(ctx, *sp, open)
	})
}

// closeOpenMilestones applies the restore's choice to sp's open milestones.
func (s *Service) closeOpenMilestones(ctx context.Context, sp Suspension, choice OpenMilestones) error {
	all, err := s.store.Milestones(ctx, []uuid.UUID{sp.ID})
	if err != nil {
		return err
	}
	var open []Milestone
	for _, m := range all[sp.ID] {
		if !m.Closed() {
			open = append(open, m)
		}
	}
	if len(open) == 0 {
		return nil
	}
	if choice == RefuseOpen {
		what := fmt.Sprintf("%d milestones are", len(open))
		if len(open) == 1 {
			what = "1 milestone is"
		}
		return apperr.Wrap(apperr.Conflict,
			what+" still open: say whether to mark them done (open_milestones: complete) or cancel them (open_milestones: cancel)",
			&OpenMilestonesRefused{Open: open})
	}
	for _, old := range open {
		next := old
		if choice == CompleteOpen {
			next.Status, next.CompletedAt = Done, sp.RestoredAt
		} else {
			next.Status, next.CompletedAt = MilestoneCancelled, nil
		}
		if _, err := s.store.UpdateMilestone(ctx, next, old.Version); err != nil {
			return fmt.Errorf("close milestone %s on restore: %w", old.ID, err)
		}
		changes := milestoneChanges(old, next)
		changes["note"] = [2]any{nil, "closed on restore: open_milestones " + string(choice)}
		if err := s.recordMilestone(ctx, "milestone.update", sp, next, changes); err != nil {
			return err
		}
	}
	return nil
}

// Cancel withdraws a suspension that should not stand (recorded in error, or
// the decision was reversed before the take-down).
func (s *Service) Cancel(ctx context.Context, id uuid.UUID, note string) (Suspension, error) {
	return s.end(ctx, id, Cancelled, "suspension.cancel", note, func(context.Context, *Suspension) error { return nil })
}

func (s *Service) end(ctx context.Context, id uuid.UUID, to SuspensionStatus, action, note string, change func(context.Context, *Suspension) error) (Suspension, error) {
	var updated Suspension
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Suspension(ctx, id, cases.ScopeFrom(ctx), true)
		if err != nil {
			return err
		}
		if old.Status != Active {
			return apperr.New(apperr.Conflict, "the suspension is already "+string(old.Status))
		}
		next := old
		next.Status = to
		if err := change(ctx, &next); err != nil {
			return err
		}
		if updated, err = s.store.UpdateSuspension(ctx, next, old.Version); err != nil {
			return err
		}
		changes := suspensionChanges(old, next)
		if note = strings.TrimSpace(note); note != "" {
			changes["note"] = [2]any{nil, note}
		}
		return s.record(ctx, action, next, changes)
	})
	return updated, err
}

func setTrimmed(dst *string, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}

func validateSuspension(s Suspension, now time.Time, f ...apperr.FieldError) error {
	if f = append(f, suspensionErrors(s, now)...); len(f) > 0 {
		return apperr.Invalidf(f, "the suspension is not valid")
	}
	return nil
}

// suspensionErrors names every field of s that breaks a rule.
func suspensionErrors(s Suspension, now time.Time) []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, msg string) { f = append(f, apperr.FieldError{Field: field, Message: msg}) }
	if s.Reason == "" || utf8.RuneCountInString(s.Reason) > 5000 {
		add("reason", "is required (at most 5000 characters)")
	}
	if s.DecidedBy == "" || utf8.RuneCountInString(s.DecidedBy) > 300 {
		add("decided_by", "is required: who took the decision (at most 300 characters)")
	}
	if s.SuspendedAt.After(now.Add(cases.ClockSkew)) {
		add("suspended_at", "is in the future")
	}
	if s.ExpectedRestorationAt != nil && s.ExpectedRestorationAt.Before(s.SuspendedAt) {
		add("expected_restoration_at", "cannot be before the suspension began")
	}
	if s.AffectedUsersEstimate != nil && *s.AffectedUsersEstimate < 0 {
		add("affected_users_estimate", "cannot be negative")
	}
	f = apperr.MaxLength(f, "impact", s.Impact, 5000)
	return apperr.MaxLength(f, "workaround", s.Workaround, 5000)
}

func suspensionChanges(old, next Suspension) audit.Changes {
	tm, num, str := audit.TimeValue, audit.IntValue, audit.TextValue
	fields := func(s Suspension) map[string]any {
		if s.ID == uuid.Nil {
			return map[string]any{}
		}
		return map[string]any{
			"service_id": s.ServiceID.String(), "reason": str(s.Reason), "decided_by": str(s.DecidedBy),
			"suspended_at": tm(&s.SuspendedAt), "expected_restoration_at": tm(s.ExpectedRestorationAt), "baseline_restoration_at": tm(s.BaselineRestorationAt),
			"restored_at": tm(s.RestoredAt), "affected_users_estimate": num(s.AffectedUsersEstimate),
			"impact": str(s.Impact), "workaround": str(s.Workaround), "status": string(s.Status),
		}
	}
	return audit.Diff(fields(old), fields(next))
}
