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

// Migration 00015 gives the suspensions and milestones written before it their
// current dates as baselines, and no re-plans.
func TestMigrationTakesCurrentDatesAsBaselines(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.OpenEmpty(t, d)
			ctx := context.Background()
			if err := db.MigrateTo(ctx, 14); err != nil {
				t.Fatal(err)
			}
			const at, due = "'2026-01-01 00:00:00+00:00'", "'2026-02-01 12:00:00+00:00'"
			for _, s := range []string{
				`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-000000000001', 'a@b.c', 'A', 'admin', 'x', ` + at + `, ` + at + `)`,
				`INSERT INTO cases (id, reference, title, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000c1', 'INC-2026-0001', 'T', 'malware', 'low', 1, 'reported', 'suspected', '01936f6e-0000-7000-8000-000000000001', ` + at + `, ` + at + `, false, ` + at + `, ` + at + `)`,
				`INSERT INTO departments (id, name, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-0000000000d1', 'D', ` + at + `, ` + at + `)`,
				`INSERT INTO services (id, name, department_id, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-0000000000e1', 'S', '01936f6e-0000-7000-8000-0000000000d1', ` + at + `, ` + at + `)`,
				`INSERT INTO suspensions (id, case_id, service_id, reason, decided_by, recorded_by_id, suspended_at, expected_restoration_at, status, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000a1', '01936f6e-0000-7000-8000-0000000000c1', '01936f6e-0000-7000-8000-0000000000e1', 'r', 'd', '01936f6e-0000-7000-8000-000000000001', ` + at + `, ` + due + `, 'active', ` + at + `, ` + at + `)`,
				`INSERT INTO milestones (id, suspension_id, title, due_at, status, position, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000f1', '01936f6e-0000-7000-8000-0000000000a1', 'm', ` + due + `, 'planned', 1, ` + at + `, ` + at + `)`,
			} {
				if err := db.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			want := time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
			id := uuid.MustParse("01936f6e-0000-7000-8000-0000000000a1")
			sp, err := db.Suspension(ctx, id, cases.Scope{All: true}, false)
			if err != nil || sp.BaselineRestorationAt == nil || !sp.BaselineRestorationAt.Equal(want) || sp.ReplanCount != 0 {
				t.Fatalf("suspension after the migration: %+v, %v", sp, err)
			}
			m, err := db.Milestone(ctx, uuid.MustParse("01936f6e-0000-7000-8000-0000000000f1"))
			if err != nil || m.BaselineDueAt == nil || !m.BaselineDueAt.Equal(want) {
				t.Fatalf("milestone after the migration: %+v, %v", m, err)
			}
		})
	}
}
