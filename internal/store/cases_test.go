package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The LIMIT of a list is written into its SQL (so that PostgreSQL can keep a
// plan for it): a list reads no more rows than it was asked for, in order,
// with or without a search or a cursor.
func TestListCasesReadsAtMostItsLimit(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		var created []cases.Case // newest last
		for i := range 6 {
			c, err := cs.Create(ctx, cases.Case{Title: fmt.Sprintf("Phishing wave %d", i), Category: "phishing", Severity: "high",
				DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			created = append(created, c)
		}
		newest := func(skip, n int) []string {
			var titles []string
			for i := len(created) - 1 - skip; i >= 0 && len(titles) < n; i-- {
				titles = append(titles, created[i].Title)
			}
			return titles
		}
		after := cases.CursorAfter(created[4], cases.SortOpened)
		for name, tc := range map[string]struct {
			q    cases.Query
			want []string
		}{
			"first page":  {cases.Query{Limit: 4}, newest(0, 4)},
			"search":      {cases.Query{Limit: 2, Text: "phishing"}, newest(0, 2)},
			"after a row": {cases.Query{Limit: 3, After: &after}, newest(2, 3)},
			"last rows":   {cases.Query{Limit: 50}, newest(0, 6)},
		} {
			t.Run(name, func(t *testing.T) {
				tc.q.Scope, tc.q.Sort, tc.q.Now = cases.Scope{All: true}, cases.SortOpened, time.Now()
				got, err := db.ListCases(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var titles []string
				for _, c := range got {
					titles = append(titles, c.Title)
				}
				if fmt.Sprint(titles) != fmt.Sprint(tc.want) {
					t.Fatalf("got %q, want %q", titles, tc.want)
				}
			})
		}
	})
}

// A list sorted by severity and filtered by status comes back in severity
// order whichever way the database reads it: SQLite walks the severity index
// once more than sortLimit (2 000) cases match, and sorts the matches below.
func TestListCasesSortedBySeverityWithManyMatches(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		critical := 0
		for i := range 2100 {
			severity := cases.Severities[i%7%4] // every severity, unevenly
			if severity == "critical" {
				critical++
			}
			_, err := cs.Create(ctx, cases.Case{Title: fmt.Sprintf("Case %d", i), Category: "phishing", Severity: severity,
				DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, limit := range []int{50, critical + 10} {
			got, err := db.ListCases(ctx, cases.Query{Scope: cases.Scope{All: true}, Statuses: []cases.Status{cases.Reported},
				Sort: cases.SortSeverity, Limit: limit, Now: time.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != limit {
				t.Fatalf("limit %d: %d cases", limit, len(got))
			}
			for i, c := range got {
				want := cases.Severity("critical")
				if i >= critical {
					want = "high"
				}
				if c.Severity != want || (i > 0 && c.Severity == got[i-1].Severity && c.ID.String() > got[i-1].ID.String()) {
					t.Fatalf("limit %d, case %d: %s %s after %s %s", limit, i, c.Severity, c.ID, got[max(i-1, 0)].Severity, got[max(i-1, 0)].ID)
				}
			}
		}
	})
}
