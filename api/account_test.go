package api_test

import (
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

const ritaEmail, ritaPassword = "rita@example.org", "rita's first long password"

func (s *server) changePassword(token, current, next string) response {
	s.t.Helper()
	return s.do(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": current, "new_password": next}, bearer(token)...)
}

func TestChangeMyPasswordEndsMyOtherSignInsAndKeepsThisOne(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		s.createUser(admin, map[string]any{"email": ritaEmail, "name": "Rita", "role": "responder", "password": ritaPassword})
		here := s.signInAs(t, ritaEmail, ritaPassword)
		laptop := s.signInAs(t, ritaEmail, ritaPassword)

		// A wrong current password: refused on its field, nothing changed, audited as a failure.
		f := fieldsOf(t, s.changePassword(here.AccessToken, "not my password at all", "rita's second long password"))
		if len(f) != 1 || f["current_password"] != "Current password is not the password you signed in with." {
			t.Fatalf("wrong current password: fields %v", f)
		}
		// A wrong current one and a weak new one: both at once.
		f = fieldsOf(t, s.changePassword(here.AccessToken, "not my password at all", "qwerty123456"))
		if len(f) != 2 || f["current_password"] == "" || f["new_password"] != commonPasswordMessage {
			t.Fatalf("wrong current and common new: fields %v", f)
		}
		// A right current one and a weak new one.
		f = fieldsOf(t, s.changePassword(here.AccessToken, ritaPassword, "short"))
		if len(f) != 1 || f["new_password"] != "New password must be at least 12 characters." {
			t.Fatalf("short new password: fields %v", f)
		}
		f = fieldsOf(t, s.changePassword(here.AccessToken, ritaPassword, "qwerty123456"))
		if len(f) != 1 || f["new_password"] != commonPasswordMessage {
			t.Fatalf("common new password: fields %v", f)
		}
		f = fieldsOf(t, s.changePassword(here.AccessToken, ritaPassword, ritaPassword))
		if len(f) != 1 || f["new_password"] != "New password must differ from the current password." {
			t.Fatalf("the same password again: fields %v", f)
		}
		if st := s.me(laptop.AccessToken); st != http.StatusOK {
			t.Fatalf("a refused change ended another sign-in: %d", st)
		}
		if r := s.login(ritaEmail, ritaPassword); r.StatusCode != http.StatusOK {
			t.Fatalf("the old password stopped working after refusals: %d", r.StatusCode)
		}
		if n := len(s.auditEvents(admin, "user.password_change")); n != 0 {
			t.Fatalf("%d changes audited after refusals", n)
		}
		if n := len(s.auditEvents(admin, "auth.password_change_failed")); n != 2 {
			t.Fatalf("%d failed changes audited, want 2 (the wrong current passwords)", n)
		}

		const next = "rita's second long password"
		if r := s.changePassword(here.AccessToken, ritaPassword, next); r.StatusCode != http.StatusNoContent {
			t.Fatalf("change: %d %s", r.StatusCode, r.body)
		}
		// The other sign-in ends at once: its access token and its refresh token.
		s.refused(t, laptop.AccessToken, "another sign-in after the change")
		if r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": laptop.RefreshToken}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the other sign-in's refresh token: %d, want 401", r.StatusCode)
		}
		// This one stays, and refreshes.
		if st := s.me(here.AccessToken); st != http.StatusOK {
			t.Fatalf("this sign-in ended by its own change: %d", st)
		}
		r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": here.RefreshToken})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("this sign-in's refresh: %d %s", r.StatusCode, r.body)
		}
		var refreshed tokens
		r.json(&refreshed)
		if st := s.me(refreshed.AccessToken); st != http.StatusOK {
			t.Fatalf("refreshed token refused: %d", st)
		}
		if r := s.login(ritaEmail, ritaPassword); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the old password still signs in: %d", r.StatusCode)
		}
		s.signInAs(t, ritaEmail, next)

		events := s.auditEvents(admin, "user.password_change")
		if len(events) != 1 || events[0].ActorEmail == nil || *events[0].ActorEmail != ritaEmail ||
			events[0].EntityID == nil || *events[0].EntityID != here.User.ID {
			t.Fatalf("audited: %+v", events)
		}
	})
}

func TestEveryRoleMayChangeItsOwnPassword(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn()
	dept := s.createDepartment(admin.AccessToken, "Clinical Systems")
	for _, role := range []string{"responder", "department_head", "auditor"} {
		email := role + "@example.org"
		body := map[string]any{"email": email, "name": role, "role": role, "password": ritaPassword}
		if role == "department_head" {
			body["department_id"] = dept.ID
		}
		s.createUser(admin.AccessToken, body)
		tk := s.signInAs(t, email, ritaPassword)
		if r := s.changePassword(tk.AccessToken, ritaPassword, "a new password for "+role); r.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: %d %s", role, r.StatusCode, r.body)
		}
		s.signInAs(t, email, "a new password for "+role)
	}
	if r := s.changePassword(admin.AccessToken, adminPassword, "the admin's new password"); r.StatusCode != http.StatusNoContent {
		t.Fatalf("admin: %d %s", r.StatusCode, r.body)
	}
	if r := s.do(http.MethodPost, "/api/v1/me/password", map[string]string{"current_password": adminPassword, "new_password": "whatever it is now"}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a token: %d", r.StatusCode)
	}
}

