package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type userCreated struct {
	User              apiUserDoc `json:"user"`
	GeneratedPassword *string    `json:"generated_password"`
}

func (s *server) createUser(token string, body map[string]any) userCreated {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/users", body, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create user: %d %s", r.StatusCode, r.body)
	}
	var u userCreated
	r.json(&u)
	return u
}

func TestAdminCreatesUsersWithGeneratedPasswords(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		u := s.createUser(admin, map[string]any{"email": "Rita@Example.org", "name": "Rita", "role": "responder"})
		if u.GeneratedPassword == nil || len(*u.GeneratedPassword) < 12 || u.User.Email != "rita@example.org" {
			t.Fatalf("created: %+v", u)
		}
		if r := s.login("rita@example.org", *u.GeneratedPassword); r.StatusCode != http.StatusOK {
			t.Fatalf("the generated password does not sign in: %d", r.StatusCode)
		}
		given := s.createUser(admin, map[string]any{"email": "sam@example.org", "name": "Sam", "role": "auditor", "password": "a long enough password"})
		if given.GeneratedPassword != nil {
			t.Fatal("a password was generated although one was given")
		}

		cases := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"email": "RITA@example.org", "name": "Again", "role": "responder"}, "email"},
			{map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head"}, "department_id"},
			{map[string]any{"email": "x@example.org", "name": "X", "role": "auditor", "department_id": "01890000-0000-7000-8000-000000000000"}, "department_id"},
			{map[string]any{"email": "y@example.org", "name": "Y", "role": "boss"}, "role"},
			{map[string]any{"email": "not-an-email", "name": "Z", "role": "auditor"}, "email"},
			{map[string]any{"email": "z@example.org", "name": "Z", "role": "auditor", "password": "short"}, "password"},
		}
		for _, c := range cases {
			p := s.do(http.MethodPost, "/api/v1/users", c.body, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%v: errors %+v, want %s", c.body, p.Errors, c.field)
			}
		}
		var l list[apiUserDoc]
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 3 {
			t.Fatalf("%d users listed, want 3 (nothing half-created)", len(l.Items))
		}
		events := s.auditEvents(admin, "user.create")
		if len(events) != 3 { // the admin of the harness, Rita and Sam
			t.Fatalf("%d user.create events, want 3", len(events))
		}
		for _, e := range events {
			if _, leaked := e.Changes["password"]; leaked {
				t.Fatal("a password reached the audit trail")
			}
		}
	})
}

func TestDisablingAUserLocksThemOutAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		u := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
		var rita tokens
		s.login("rita@example.org", "a long enough password").json(&rita)
		// Signed-in users are remembered for a moment: this request fills that cache.
		if r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(rita.AccessToken)...); r.StatusCode != http.StatusOK {
			t.Fatalf("me: %d %s", r.StatusCode, r.body)
		}

		path := "/api/v1/users/" + u.User.ID
		r := s.do(http.MethodPatch, path, map[string]any{"disabled": true}, append(bearer(admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(rita.AccessToken)...).problem(t, http.StatusUnauthorized)
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": rita.RefreshToken}).problem(t, http.StatusUnauthorized)
		s.login("rita@example.org", "a long enough password").problem(t, http.StatusUnauthorized)
		if e := s.auditEvents(admin, "user.disable"); len(e) != 1 || e[0].Changes["disabled"][1] != true {
			t.Fatalf("user.disable events: %+v", e)
		}

		// Re-enabled, Rita signs in again; the old family stays revoked.
		if r := s.do(http.MethodPatch, path, map[string]any{"disabled": false}, append(bearer(admin), "If-Match", `"2"`)...); r.StatusCode != http.StatusOK {
			t.Fatalf("enable: %d %s", r.StatusCode, r.body)
		}
		if r := s.login("rita@example.org", "a long enough password"); r.StatusCode != http.StatusOK {
			t.Fatalf("login after re-enable: %d", r.StatusCode)
		}
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": rita.RefreshToken}).problem(t, http.StatusUnauthorized)
	})
}

