package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A service's page is answered in a fixed number of statements however many
// suspensions it has, lists at most the 500 newest, and counts all of them in
// its figures.
func TestServiceHistoryIsBounded(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		dir := directory.New(db, rec)
		dept, err := dir.CreateDepartment(ctx, "Clinical Systems")
		if err != nil {
			t.Fatal(err)
		}
		svc, err := dir.CreateService(ctx, directory.Service{Name: "Revalidation Toolkit", DepartmentID: dept.ID})
		if err != nil {
			t.Fatal(err)
		}
		rs := restoration.NewService(db, rec)
		c, err := cases.NewService(db, rec).Create(ctx, cases.Case{Title: "Repeated compromise", Category: "malware", Severity: "high",
			DetectedAt: rs.Now().Add(-time.Hour), AwareAt: rs.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		// One-hour suspensions, a day apart, going back from yesterday;
		// written straight to the store, for speed.
		start := rs.Now().Truncate(24*time.Hour).AddDate(0, 0, -1)
		added := 0
		add := func(n int) {
			for range n {
				at := start.AddDate(0, 0, -added)
				back := at.Add(time.Hour)
				err := db.CreateSuspension(ctx, restoration.Suspension{ID: uuid.Must(uuid.NewV7()), CaseID: c.ID, ServiceID: svc.ID, Reason: "precaution",
					DecidedBy: "CISO", RecordedByID: identity.From(ctx).UserID, SuspendedAt: at, RestoredAt: &back, Status: restoration.Restored})
				if err != nil {
					t.Fatal(err)
				}
				added++
			}
		}
		measure := func() (restoration.ServiceHistory, int64) {
			var h restoration.ServiceHistory
			n := db.CountStatements(func() {
				if h, err = rs.History(ctx, svc.ID); err != nil {
					t.Fatal(err)
				}
			})
			return h, n
		}
		add(3)
		h, few := measure()
		if len(h.Items) != 3 || h.Omitted != 0 || h.Hidden != 0 {
			t.Fatalf("3 suspensions: %d listed, %d omitted, %d hidden", len(h.Items), h.Omitted, h.Hidden)
		}
		add(restoration.MaxServiceHistory - 2) // 501 in all
		h, many := measure()
		if few != 4 || many != 4 {
			t.Fatalf("statements: %d for 3 suspensions, %d for 501; want 4 both times", few, many)
		}
		if len(h.Items) != restoration.MaxServiceHistory || h.Omitted != 1 || h.Hidden != 0 {
			t.Fatalf("501 suspensions: %d listed, %d omitted, %d hidden; want 500, 1, 0", len(h.Items), h.Omitted, h.Hidden)
		}
		if !h.Items[0].Suspension.SuspendedAt.Equal(start) || !h.Items[499].Suspension.SuspendedAt.Equal(start.AddDate(0, 0, -499)) {
			t.Fatalf("not the newest first: %v … %v", h.Items[0].Suspension.SuspendedAt, h.Items[499].Suspension.SuspendedAt)
		}
		var total int64
		for _, m := range h.ByMonth {
			total += m.Seconds
		}
		if total != 501*3600 {
			t.Fatalf("the figures count %d s, want 501 h: the one not listed counts too", total)
		}
	})
}
