package figures

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/restoration"
)

func TestPhasesOfMergesEachServicesSuspensionsAndCountsRunningOnesToNow(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	h := time.Hour
	ledger, payroll := uuid.New(), uuid.New()
	restored := func(svc uuid.UUID, from, to time.Duration) restoration.Suspension {
		end := t0.Add(to)
		return restoration.Suspension{ServiceID: svc, SuspendedAt: t0.Add(from), RestoredAt: &end, Status: restoration.Restored}
	}
	susp := []restoration.Suspension{
		restored(ledger, 0, 10*h), restored(ledger, 5*h, 12*h), restored(ledger, 20*h, 21*h), // 12 h + 1 h, the overlap once
		{ServiceID: payroll, SuspendedAt: t0.Add(30 * h), Status: restoration.Active}, // up to now: 18 h
		{ServiceID: payroll, SuspendedAt: t0, Status: restoration.Cancelled},          // nothing
	}
	contained := t0.Add(3 * h)
	c := cases.Case{DetectedAt: t0, AwareAt: t0.Add(h)}
	p := PhasesOf(c, &contained, nil, susp, map[uuid.UUID]string{ledger: "Ledger", payroll: "Payroll"}, t0.Add(48*h))
	if p.ToAwareness != h || p.ToContainment == nil || *p.ToContainment != 3*h || p.ToClosure != nil {
		t.Fatalf("phases: %+v", p)
	}
	want := []ServiceDowntime{{ledger, "Ledger", 13 * h, false}, {payroll, "Payroll", 18 * h, true}}
	if len(p.Downtime) != 2 || p.Downtime[0] != want[0] || p.Downtime[1] != want[1] {
		t.Fatalf("downtime: %+v, want %+v", p.Downtime, want)
	}
}

func TestStampForContainsPastContainedAndClosesOnlyOnClosing(t *testing.T) {
	for to, want := range map[cases.Status][2]bool{
		cases.Triage: {false, false}, cases.Investigating: {false, false}, cases.Contained: {true, false},
		cases.Recovering: {true, false}, cases.Closed: {true, true},
	} {
		s := cases.StampFor(to, time.Now())
		if s.Contains != want[0] || s.Closes != want[1] {
			t.Errorf("%s: %+v, want contains %v, closes %v", to, s, want[0], want[1])
		}
	}
}

func TestMonthsAreTheTwelveUTCMonthsEndingWithNowsFilledWithZeros(t *testing.T) {
	now := time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)
	if got := MonthStart(now, Months); !got.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("start %v", got)
	}
	m := fillMonths([]Month{{Month: "2026-01", Opened: 2, Closed: 1}}, now)
	if len(m) != 12 || m[0].Month != "2025-03" || m[11].Month != "2026-02" || m[10] != (Month{"2026-01", 2, 1}) || m[11].Opened != 0 {
		t.Fatalf("months %+v", m)
	}
}
