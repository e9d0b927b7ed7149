package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }

// figureFixture is known data whose figures were worked out by hand (see
// TestFiguresOnKnownData): eight cases, three services in two departments,
// as at 15 December 2026, noon UTC.
type figureFixture struct {
	now             time.Time
	head, owner     uuid.UUID
	finance, health uuid.UUID
}

func seedFigures(t *testing.T, db *store.DB) figureFixture {
	t.Helper()
	ctx := context.Background()
	f := figureFixture{now: at(12, 15, 12)}
	fin, err := db.CreateDepartment(ctx, directory.Department{ID: uuid.New(), Name: "Finance"})
	if err != nil {
		t.Fatal(err)
	}
	hea, err := db.CreateDepartment(ctx, directory.Department{ID: uuid.New(), Name: "Health"})
	if err != nil {
		t.Fatal(err)
	}
	f.finance, f.health = fin.ID, hea.ID
	svc := func(name string, dept uuid.UUID) uuid.UUID {
		s, err := db.CreateService(ctx, directory.Service{ID: uuid.New(), Name: name, DepartmentID: dept})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	s1, s2, s3 := svc("Ledger", f.finance), svc("Payroll", f.finance), svc("Records", f.health)
	owner, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: "fig-owner@example.org", Name: "Owner", Role: users.Responder}, "x")
	if err != nil {
		t.Fatal(err)
	}
	head, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: "fig-head@example.org", Name: "Head", Role: users.DepartmentHead, DepartmentID: &f.health}, "x")
	if err != nil {
		t.Fatal(err)
	}
	f.owner, f.head = owner.ID, head.ID
	n := 0
	type susp struct {
		service   uuid.UUID
		from, to  time.Time // to zero: active
		cancelled bool
	}
	type kase struct {
		sev            cases.Severity
		dept           *uuid.UUID
		detected       time.Time
		contain, close time.Duration // 0: not reached
		restricted     bool
		personal       bool
		aware          time.Time // zero: detected
		notifiedAfter  time.Duration
		rationale      string
		suspensions    []susp
	}
	h := time.Hour
	for _, k := range []kase{
		{sev: "high", dept: &f.finance, detected: at(12, 1, 0), contain: h, close: 10 * h, suspensions: []susp{
			{service: s1, from: at(12, 1, 0), to: at(12, 2, 0)}, {service: s1, from: at(12, 1, 12), to: at(12, 3, 0)}}}, // A
		{sev: "high", dept: &f.health, detected: at(12, 2, 0), contain: 2 * h, close: 20 * h, suspensions: []susp{
			{service: s3, from: at(12, 14, 12)}, {service: s3, from: at(12, 2, 0), to: at(12, 6, 4), cancelled: true}}}, // B
		{sev: "high", dept: &f.finance, detected: at(11, 5, 0), contain: 3 * h, close: 40 * h, personal: true, notifiedAfter: 10 * h}, // C
		{sev: "high", detected: at(11, 20, 0), contain: 4 * h, personal: true, notifiedAfter: 100 * h, suspensions: []susp{
			{service: s3, from: at(11, 20, 0), to: at(11, 21, 0)}}}, // D
		{sev: "high", dept: &f.finance, detected: at(6, 10, 0), contain: 10 * h, personal: true},                     // E
		{sev: "low", dept: &f.health, detected: at(12, 10, 0), contain: h / 2, personal: true, aware: at(12, 14, 0)}, // F
		{sev: "critical", dept: &f.health, detected: at(12, 12, 0), contain: h, close: 2 * h, restricted: true, personal: true,
			rationale: "No risk to the data subjects", suspensions: []susp{{service: s2, from: at(12, 12, 0), to: at(12, 12, 10)}}}, // G
		{sev: "medium", dept: &f.finance, detected: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), contain: h,
			close: at(1, 2, 0).Sub(time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC))}, // H
	} {
		n++
		aware := k.aware
		if aware.IsZero() {
			aware = k.detected
		}
		c := cases.Case{ID: uuid.New(), Reference: fmt.Sprintf("INC-2026-9%03d", n), Title: "Figures case", Category: "malware",
			Severity: k.sev, Status: cases.Reported, BreachStatus: cases.BreachRuledOut, OwnerID: f.owner, DepartmentID: k.dept,
			DetectedAt: k.detected, AwareAt: aware, PersonalDataInvolved: k.personal, Restricted: k.restricted, RegulatorDecisionRationale: k.rationale}
		if k.notifiedAfter > 0 {
			t := aware.Add(k.notifiedAfter)
			c.RegulatorNotifiedAt = &t
		}
		if _, err := db.CreateCases(clock.At(ctx, k.detected), []cases.Case{c}); err != nil {
			t.Fatal(err)
		}
		if k.contain > 0 {
			if err := db.StampPhases(ctx, c.ID, cases.StampFor(cases.Contained, k.detected.Add(k.contain))); err != nil {
				t.Fatal(err)
			}
		}
		if k.close > 0 {
			if err := db.StampPhases(ctx, c.ID, cases.StampFor(cases.Closed, k.detected.Add(k.close))); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range k.suspensions {
			sp := restoration.Suspension{ID: uuid.New(), CaseID: c.ID, ServiceID: s.service, Reason: "r", DecidedBy: "d", RecordedByID: f.owner,
				SuspendedAt: s.from, Status: restoration.Active}
			if s.cancelled {
				sp.Status = restoration.Cancelled
			} else if !s.to.IsZero() {
				to := s.to
				sp.Status, sp.RestoredAt = restoration.Restored, &to
			}
			if err := db.CreateSuspension(ctx, sp); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func secs(v float64) *float64 { return &v }

// The figures of known data, worked out by hand, are the same on both
// databases; a department head's count only the cases they may see.
func TestFiguresOnKnownData(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := seedFigures(t, db)
		since := figures.MonthStart(f.now, figures.Months)
		h := 3600.0
		type months = map[string][2]int
		tests := []struct {
			name      string
			scope     cases.Scope
			months    months
			severity  [4][2]figures.Duration
			downtime  []figures.DepartmentDowntime
			regulator figures.Regulator
		}{
			{
				name:   "everything, as an admin",
				scope:  cases.Scope{All: true},
				months: months{"2026-01": {0, 1}, "2026-06": {1, 0}, "2026-11": {2, 1}, "2026-12": {4, 3}},
				severity: [4][2]figures.Duration{
					{{Count: 1, MeanSecs: secs(h / 2), P90Secs: secs(h / 2)}, {}},
					{{Count: 1, MeanSecs: secs(h), P90Secs: secs(h)}, {Count: 1, MeanSecs: secs(62 * 24 * h), P90Secs: secs(62 * 24 * h)}},
					{{Count: 5, MeanSecs: secs(4 * h), P90Secs: secs(7.6 * h)}, {Count: 3, MeanSecs: secs(70 * h / 3), P90Secs: secs(36 * h)}},
					{{Count: 1, MeanSecs: secs(h), P90Secs: secs(h)}, {Count: 1, MeanSecs: secs(2 * h), P90Secs: secs(2 * h)}},
				},
				downtime: []figures.DepartmentDowntime{
					{DepartmentID: f.finance, DepartmentName: "Finance", Services: 2, Seconds: 58 * 3600},
					{DepartmentID: f.health, DepartmentName: "Health", Services: 1, Seconds: 48 * 3600},
				},
				regulator: figures.Regulator{OnTime: 1, Late: 1, Overdue: 1, Running: 1, NotNotifying: 1},
			},
			{
				name:   "a department head: their department's cases and those suspending its services, not the restricted one",
				scope:  cases.Scope{UserID: f.head, DepartmentID: &f.health},
				months: months{"2026-11": {1, 0}, "2026-12": {2, 1}},
				severity: [4][2]figures.Duration{
					{{Count: 1, MeanSecs: secs(h / 2), P90Secs: secs(h / 2)}, {}},
					{},
					{{Count: 2, MeanSecs: secs(3 * h), P90Secs: secs(3.8 * h)}, {Count: 1, MeanSecs: secs(20 * h), P90Secs: secs(20 * h)}},
					{},
				},
				downtime:  []figures.DepartmentDowntime{{DepartmentID: f.health, DepartmentName: "Health", Services: 1, Seconds: 48 * 3600}},
				regulator: figures.Regulator{Late: 1, Running: 1},
			},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r, err := db.Figures(context.Background(), figures.Query{Scope: tc.scope, Now: f.now, Since: since})
				if err != nil {
					t.Fatal(err)
				}
				got := months{}
				for _, m := range r.Months {
					if m.Opened+m.Closed > 0 {
						got[m.Month] = [2]int{m.Opened, m.Closed}
					}
				}

				if fmt.Sprint(got) != fmt.Sprint(tc.months) {
					t.Errorf("months: got %v, want %v", got, tc.months)
				}
				for i, s := range r.Severity {
					for j, d := range []figures.Duration{s.ToContain, s.ToClose} {
						if !sameDuration(d, tc.severity[i][j]) {
							t.Errorf("%s, %s: got %s, want %s", s.Severity, []string{"to contain", "to close"}[j], showDuration(d), showDuration(tc.severity[i][j]))
						}
					}
				}
				if fmt.Sprint(r.Downtime) != fmt.Sprint(tc.downtime) {
					t.Errorf("downtime: got %+v, want %+v", r.Downtime, tc.downtime)
				}
				if r.Regulator != tc.regulator {
					t.Errorf("regulator: got %+v, want %+v", r.Regulator, tc.regulator)
				}
			})
		}
	})
}

func sameDuration(a, b figures.Duration) bool {
	same := func(x, y *float64) bool {
		if x == nil || y == nil {
			return x == nil && y == nil
		}
		d := *x - *y
		return d < 0.001 && d > -0.001
	}
	return a.Count == b.Count && same(a.MeanSecs, b.MeanSecs) && same(a.P90Secs, b.P90Secs)
}

func showDuration(d figures.Duration) string {
	show := func(x *float64) string {
		if x == nil {
			return "nil"
		}
		return fmt.Sprintf("%.1fh", *x/3600)
	}
	return fmt.Sprintf("n=%d mean=%s p90=%s", d.Count, show(d.MeanSecs), show(d.P90Secs))
}