func TestTheLastAdminCannotBeDisabledOrDemoted(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		path := "/api/v1/users/" + s.admin.ID.String()
		for _, body := range []map[string]any{{"disabled": true}, {"role": "auditor"}} {
			s.do(http.MethodPatch, path, body, append(bearer(admin), "If-Match", `"1"`)...).problem(t, http.StatusConflict)
		}
		second := s.createUser(admin, map[string]any{"email": "second@example.org", "name": "Second", "role": "admin"})
		_ = second
		r := s.do(http.MethodPatch, path, map[string]any{"role": "auditor"}, append(bearer(admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("demote with another admin present: %d %s", r.StatusCode, r.body)
		}
		// Now an auditor, the former admin may no longer manage users.
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).problem(t, http.StatusForbidden)
	})
}

func TestPasswordResetReplacesThePasswordAndRevokesSessions(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		u := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "the first password"})
		var rita tokens
		s.login("rita@example.org", "the first password").json(&rita)

		r := s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/password", map[string]any{}, bearer(admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d %s", r.StatusCode, r.body)
		}
		var reset struct {
			GeneratedPassword *string `json:"generated_password"`
		}
		r.json(&reset)
		if reset.GeneratedPassword == nil {
			t.Fatal("no password generated")
		}
		s.login("rita@example.org", "the first password").problem(t, http.StatusUnauthorized)
		if r := s.login("rita@example.org", *reset.GeneratedPassword); r.StatusCode != http.StatusOK {
			t.Fatalf("new password refused: %d", r.StatusCode)
		}
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": rita.RefreshToken}).problem(t, http.StatusUnauthorized)
		s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/password", map[string]any{"password": "short"}, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		s.do(http.MethodPost, "/api/v1/users/01890000-0000-7000-8000-000000000000/password", map[string]any{}, bearer(admin)...).problem(t, http.StatusNotFound)
	})
}

// A responder hands a case on or shares it with colleagues, so they may list
// whom: enabled administrators and responders, with nothing else about them.
// The full account list stays with administrators.
func TestAssigneesAreTheEnabledAdminsAndResponders(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Clinical Systems")
		password := "a long enough password"
		for _, u := range []map[string]any{
			{"email": "rita@example.org", "name": "Rita", "role": "responder"},
			{"email": "gone@example.org", "name": "Gone", "role": "responder"},
			{"email": "ann@example.org", "name": "Ann", "role": "auditor"},
			{"email": "hal@example.org", "name": "Hal", "role": "department_head", "department_id": dept.ID},
		} {
			u["password"] = password
			s.createUser(admin, u)
		}
		var all list[apiUserDoc]
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).json(&all)
		for _, u := range all.Items {
			if u.Email == "gone@example.org" {
				if r := s.do(http.MethodPatch, "/api/v1/users/"+u.ID, map[string]any{"disabled": true}, append(bearer(admin), "If-Match", `"1"`)...); r.StatusCode != http.StatusOK {
					t.Fatalf("disable: %d %s", r.StatusCode, r.body)
				}
			}
		}
		var rita tokens
		s.login("rita@example.org", password).json(&rita)

		var page struct {
			Items      []map[string]any `json:"items"`
			NextCursor *string          `json:"next_cursor"`
		}
		r := s.do(http.MethodGet, "/api/v1/assignees?limit=1", nil, bearer(rita.AccessToken)...)
		r.json(&page)
		if r.StatusCode != http.StatusOK || len(page.Items) != 1 || page.NextCursor == nil {
			t.Fatalf("first page: %d %s", r.StatusCode, r.body)
		}
		emails := []string{page.Items[0]["email"].(string)}
		s.do(http.MethodGet, "/api/v1/assignees?limit=1&cursor="+*page.NextCursor, nil, bearer(rita.AccessToken)...).json(&page)
		for _, item := range page.Items {
			emails = append(emails, item["email"].(string))
			if len(item) != 4 || item["name"] != "Rita" || item["role"] != "responder" || item["id"] == "" {
				t.Errorf("assignee: %v", item)
			}
		}
		if fmt.Sprint(emails) != fmt.Sprint([]string{s.admin.Email, "rita@example.org"}) || page.NextCursor != nil {
			t.Fatalf("assignees: %v (next %v)", emails, page.NextCursor)
		}
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(rita.AccessToken)...).problem(t, http.StatusForbidden)
		for _, email := range []string{"ann@example.org", "hal@example.org"} {
			var tk tokens
			s.login(email, password).json(&tk)
			s.do(http.MethodGet, "/api/v1/assignees", nil, bearer(tk.AccessToken)...).problem(t, http.StatusForbidden)
		}
	})
}
