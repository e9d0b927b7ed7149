package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// The figures at 100 000 cases on both databases, written with SQL (a
// twentieth restricted, nine in ten contained, eight in ten closed, a third
// with a regulator deadline, over two years, in eight departments). Slow to
// write, so it runs only with CASEWARD_FIGURES_100K=1; it logs each reader's
// best of three and fails when one takes more than 500 ms.
func TestFiguresAt100000Cases(t *testing.T) {
	t.Parallel()
	if os.Getenv("CASEWARD_FIGURES_100K") == "" {
		t.Skip("set CASEWARD_FIGURES_100K=1 to write 100 000 cases and time the figures")
	}
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		owner, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: "fig100k@example.org", Name: "R", Role: users.Responder}, "x")
		if err != nil {
			t.Fatal(err)
		}
		var depts []uuid.UUID
		for _, name := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
			d, err := db.CreateDepartment(ctx, directory.Department{ID: uuid.New(), Name: name})
			if err != nil {
				t.Fatal(err)
			}
			depts = append(depts, d.ID)
		}
		pg := db.Dialect() == store.Postgres
		// plus is the time days (an SQL number) after the detection.
		plus := func(days string) string {
			if pg {
				return "(det + (" + days + ") * interval '1 day')"
			}
			return "strftime('%Y-%m-%d %H:%M:%S+00:00', det, '+' || CAST((" + days + ") * 86400 AS INTEGER) || ' seconds')"
		}
		deptCase := "CASE n % 8"
		for i, d := range depts {
			deptCase += fmt.Sprintf(" WHEN %d THEN '%s'", i, d)
		}
		deptCase += " END"
		id, det, series := "lower(hex(randomblob(16)))", "strftime('%Y-%m-%d %H:%M:%S+00:00', '2025-01-01', '+' || (n * 10) || ' minutes')",
			"(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000) SELECT n FROM s) AS s"
		if pg {
			id, det, series = "gen_random_uuid()", "timestamptz '2025-01-01 00:00:00+00' + n * interval '10 minutes'", "generate_series(1, 100000) AS n"
			deptCase += "::uuid"
		}
		q := `INSERT INTO cases (id, reference, title, summary, category, severity, severity_rank, status, breach_status, owner_id,
 department_id, detected_at, aware_at, personal_data_involved, regulator_due_at, regulator_notified_at, restricted, search_text,
 version, created_at, updated_at, contained_at, closed_at)
SELECT id, 'INC-2025-' || n, 'Case ' || n, 'Summary', 'malware', sev, rnk, CASE WHEN n % 10 < 8 THEN 'closed' ELSE 'investigating' END,
 'ruled_out', ?, dept, det, det, n % 3 = 0, CASE WHEN n % 3 = 0 THEN ` + plus("3") + ` END,
 CASE WHEN n % 3 = 0 AND n % 7 > 0 THEN ` + plus("2 + n % 3") + ` END,
 n % 20 = 0, '', 1, det, det, CASE WHEN n % 10 < 9 THEN ` + plus("(n % 97) * 0.01") + ` END,
 CASE WHEN n % 10 < 8 THEN ` + plus("(n % 89) * 0.1") + ` END
FROM (SELECT n, ` + id + ` AS id, CASE n % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' WHEN 2 THEN 'high' ELSE 'critical' END AS sev,
        n % 4 + 1 AS rnk, ` + det + ` AS det, ` + deptCase + ` AS dept FROM ` + series + `) AS g`
		if pg {
			q = dollarPlaceholders(q)
		}
		if _, err := db.SQL().ExecContext(ctx, q, owner.ID.String()); err != nil {
			t.Fatal(err)
		}
		if db.Dialect() == store.Postgres {
			if _, err := db.SQL().ExecContext(ctx, "ANALYZE cases"); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC)
		for _, who := range []struct {
			name  string
			scope cases.Scope
		}{
			{"admin", cases.Scope{All: true}},
			{"responder", cases.Scope{UserID: uuid.New()}},
			{"department head", cases.Scope{UserID: uuid.New(), DepartmentID: &depts[0]}},
		} {
			best := time.Hour
			var r figures.Report
			for range 3 {
				start := time.Now()
				if r, err = db.Figures(ctx, figures.Query{Scope: who.scope, Now: now, Since: figures.MonthStart(now, figures.Months)}); err != nil {
					t.Fatal(err)
				}
				best = min(best, time.Since(start))
			}
			t.Logf("%s: best of three %v (%d severities, %d months with cases)", who.name, best, len(r.Severity), len(r.Months))
			if best > 500*time.Millisecond {
				t.Errorf("%s: %v, want within 500 ms", who.name, best)
			}
		}
	})
}
