package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type savedView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Query     string `json:"query"`
	CreatedAt string `json:"created_at"`
}

func (s *server) views(token string) []savedView {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/me/views", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("list views: %d %s", r.StatusCode, r.body)
	}
	var l struct{ Items []savedView }
	r.json(&l)
	return l.Items
}

// Every role keeps its own saved views, auditors too (a view is a preference, not part of a
// record): each lists only its own, cannot delete another's (404, and the view stays), and
// each save and deletion is audited.
func TestSavedViewsArePerUserForEveryRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Clinical Systems")
		tokens := map[string]string{"admin": admin}
		for _, role := range []string{"responder", "department_head", "auditor"} {
			body := map[string]any{"email": role + "@example.org", "name": role, "role": role, "password": "a long enough password"}
			if role == "department_head" {
				body["department_id"] = dept.ID
			}
			s.createUser(admin, body)
			tokens[role] = s.signInAs(t, role+"@example.org", "a long enough password").AccessToken
		}
		created := map[string]savedView{}
		for role, token := range tokens {
			r := s.do(http.MethodPost, "/api/v1/me/views", map[string]string{"name": " Mine, urgent ", "query": "?mine=1&sort=regulator_due"}, bearer(token)...)
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("%s: save: %d %s", role, r.StatusCode, r.body)
			}
			var v savedView
			r.json(&v)
			if v.Name != "Mine, urgent" || v.Query != "mine=1&sort=regulator_due" || v.ID == "" || v.CreatedAt == "" {
				t.Fatalf("%s: saved %+v", role, v)
			}
			created[role] = v
		}
		for role, token := range tokens {
			if got := s.views(token); len(got) != 1 || got[0] != created[role] {
				t.Fatalf("%s sees %+v, want only %+v", role, got, created[role])
			}
		}
		// Someone else's view is not found, and stays.
		s.do(http.MethodDelete, "/api/v1/me/views/"+created["admin"].ID, nil, bearer(tokens["responder"])...).problem(t, http.StatusNotFound)
		s.do(http.MethodDelete, "/api/v1/me/views/01890000-0000-7000-8000-000000000000", nil, bearer(admin)...).problem(t, http.StatusNotFound)
		if got := s.views(admin); len(got) != 1 {
			t.Fatalf("admin's views after another's delete: %+v", got)
		}
		r := s.do(http.MethodDelete, "/api/v1/me/views/"+created["responder"].ID, nil, bearer(tokens["responder"])...)
		if r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete own: %d %s", r.StatusCode, r.body)
		}
		if got := s.views(tokens["responder"]); len(got) != 0 {
			t.Fatalf("after delete: %+v", got)
		}
		s.do(http.MethodDelete, "/api/v1/me/views/"+created["responder"].ID, nil, bearer(tokens["responder"])...).problem(t, http.StatusNotFound)

		saves := s.auditEvents(admin, "view.create")
		if len(saves) != len(tokens) || saves[0].EntityType != "view" || saves[0].Changes["name"][1] != "Mine, urgent" {
			t.Fatalf("view.create events: %+v", saves)
		}
		deletes := s.auditEvents(admin, "view.delete")
		if len(deletes) != 1 || *deletes[0].EntityID != created["responder"].ID || deletes[0].Changes["name"][0] != "Mine, urgent" {
			t.Fatalf("view.delete events: %+v", deletes)
		}
		s.do(http.MethodGet, "/api/v1/me/views", nil).problem(t, http.StatusUnauthorized)
	})
}

// A bad view is a 422 naming its fields, and nothing is saved: no name, a
// name another of your views has (ignoring case), a query with a control
// character, one over 2 000 characters, and a 51st view.
func TestSavedViewsRefuseBadInput(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		post := func(name, query string) response {
			return s.do(http.MethodPost, "/api/v1/me/views", map[string]string{"name": name, "query": query}, bearer(admin)...)
		}
		if r := post("Overdue", "regulator_status=overdue"); r.StatusCode != http.StatusCreated {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		for name, tc := range map[string]struct {
			name, query string
			fields      []string
		}{
			"blank name":      {"   ", "status=reported", []string{"name"}},
			"taken name":      {"OVERDUE", "status=reported", []string{"name"}},
			"control char":    {"Tab", "q=a\tb", []string{"query"}},
			"long query":      {"Long", "q=" + strings.Repeat("a", 2000), []string{"query"}},
			"bad query":       {"Bad", "q=%zz", []string{"query"}},
			"both bad fields": {" ", "q=%zz", []string{"name", "query"}},
		} {
			p := post(tc.name, tc.query).problem(t, http.StatusUnprocessableEntity)
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.fields) {
				t.Errorf("%s: fields %v, want %v (%+v)", name, got, tc.fields, p)
			}
		}
		for i := 1; i < 50; i++ {
			if r := post(fmt.Sprintf("View %d", i), "page=1"); r.StatusCode != http.StatusCreated {
				t.Fatalf("view %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		p := post("One too many", "page=1").problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "name" {
			t.Fatalf("51st view: %+v", p)
		}
		if got := s.views(admin); len(got) != 50 || got[0].Name != "Overdue" && got[0].Name != "View 1" {
			t.Fatalf("views: %d", len(got))
		}
		if n := len(s.auditEvents(admin, "view.create")); n != 50 {
			t.Fatalf("%d view.create events, want 50", n)
		}
	})
}
