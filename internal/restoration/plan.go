package restoration

import (
	"slices"
	"time"
)

// PlanStatus is how a suspension's plan stands, worded so that it never
// flatters: a plan without dates or steps is no plan, not on track.
type PlanStatus string

// The plan statuses.
const (
	NoPlan    PlanStatus = "no_plan"   // down with no expected date, or no open milestone
	OnTrack   PlanStatus = "on_track"  // nothing overdue, projection on or before the expected date
	AtRisk    PlanStatus = "at_risk"   // an open milestone overdue, projection still on or before the expected date
	Slipping  PlanStatus = "slipping"  // projection after the expected date, or the expected date passed
	Recovered PlanStatus = "restored"  // the service is back
	Withdrawn PlanStatus = "cancelled" // the suspension was withdrawn
)

// MinStepDuration is the shortest time a milestone is assumed to take.
const MinStepDuration = 24 * time.Hour

// Project returns when a suspended service can honestly be expected back, or
// nil without any date to go on. Milestones are taken in plan order; each
// with a due date has a planned duration: its due date minus the previous
// dated milestone's (or, for the first, minus suspended_at), at least a day.
// An open milestone already overdue is projected to finish at now plus its
// planned duration, and every later open milestone shifts by the same delay
// (delays only add up). The projection is the last projected finish, or the
// expected date if that is later, and never earlier than now: the service
// cannot come back in the past.
func Project(s Suspension, milestones []Milestone, now time.Time) *time.Time {
	plan := slices.Clone(milestones)
	slices.SortStableFunc(plan, func(a, b Milestone) int { return a.Position - b.Position })
	var last *time.Time
	prev := s.SuspendedAt
	var delay time.Duration
	for _, m := range plan {
		if m.DueAt == nil {
			continue
		}
		due := *m.DueAt
		step := max(due.Sub(prev), MinStepDuration)
		prev = due
		if m.Closed() {
			continue
		}
		finish := due.Add(delay)
		if due.Before(now) && now.Add(step).After(finish) {
			finish = now.Add(step)
			delay = finish.Sub(due)
		}
		if last == nil || finish.After(*last) {
			last = &finish
		}
	}
	if e := s.ExpectedRestorationAt; e != nil && (last == nil || e.After(*last)) {
		last = e
	}
	if last != nil && last.Before(now) {
		last = &now
	}
	return last
}

// planStatus words p for s; see PlanStatus. A passed or overtaken expected
// date is slipping even without open milestones: that is the least
// flattering true answer.
func planStatus(s Suspension, p Progress, now time.Time) PlanStatus {
	switch s.Status {
	case Restored:
		return Recovered
	case Cancelled:
		return Withdrawn
	}
	e := s.ExpectedRestorationAt
	if e != nil && (e.Before(now) || p.Slipping) {
		return Slipping
	}
	if e == nil || p.MilestonesDone == p.MilestonesTotal {
		return NoPlan
	}
	if p.OverdueMilestones > 0 {
		return AtRisk
	}
	return OnTrack
}