func TestWrongCurrentPasswordsAreThrottledLikeSignIns(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginMaxFailures = 3 })
		admin := s.signIn().AccessToken
		s.createUser(admin, map[string]any{"email": ritaEmail, "name": "Rita", "role": "responder", "password": ritaPassword})
		tk := s.signInAs(t, ritaEmail, ritaPassword)
		for i := range 3 {
			if r := s.changePassword(tk.AccessToken, "guess number "+string(rune('a'+i)), "rita's second long password"); r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		// Over the limit even the right one is refused, and so is signing in.
		r := s.changePassword(tk.AccessToken, ritaPassword, "rita's second long password")
		if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("fourth try: %d %s (Retry-After %q)", r.StatusCode, r.body, r.Header.Get("Retry-After"))
		}
		if r := s.login(ritaEmail, ritaPassword); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("sign-in after three wrong current passwords: %d", r.StatusCode)
		}
		if r := s.login(ritaEmail, "rita's second long password"); r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("the refused new password: %d", r.StatusCode)
		}
	})
}

type meDoc struct {
	ID       string  `json:"id"`
	TimeZone *string `json:"time_zone"`
	Version  int     `json:"version"`
}

func TestMyTimeZoneIsCheckedStoredAndAudited(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		s.createUser(admin, map[string]any{"email": ritaEmail, "name": "Rita", "role": "auditor", "password": ritaPassword})
		rita := s.signInAs(t, ritaEmail, ritaPassword).AccessToken
		me := func() meDoc {
			var m meDoc
			s.do(http.MethodGet, "/api/v1/me", nil, bearer(rita)...).json(&m)
			return m
		}
		if m := me(); m.TimeZone != nil {
			t.Fatalf("a new account has a time zone: %q", *m.TimeZone)
		}
		for _, bad := range []string{"Mars/Olympus_Mons", "Local", "europe/warsaw ", "../../etc/passwd"} {
			r := s.do(http.MethodPatch, "/api/v1/me", map[string]any{"time_zone": bad}, bearer(rita)...)
			p := r.problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) != 1 || p.Errors[0].Field != "time_zone" || p.Errors[0].Message != "Time zone must be a known time zone, such as Europe/Warsaw." ||
				p.Detail != "Time zone must be a known time zone, such as Europe/Warsaw" {
				t.Fatalf("%q: %+v", bad, p)
			}
		}
		if r := s.do(http.MethodPatch, "/api/v1/me", map[string]any{"time_zone": 7}, bearer(rita)...); r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a number: %d", r.StatusCode)
		}
		if r := s.do(http.MethodPatch, "/api/v1/me", map[string]any{"role": "admin"}, bearer(rita)...); r.StatusCode/100 != 4 {
			t.Fatalf("a role through /me: %d", r.StatusCode)
		}
		if m := me(); m.TimeZone != nil || m.Version != 1 {
			t.Fatalf("refusals changed the account: %+v", m)
		}

		var m meDoc
		r := s.do(http.MethodPatch, "/api/v1/me", map[string]any{"time_zone": "America/Sao_Paulo"}, bearer(rita)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("set: %d %s", r.StatusCode, r.body)
		}
		r.json(&m)
		if m.TimeZone == nil || *m.TimeZone != "America/Sao_Paulo" || m.Version != 2 {
			t.Fatalf("answer: %+v", m)
		}
		if m := me(); m.TimeZone == nil || *m.TimeZone != "America/Sao_Paulo" {
			t.Fatalf("stored: %+v", m)
		}
		var withZone struct {
			TimeZone *string `json:"time_zone"`
		}
		s.do(http.MethodGet, "/api/v1/users/"+m.ID, nil, bearer(admin)...).json(&withZone)
		if withZone.TimeZone == nil || *withZone.TimeZone != "America/Sao_Paulo" {
			t.Fatalf("the admin's view: %+v", withZone)
		}
		// null goes back to the browser's.
		s.do(http.MethodPatch, "/api/v1/me", map[string]any{"time_zone": nil}, bearer(rita)...).json(&m)
		if m.TimeZone != nil || m.Version != 3 {
			t.Fatalf("cleared: %+v", m)
		}
		events := s.auditEvents(admin, "user.profile_update")
		if len(events) != 2 || events[0].ActorEmail == nil || *events[0].ActorEmail != ritaEmail {
			t.Fatalf("audited: %+v", events)
		}
		if c := events[1].Changes["time_zone"]; len(c) != 2 || c[0] != nil || c[1] != "America/Sao_Paulo" {
			t.Fatalf("first change: %v", events[1].Changes)
		}
	})
}
