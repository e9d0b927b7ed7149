package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The dashboard is rendered once for readers who see the same, but a change
// shows at once, and a department head never gets the admin's dashboard.
func TestDashboardShowsAChangeAtOnceAndNeverAnotherReadersDashboard(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		finance := s.createDepartment(f.admin, "Finance")
		var payroll service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": finance.ID}, bearer(f.admin)...).json(&payroll)
		other := s.createCase(f.admin, caseBody("Payroll fraud attempt", nil))
		s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/suspensions", map[string]any{"service_id": payroll.ID, "reason": "r", "decided_by": "CFO"}, bearer(f.admin)...)
		pw := "a long enough password"
		s.createUser(f.admin, map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head", "department_id": f.dept.ID, "password": pw})
		head := s.signInAs(t, "head@example.org", pw).AccessToken

		type dash struct {
			Items []struct {
				Suspension struct {
					ID                    string  `json:"id"`
					ExpectedRestorationAt *string `json:"expected_restoration_at"`
					Version               int     `json:"version"`
				} `json:"suspension"`
				ServiceName string `json:"service_name"`
			} `json:"items"`
		}
		read := func(token string) dash {
			var d dash
			r := s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(token)...)
			if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("dashboard: %d %q %s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
			}
			r.json(&d)
			return d
		}
		// The admin's dashboard first: the head still sees only their department.
		if d := read(f.admin); len(d.Items) != 1 || d.Items[0].ServiceName != "Payroll" {
			t.Fatalf("admin before: %+v", d.Items)
		}
		if d := read(head); len(d.Items) != 0 {
			t.Fatalf("head before: %+v", d.Items)
		}
		var sp suspension
		f.suspend(nil).json(&sp)
		// Read straight after the change: there, for both.
		if d := read(head); len(d.Items) != 1 || d.Items[0].ServiceName != "Revalidation Toolkit" {
			t.Fatalf("head after suspending: %+v", d.Items)
		}
		if d := read(f.admin); len(d.Items) != 2 {
			t.Fatalf("admin after suspending: %+v", d.Items)
		}
		later := time.Now().UTC().Add(40 * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
		r := s.do(http.MethodPatch, "/api/v1/suspensions/"+sp.ID, map[string]any{"expected_restoration_at": later, "replan_reason": "Supplier patch late"},
			append(bearer(f.admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("re-plan: %d %s", r.StatusCode, r.body)
		}
		d := read(head)
		if len(d.Items) != 1 || d.Items[0].Suspension.ExpectedRestorationAt == nil || *d.Items[0].Suspension.ExpectedRestorationAt != later {
			t.Fatalf("head after the re-plan: %+v", d.Items)
		}
	})
}
