package restoration

import (
	"testing"
	"time"
)

func TestDeriveProgress(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	s := Suspension{Status: Active, SuspendedAt: now.Add(-10*day - time.Hour), ExpectedRestorationAt: at(11 * day)}
	ms := []Milestone{
		{Title: "Security review", Status: Done, Position: 1, DueAt: at(-5 * day)},
		{Title: "Supplier fix", Status: InProgress, Position: 2, DueAt: at(-1 * day)},
		{Title: "Penetration test", Status: Planned, Position: 3, DueAt: at(7 * day)},
		{Title: "Service restored", Status: Planned, Position: 4},
	}
	p := Derive(s, ms, now)
	if p.DaysSuspended != 10 || p.MilestonesDone != 1 || p.MilestonesTotal != 4 || p.OverdueMilestones != 1 {
		t.Fatalf("progress %+v", p)
	}
	if p.NextMilestone == nil || p.NextMilestone.Title != "Supplier fix" {
		t.Fatalf("next milestone %+v", p.NextMilestone)
	}
	// The supplier fix (4 days long) is a day overdue: it ends 4 days from
	// now, 5 days late, and the pen test shifts by as much, past the promise.
	if !p.ProjectedRestorationAt.Equal(now.Add(12*day)) || !p.Slipping || p.PlanStatus != Slipping {
		t.Fatalf("projection %v slipping %v status %s, want 12 days out and slipping", p.ProjectedRestorationAt, p.Slipping, p.PlanStatus)
	}

	ms[2].DueAt = at(14 * day) // the pen test moves further out
	p = Derive(s, ms, now)
	if !p.ProjectedRestorationAt.Equal(now.Add(19*day)) || !p.Slipping {
		t.Fatalf("projection %v slipping %v, want 19 days out and slipping", p.ProjectedRestorationAt, p.Slipping)
	}

	late := s
	late.ExpectedRestorationAt = at(-day) // promised yesterday, still down
	if p := Derive(late, nil, now); !p.Slipping || !p.ProjectedRestorationAt.Equal(now) {
		t.Fatalf("a missed promise is slipping: %+v", p)
	}

	restored := s
	restored.Status, restored.RestoredAt = Restored, at(-day)
	p = Derive(restored, ms, now)
	if p.Downtime == nil || *p.Downtime != 9*day+time.Hour || p.Slipping || p.OverdueMilestones != 0 || p.DaysSuspended != 9 {
		t.Fatalf("restored: %+v", p)
	}
}
