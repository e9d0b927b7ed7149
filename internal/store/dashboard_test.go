package store_test

import (
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// TestDashboardQueriesDoNotGrowWithRows proves the dashboard is answered in a
// fixed number of statements (the suspensions, their milestones, their latest
// updates), not one (or more) per suspension.
func TestDashboardQueriesDoNotGrowWithRows(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		dir := directory.New(db, rec)
		dept, err := dir.CreateDepartment(ctx, "Clinical Systems")
		if err != nil {
			t.Fatal(err)
		}
		cs := cases.NewService(db, rec)
		rs := restoration.NewService(db, rec)
		suspend := func(n int) {
			for i := 0; i < n; i++ {
				svc, err := dir.CreateService(ctx, directory.Service{Name: "Service " + uuid.NewString(), DepartmentID: dept.ID})
				if err != nil {
					t.Fatal(err)
				}
				c, err := cs.Create(ctx, cases.Case{Title: fmt.Sprint("Case ", i), Category: "malware", Severity: "high",
					DetectedAt: rs.Now().Add(-1e9), AwareAt: rs.Now().Add(-1e9)})
				if err != nil {
					t.Fatal(err)
				}
				sp, err := rs.Suspend(ctx, restoration.Suspension{CaseID: c.ID, ServiceID: svc.ID, Reason: "precaution", DecidedBy: "CISO"})
				if err != nil {
					t.Fatal(err)
				}
				for j := 0; j < 3; j++ {
					if _, err := rs.AddMilestone(ctx, sp.ID, restoration.Milestone{Title: fmt.Sprint("Step ", j)}); err != nil {
						t.Fatal(err)
					}
				}
				for j := 0; j < 2; j++ {
					if _, err := rs.PostUpdate(ctx, sp.ID, restoration.UpdateRequest{Body: fmt.Sprint("Update ", j), Audience: restoration.Internal}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		measure := func() (int, int64) {
			var items []restoration.DashboardItem
			n := db.CountStatements(func() {
				if items, err = rs.Dashboard(ctx); err != nil {
					t.Fatal(err)
				}
			})
			for _, it := range items {
				if it.LatestUpdate == nil || it.LatestUpdate.Body != "Update 1" || it.LatestUpdate.AuthorName == "" {
					t.Fatalf("latest update of %s: %+v", it.Suspension.ID, it.LatestUpdate)
				}
			}
			return len(items), n
		}
		suspend(3)
		rows, few := measure()
		suspend(30)
		more, many := measure()
		if rows != 3 || more != 33 {
			t.Fatalf("dashboard rows %d then %d, want 3 then 33", rows, more)
		}
		if few == 0 || few != many || many > 3 {
			t.Fatalf("statements: %d for 3 suspensions, %d for 33; want the same small number", few, many)
		}
	})
}
