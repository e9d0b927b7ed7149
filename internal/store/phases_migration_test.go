package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Migration 00030 gives the cases opened before it their phase times from
// their audit trail: contained_at from the first move to contained or past it
// (here one that skipped contained), closed_at from the last closing, and
// nothing for a case reopened since or never contained.
func TestMigrationBackfillsPhaseTimesFromTheAuditTrail(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.OpenEmpty(t, d)
			ctx := context.Background()
			if err := db.MigrateTo(ctx, 29); err != nil {
				t.Fatal(err)
			}
			const user = "01936f6e-0000-7000-8000-000000000001"
			const t0 = "'2026-01-01 00:00:00+00:00'"
			ids := []string{"01936f6e-0000-7000-8000-0000000000c1", "01936f6e-0000-7000-8000-0000000000c2", "01936f6e-0000-7000-8000-0000000000c3"}
			stmts := []string{`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('` + user + `', 'a@b.c', 'A', 'admin', 'x', ` + t0 + `, ` + t0 + `)`}
			for i, status := range []string{"closed", "investigating", "triage"} {
				stmts = append(stmts, `INSERT INTO cases (id, reference, title, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
				 VALUES ('`+ids[i]+`', 'INC-2026-000`+string(rune('1'+i))+`', 'T', 'malware', 'low', 1, '`+status+`', 'ruled_out', '`+user+`', `+t0+`, `+t0+`, false, `+t0+`, `+t0+`)`)
			}
			seq := 0
			move := func(caseID, from, to, when string) {
				seq++
				stmts = append(stmts, `INSERT INTO audit_events (seq, occurred_at, actor_id, action, entity_type, entity_id, case_id, changes, prev_hash, hash)
				 VALUES (`+string(rune('0'+seq))+`, '`+when+`', '`+user+`', 'case.transition', 'case', '`+caseID+`', '`+caseID+`', '{"status":["`+from+`","`+to+`"]}', 'p', 'h')`)
			}
			// closed: skipped contained (investigating → recovering is not a
			// move, but closing from investigating is), reopened, closed again.
			move(ids[0], "reported", "investigating", "2026-01-01 01:00:00+00:00")
			move(ids[0], "investigating", "closed", "2026-01-01 05:00:00+00:00")
			move(ids[0], "closed", "investigating", "2026-01-02 00:00:00+00:00")
			move(ids[0], "investigating", "closed", "2026-01-03 00:00:00+00:00")
			// reopened and still open: contained once, no closing.
			move(ids[1], "investigating", "contained", "2026-01-01 02:00:00+00:00")
			move(ids[1], "contained", "closed", "2026-01-01 03:00:00+00:00")
			move(ids[1], "closed", "investigating", "2026-01-01 04:00:00+00:00")
			move(ids[2], "reported", "triage", "2026-01-01 02:00:00+00:00")
			for _, s := range stmts {
				if err := db.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			day := func(d, h int) *time.Time { t := time.Date(2026, 1, d, h, 0, 0, 0, time.UTC); return &t }
			want := []struct{ contained, closed *time.Time }{{day(1, 5), day(3, 0)}, {day(1, 2), nil}, {nil, nil}}
			for i, id := range ids {
				c, err := db.Case(ctx, uuid.MustParse(id), cases.Scope{All: true}, false)
				if err != nil {
					t.Fatal(err)
				}
				contained, closed, err := db.CasePhaseTimes(ctx, visibleAsSystem(t, db, c.ID))
				if err != nil {
					t.Fatal(err)
				}
				if !sameTime(contained, want[i].contained) || !sameTime(closed, want[i].closed) {
					t.Errorf("case %d: contained %v, closed %v; want %v, %v", i+1, contained, closed, want[i].contained, want[i].closed)
				}
			}
		})
	}
}

// Each move stamps the phases: contained once, closed at each closing and
// cleared by a reopening.
func TestStampPhasesKeepsTheFirstContainmentAndTheLastClosing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := seedFigures(t, db)
		ctx := context.Background()
		c, err := db.CreateCases(ctx, []cases.Case{{ID: uuid.New(), Reference: "INC-2026-8001", Title: "Stamp", Category: "malware", Severity: "low",
			Status: cases.Reported, BreachStatus: cases.BreachSuspected, OwnerID: f.owner, DetectedAt: f.now, AwareAt: f.now}})
		if err != nil {
			t.Fatal(err)
		}
		id := c[0].ID
		hour := func(n int) time.Time { return f.now.Add(time.Duration(n) * time.Hour) }
		steps := []struct {
			to                cases.Status
			at                time.Time
			contained, closed *time.Time
		}{
			{cases.Triage, hour(1), nil, nil},
			{cases.Contained, hour(2), ptrTime(hour(2)), nil},
			{cases.Closed, hour(3), ptrTime(hour(2)), ptrTime(hour(3))},
			{cases.Investigating, hour(4), ptrTime(hour(2)), nil},
			{cases.Closed, hour(5), ptrTime(hour(2)), ptrTime(hour(5))},
		}
		for _, s := range steps {
			if err := db.StampPhases(ctx, id, cases.StampFor(s.to, s.at)); err != nil {
				t.Fatal(err)
			}
			contained, closed, err := db.CasePhaseTimes(ctx, visibleAsSystem(t, db, id))
			if err != nil {
				t.Fatal(err)
			}
			if !sameTime(contained, s.contained) || !sameTime(closed, s.closed) {
				t.Fatalf("after the move to %s: contained %v, closed %v; want %v, %v", s.to, contained, closed, s.contained, s.closed)
			}
		}
	})
}

func ptrTime(t time.Time) *time.Time { return &t }

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func visibleAsSystem(t *testing.T, db *store.DB, id uuid.UUID) cases.Visible {
	t.Helper()
	v, err := cases.SeeAsSystem(context.Background(), db, id, false)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
