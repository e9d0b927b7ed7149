package cases

import (
	"slices"
	"testing"
	"time"
)

func TestWorkflowMoves(t *testing.T) {
	want := map[Status][]Status{
		Reported:      {Triage, Closed},
		Triage:        {Investigating, Closed},
		Investigating: {Contained, Closed},
		Contained:     {Recovering, Closed},
		Recovering:    {Closed},
		Closed:        {Investigating},
	}
	for from, to := range want {
		if got := Moves(from); !slices.Equal(got, to) {
			t.Errorf("Moves(%s) = %v, want %v", from, got, to)
		}
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if CanMove(from, to) != slices.Contains(want[from], to) {
				t.Errorf("CanMove(%s, %s) disagrees with Moves", from, to)
			}
		}
	}
}

func TestClosingConditions(t *testing.T) {
	aware := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	notified := aware.Add(time.Hour)
	base := Case{BreachStatus: BreachRuledOut, AwareAt: aware}
	cases := []struct {
		name  string
		c     Case
		unmet int
	}{
		{"nothing missing", base, 0},
		{"breach still suspected", Case{BreachStatus: BreachSuspected}, 1},
		{"service still suspended", withActive(base, 1), 1},
		{"personal data, nothing recorded", Case{BreachStatus: BreachConfirmed, PersonalDataInvolved: true, AwareAt: aware}, 1},
		{"personal data, notified", Case{BreachStatus: BreachConfirmed, PersonalDataInvolved: true, AwareAt: aware, RegulatorNotifiedAt: &notified}, 0},
		{"personal data, decided not to", Case{BreachStatus: BreachConfirmed, PersonalDataInvolved: true, AwareAt: aware, RegulatorDecisionRationale: "low risk"}, 0},
		{"everything missing", Case{BreachStatus: BreachSuspected, PersonalDataInvolved: true, ActiveSuspensions: 2}, 3},
	}
	for _, c := range cases {
		if got := UnmetClosingConditions(c.c); len(got) != c.unmet {
			t.Errorf("%s: %d unmet (%v), want %d", c.name, len(got), got, c.unmet)
		}
	}
}

func TestRegulatorStatusFollowsTheClock(t *testing.T) {
	aware := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	due := aware.Add(72 * time.Hour)
	c := Case{PersonalDataInvolved: true, AwareAt: aware}
	for _, tc := range []struct {
		now  time.Time
		want RegulatorStatus
	}{
		{aware, RegulatorDue},
		{due.Add(-time.Second), RegulatorDue},
		{due, RegulatorOverdue},
	} {
		if got := c.RegulatorStatusAt(tc.now); got != tc.want {
			t.Errorf("at %v: %s, want %s", tc.now, got, tc.want)
		}
	}
	late := due.Add(time.Hour)
	c.RegulatorNotifiedAt = &late
	if c.RegulatorStatusAt(late) != RegulatorNotified || !c.NotifiedLate() {
		t.Error("a late notification is notified, and late")
	}
	if (Case{AwareAt: aware}).RegulatorStatusAt(due) != RegulatorNotRequired {
		t.Error("without personal data no notification is required")
	}
}

func withActive(c Case, n int) Case {
	c.ActiveSuspensions = n
	return c
}
