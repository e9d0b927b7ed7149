package restoration

import (
	"testing"
	"time"
)

func TestPlanStatusAndProjection(t *testing.T) {
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	down := func(expected *time.Time) Suspension {
		return Suspension{Status: Active, SuspendedAt: now.Add(-17 * day), ExpectedRestorationAt: expected}
	}
	ms := func(steps ...Milestone) []Milestone {
		for i := range steps {
			steps[i].Position = i + 1
			if steps[i].Status == "" {
				steps[i].Status = Planned
			}
		}
		return steps
	}
	due := func(d time.Duration, st MilestoneStatus) Milestone { return Milestone{DueAt: at(d), Status: st} }
	restored, cancelled := down(at(4*day)), down(at(4*day))
	restored.Status, restored.RestoredAt = Restored, at(-day)
	cancelled.Status = Cancelled

	tests := []struct {
		name       string
		s          Suspension
		ms         []Milestone
		status     PlanStatus
		projection *time.Time
		slipping   bool
	}{
		{"on track: every step due before the promise", down(at(11 * day)), ms(due(2*day, ""), due(9*day, "")), OnTrack, at(11 * day), false},
		{"no plan: still down without an expected date", down(nil), ms(due(2*day, "")), NoPlan, at(2 * day), false},
		{"no plan: an expected date but no step", down(at(11 * day)), nil, NoPlan, at(11 * day), false},
		{"no plan: every step done", down(at(11 * day)), ms(due(-2*day, Done)), NoPlan, at(11 * day), false},
		// Due a day ago, 16 days after the start: projected at now + 16 days,
		// past the promise of 11.
		{"slipping: an overdue step's own duration overruns the promise", down(at(11 * day)), ms(due(-day, InProgress)), Slipping, at(16 * day), true},
		// The first step (due 2 days ago, 15 days long) ends in 15 days, still
		// inside the promise of 20: at risk, not on track.
		{"at risk: overdue, projection still within the promise", down(at(20 * day)), ms(due(-2*day, Blocked)), AtRisk, at(20 * day), false},
		// The worked example of docs/restoration.md: suspended 1 Nov, promised
		// 22 Nov; the review (due 8 Nov) is done, the supplier fix (due 15 Nov,
		// 7 days long) is 3 days overdue on 18 Nov: projected 25 Nov, 10 days
		// late, so the pen test due 20 Nov shifts to 30 Nov.
		{"slipping: later steps shift by an overdue step's delay", down(at(4 * day)),
			ms(due(-10*day, Done), due(-3*day, InProgress), due(2*day, "")), Slipping, at(12 * day), true},
		{"slipping: the promise has passed", down(at(-day)), ms(due(3*day, "")), Slipping, at(3 * day), true},
		{"slipping: the promise has passed and nothing is open", down(at(-day)), nil, Slipping, &now, true},
		// Two steps due at the same moment: the second takes at least a day.
		{"a step takes at least a day", down(at(30 * day)), ms(due(-day, ""), due(-day, "")), AtRisk, at(30 * day), false},
		{"restored", restored, ms(due(-3*day, InProgress)), Recovered, restored.RestoredAt, false},
		{"cancelled", cancelled, ms(due(-3*day, InProgress)), Withdrawn, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Derive(tc.s, tc.ms, now)
			if p.PlanStatus != tc.status || p.Slipping != tc.slipping {
				t.Errorf("status %s slipping %v, want %s %v", p.PlanStatus, p.Slipping, tc.status, tc.slipping)
			}
			if (p.ProjectedRestorationAt == nil) != (tc.projection == nil) ||
				(tc.projection != nil && !p.ProjectedRestorationAt.Equal(*tc.projection)) {
				t.Errorf("projection %v, want %v", p.ProjectedRestorationAt, tc.projection)
			}
		})
	}
}

func TestProjectionShiftsAndKeepsTheMinimumStep(t *testing.T) {
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	s := Suspension{Status: Active, SuspendedAt: now.Add(-10 * day)}
	// Both overdue; the second was due an hour after the first, so it is
	// given a day: now + 10 days (first) then + 1 day.
	got := Project(s, []Milestone{
		{Position: 1, Status: Planned, DueAt: at(-2 * day)},
		{Position: 2, Status: Planned, DueAt: at(-2*day + time.Hour)},
	}, now)
	// The first: 8 days long, so it ends at now + 8 days, 10 days late. The
	// second, due an hour after it, is given a day but shifts by those 10 days
	// (to now + 8 days and an hour), which is later than a day from now.
	if got == nil || !got.Equal(now.Add(8*day+time.Hour)) {
		t.Fatalf("projection %v", got)
	}
	if Project(Suspension{Status: Active, SuspendedAt: now.Add(-day)}, nil, now) != nil {
		t.Fatal("a projection with no date to go on")
	}
}
