package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// The LIMIT of a list is written into its SQL (so that PostgreSQL can keep a
// plan for it): a list reads no more rows than it was asked for, in order,
// with or without a search or a cursor.
func TestListCasesReadsAtMostItsLimit(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rec := audit.NewRecorder(db)
		admin, _, err := users.NewService(db, rec, func(string) (string, error) { return "x", nil }).Create(ctx,
			users.NewUser{Email: "admin@example.org", Name: "Admin", Role: users.Admin, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		ctx = identity.With(ctx, identity.Principal{UserID: admin.ID, Email: admin.Email, Role: "admin"})
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
