package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// noDepartment is an identifier no department has.
const noDepartment = "01890000-0000-7000-8000-000000000000"

// wantFields checks that a 422 names exactly these fields, each with this message.
func wantFields(t *testing.T, what string, r response, want map[string]string) {
	t.Helper()
	got := fieldsOf(t, r)
	for field, msg := range want {
		if got[field] != msg {
			t.Errorf("%s: %s is %q, want %q (%s)", what, field, got[field], msg, r.body)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d fields named, want %d: %s", what, len(got), len(want), r.body)
	}
}

// A service's blank name, too-long public name and unknown department come
// back in one answer, on create and on edit, and nothing changes.
func TestServiceNamesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Clinical Systems")
		all := map[string]string{
			"name":          "Name is required.",
			"department_id": "No such department.",
			"public_name":   "Public name must be at most 200 characters.",
		}
		long := strings.Repeat("p", 201)

		r := s.do(http.MethodPost, "/api/v1/services", map[string]any{"name": "   ", "department_id": noDepartment, "public_name": long}, bearer(admin)...)
		wantFields(t, "create", r, all)
		// Only the domain's checks fail: a blank name and an unknown department.
		r = s.do(http.MethodPost, "/api/v1/services", map[string]any{"name": "   ", "department_id": noDepartment}, bearer(admin)...)
		wantFields(t, "create, domain only", r, map[string]string{"name": all["name"], "department_id": all["department_id"]})
		var l list[service]
		s.do(http.MethodGet, "/api/v1/services", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 0 {
			t.Fatalf("%d services exist after refusals", len(l.Items))
		}

		var svc service
		s.do(http.MethodPost, "/api/v1/services", map[string]any{"name": "Payroll", "department_id": dept.ID}, bearer(admin)...).json(&svc)
		path := "/api/v1/services/" + svc.ID
		r = s.do(http.MethodPatch, path, map[string]any{"name": "  ", "department_id": noDepartment, "public_name": long}, append(bearer(admin), "If-Match", `"1"`)...)
		wantFields(t, "edit", r, all)
		r = s.do(http.MethodPatch, path, map[string]any{"name": "  ", "department_id": noDepartment}, append(bearer(admin), "If-Match", `"1"`)...)
		wantFields(t, "edit, domain only", r, map[string]string{"name": all["name"], "department_id": all["department_id"]})
		var after service
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&after)
		if after.Name != "Payroll" || after.DepartmentID != dept.ID || after.Version != 1 {
			t.Fatalf("the refused edits changed the service: %+v", after)
		}
		if n := len(s.auditEvents(admin, "service.update")); n != 0 {
			t.Fatalf("%d service.update events after refusals", n)
		}

		// A department's name: blank, or too long after trimming.
		r = s.do(http.MethodPost, "/api/v1/departments", map[string]any{"name": "   "}, bearer(admin)...)
		wantFields(t, "department", r, map[string]string{"name": "Name is required."})
	})
}

// An account's blank name and unknown department come back in one answer, on
// create (with a too-short password) and on edit.
func TestUserNamesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		r := s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "olga@example.org", "name": "  ", "role": "responder",
			"department_id": noDepartment}, bearer(admin)...)
		wantFields(t, "create", r, map[string]string{"name": "Name is required.", "department_id": "No such department."})
		r = s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "olga@example.org", "name": "  ", "role": "responder",
			"department_id": noDepartment, "password": "short"}, bearer(admin)...)
		wantFields(t, "create with a short password", r, map[string]string{"name": "Name is required.", "department_id": "No such department.",
			"password": "Password must be at least 12 characters."})

		u := s.createUser(admin, map[string]any{"email": "olga@example.org", "name": "Olga", "role": "responder"})
		path := "/api/v1/users/" + u.User.ID
		r = s.do(http.MethodPatch, path, map[string]any{"name": "  ", "department_id": noDepartment}, append(bearer(admin), "If-Match", `"1"`)...)
		wantFields(t, "edit", r, map[string]string{"name": "Name is required.", "department_id": "No such department."})
		if after := s.userDoc(admin, u.User.ID); after.Name != "Olga" || after.Version != 1 {
			t.Fatalf("the refused edit changed the account: %+v", after)
		}
	})
}
