package api_test

import (
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type department struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

type service struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	DepartmentID string  `json:"department_id"`
	Status       string  `json:"status"`
	PublicName   *string `json:"public_name"`
	Version      int     `json:"version"`
}

type auditEvent struct {
	Seq        int64            `json:"seq"`
	ActorID    *string          `json:"actor_id"`
	ActorEmail *string          `json:"actor_email"`
	Action     string           `json:"action"`
	EntityType string           `json:"entity_type"`
	EntityID   *string          `json:"entity_id"`
	RequestID  *string          `json:"request_id"`
	IP         *string          `json:"ip"`
	Changes    map[string][]any `json:"changes"`
	Hash       string           `json:"hash"`
}

type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func (s *server) createDepartment(token, name string) department {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/departments", map[string]string{"name": name}, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create department: %d %s", r.StatusCode, r.body)
	}
	var d department
	r.json(&d)
	return d
}

// auditEvents returns the newest events with this action.
func (s *server) auditEvents(token, action string) []auditEvent {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/audit?action="+action, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("audit: %d %s", r.StatusCode, r.body)
	}
	var l list[auditEvent]
	r.json(&l)
	return l.Items
}

func TestDepartmentsHaveUniqueNamesAndOptimisticConcurrency(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		d := s.createDepartment(admin, "Clinical Systems")
		if d.Version != 1 {
			t.Fatalf("new department version %d", d.Version)
		}
		p := s.do(http.MethodPost, "/api/v1/departments", map[string]string{"name": "  clinical SYSTEMS "}, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "name" {
			t.Fatalf("duplicate name: %+v", p.Errors)
		}

		path := "/api/v1/departments/" + d.ID
		get := s.do(http.MethodGet, path, nil, bearer(admin)...)
		if get.Header.Get("ETag") != `"1"` {
			t.Fatalf("ETag = %q", get.Header.Get("ETag"))
		}
		rename := map[string]string{"name": "Clinical Platforms"}
		s.do(http.MethodPatch, path, rename, bearer(admin)...).problem(t, http.StatusPreconditionRequired)
		r := s.do(http.MethodPatch, path, rename, append(bearer(admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("rename: %d %s etag %q", r.StatusCode, r.body, r.Header.Get("ETag"))
		}
		// A second writer still holding version 1 loses, and changes nothing.
		s.do(http.MethodPatch, path, map[string]string{"name": "Lost Update"}, append(bearer(admin), "If-Match", `"1"`)...).problem(t, http.StatusPreconditionFailed)
		var now department
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&now)
		if now.Name != "Clinical Platforms" || now.Version != 2 {
			t.Fatalf("after the stale write: %+v", now)
		}
		s.do(http.MethodPatch, "/api/v1/departments/01890000-0000-7000-8000-000000000000", rename, append(bearer(admin), "If-Match", `"1"`)...).problem(t, http.StatusNotFound)

		events := s.auditEvents(admin, "department.update")
		if len(events) != 1 || events[0].Changes["name"][0] != "Clinical Systems" || events[0].Changes["name"][1] != "Clinical Platforms" {
			t.Fatalf("audit of the rename: %+v", events)
		}
	})
}

func TestServicesBelongToExistingDepartments(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		clinical := s.createDepartment(admin, "Clinical Systems")
		finance := s.createDepartment(admin, "Finance")

		p := s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": "01890000-0000-7000-8000-000000000000"}, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "department_id" {
			t.Fatalf("bad reference: %+v", p.Errors)
		}
		for _, name := range []string{"Revalidation Toolkit", "Appraisal Portal", "Rota Planner"} {
			r := s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": name, "department_id": clinical.ID, "description": "for " + name}, bearer(admin)...)
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("create service: %d %s", r.StatusCode, r.body)
			}
			var svc service
			r.json(&svc)
			if svc.Status != "operational" || svc.DepartmentID != clinical.ID {
				t.Fatalf("new service: %+v", svc)
			}
		}
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": finance.ID}, bearer(admin)...)

		// Keyset pages of one item walk the clinical services in name order.
		var names []string
		cursor := ""
		for i := 0; i < 5; i++ {
			path := "/api/v1/services?limit=1&department_id=" + clinical.ID
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			var l list[service]
			s.do(http.MethodGet, path, nil, bearer(admin)...).json(&l)
			for _, svc := range l.Items {
				names = append(names, svc.Name)
			}
			if l.NextCursor == nil {
				break
			}
			cursor = *l.NextCursor
		}
		want := []string{"Appraisal Portal", "Revalidation Toolkit", "Rota Planner"}
		if len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
			t.Fatalf("pages = %v, want %v", names, want)
		}
		s.do(http.MethodGet, "/api/v1/services?limit=500", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		s.do(http.MethodGet, "/api/v1/services?cursor=garbage!", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}
