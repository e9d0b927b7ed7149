package api_test

import (
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// me asks who is signed in with token and returns the status.
func (s *server) me(token string) int {
	s.t.Helper()
	return s.do(http.MethodGet, "/api/v1/me", nil, bearer(token)...).StatusCode
}

// refused checks that token is refused as belonging to an ended sign-in.
func (s *server) refused(t *testing.T, token, why string) {
	t.Helper()
	if p := s.do(http.MethodGet, "/api/v1/me", nil, bearer(token)...).problem(t, http.StatusUnauthorized); p.Detail == "" {
		t.Fatalf("%s: no detail", why)
	}
}

// signInAs signs in with email and password and checks the access token works
// (which also puts the user in the signed-in cache).
func (s *server) signInAs(t *testing.T, email, password string) tokens {
	t.Helper()
	r := s.login(email, password)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, r.StatusCode, r.body)
	}
	var tk tokens
	r.json(&tk)
	if st := s.me(tk.AccessToken); st != http.StatusOK {
		t.Fatalf("fresh access token refused: %d", st)
	}
	return tk
}

func TestLogoutEndsThatSignInsAccessTokensAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		first := s.signInAs(t, adminEmail, adminPassword)
		second := s.signInAs(t, adminEmail, adminPassword)
		if r := s.do(http.MethodPost, "/api/v1/auth/logout", map[string]string{"refresh_token": first.RefreshToken}); r.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, first.AccessToken, "after logout")
		if st := s.me(second.AccessToken); st != http.StatusOK {
			t.Fatalf("another sign-in's token refused after logout: %d", st)
		}
	})
}

func TestPasswordResetEndsEveryAccessTokenOfTheUserAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signInAs(t, adminEmail, adminPassword)
		u := s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
		laptop := s.signInAs(t, "rita@example.org", "a long enough password")
		phone := s.signInAs(t, "rita@example.org", "a long enough password")
		r := s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/password", map[string]any{"password": "another long password"}, bearer(admin.AccessToken)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, laptop.AccessToken, "after a password reset")
		s.refused(t, phone.AccessToken, "after a password reset")
		if st := s.me(admin.AccessToken); st != http.StatusOK {
			t.Fatalf("the admin's own token refused after resetting another's password: %d", st)
		}
		s.signInAs(t, "rita@example.org", "another long password")
	})
}

func TestReusedRefreshTokenEndsTheFamilysAccessTokensAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		first := s.signInAs(t, adminEmail, adminPassword)
		other := s.signInAs(t, adminEmail, adminPassword)
		r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("refresh: %d %s", r.StatusCode, r.body)
		}
		var second tokens
		r.json(&second)
		if st := s.me(second.AccessToken); st != http.StatusOK {
			t.Fatalf("refreshed token refused: %d", st)
		}
		// The spent refresh token again: the family is revoked, and every
		// access token issued in it stops working.
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken}).problem(t, http.StatusUnauthorized)
		s.refused(t, first.AccessToken, "after reuse")
		s.refused(t, second.AccessToken, "after reuse")
		if st := s.me(other.AccessToken); st != http.StatusOK {
			t.Fatalf("another sign-in's token refused after reuse: %d", st)
		}
	})
}

// Disabling refuses the account at once (TestDisablingAUserLocksThemOutAtOnce);
// it also ends its sign-ins, so enabling it again does not bring back the
// access tokens it had.
func TestDisablingEndsTheAccountsSignInsForGood(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signInAs(t, adminEmail, adminPassword)
		u := s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
		rita := s.signInAs(t, "rita@example.org", "a long enough password")
		path := "/api/v1/users/" + u.User.ID
		if r := s.do(http.MethodPatch, path, map[string]any{"disabled": true}, append(bearer(admin.AccessToken), "If-Match", `"1"`)...); r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, rita.AccessToken, "while disabled")
		if r := s.do(http.MethodPatch, path, map[string]any{"disabled": false}, append(bearer(admin.AccessToken), "If-Match", `"2"`)...); r.StatusCode != http.StatusOK {
			t.Fatalf("enable: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, rita.AccessToken, "after re-enabling")
		s.signInAs(t, "rita@example.org", "a long enough password")
	})
}

type apiSession struct {
	ID         string `json:"id"`
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at"`
	IP         string `json:"ip"`
	UserAgent  string `json:"user_agent"`
	Current    bool   `json:"current"`
}

func (s *server) sessions(t *testing.T, token, path string) []apiSession {
	t.Helper()
	r := s.do(http.MethodGet, path, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.body)
	}
	var l struct{ Items []apiSession }
	r.json(&l)
	return l.Items
}

func (s *server) loginWith(t *testing.T, email, password, userAgent string) tokens {
	t.Helper()
	r := s.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": password}, "User-Agent", userAgent)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("login: %d %s", r.StatusCode, r.body)
	}
	var tk tokens
	r.json(&tk)
	return tk
}

func TestSessionsAreSeenAndEndedByTheirOwnerOrAnAdmin(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
		laptop := s.loginWith(t, "rita@example.org", "a long enough password", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
		phone := s.loginWith(t, "rita@example.org", "a long enough password", "Mozilla/5.0 (iPhone) Safari/605.1 \u202e żółw")

		mine := s.sessions(t, laptop.AccessToken, "/api/v1/me/sessions")
		if len(mine) != 2 || mine[0].Current || !mine[1].Current || mine[0].IP != "127.0.0.1" ||
			mine[1].UserAgent != "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" || mine[0].UserAgent != "Mozilla/5.0 (iPhone) Safari/605.1   żółw" {
			t.Fatalf("Rita's sessions from the laptop: %+v", mine)
		}
		phoneID := mine[0].ID

		// A refresh keeps the session and moves its last use.
		r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": laptop.RefreshToken}, "User-Agent", "Firefox/141.0")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("refresh: %d %s", r.StatusCode, r.body)
		}
		var refreshed tokens
		r.json(&refreshed)
		after := s.sessions(t, refreshed.AccessToken, "/api/v1/me/sessions")
		if len(after) != 2 || after[1].ID != mine[1].ID || after[1].LastUsedAt < mine[1].LastUsedAt || after[1].UserAgent != "Firefox/141.0" || !after[1].Current {
			t.Fatalf("after a refresh: %+v", after)
		}

		// Another person cannot end it: not found, and it still works.
		auditor := s.createUser(admin, map[string]any{"email": "ola@example.org", "name": "Ola", "role": "auditor", "password": "a long enough password"})
		ola := s.signInAs(t, "ola@example.org", "a long enough password").AccessToken
		s.do(http.MethodPost, "/api/v1/me/sessions/"+phoneID+"/end", nil, bearer(ola)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, "/api/v1/sessions/"+phoneID+"/end", nil, bearer(ola)...).problem(t, http.StatusForbidden)
		s.do(http.MethodGet, "/api/v1/users/"+auditor.User.ID+"/sessions", nil, bearer(ola)...).problem(t, http.StatusForbidden)
		if st := s.me(phone.AccessToken); st != http.StatusOK {
			t.Fatalf("the phone after others' tries: %d", st)
		}

		// Rita ends the phone's sign-in from the laptop: its access token stops at once.
		if r := s.do(http.MethodPost, "/api/v1/me/sessions/"+phoneID+"/end", nil, bearer(refreshed.AccessToken)...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("end: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, phone.AccessToken, "the ended phone's access token")
		if r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": phone.RefreshToken}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the ended phone's refresh: %d", r.StatusCode)
		}
		s.do(http.MethodPost, "/api/v1/me/sessions/"+phoneID+"/end", nil, bearer(refreshed.AccessToken)...).problem(t, http.StatusNotFound)

		// The admin sees Rita's one sign-in left and ends it.
		var rita apiUserDoc
		s.do(http.MethodGet, "/api/v1/users/"+mine[1].ID+"/sessions", nil, bearer(admin)...).problem(t, http.StatusNotFound)
		var users list[apiUserDoc]
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).json(&users)
		for _, u := range users.Items {
			if u.Email == "rita@example.org" {
				rita = u
			}
		}
		left := s.sessions(t, admin, "/api/v1/users/"+rita.ID+"/sessions")
		if len(left) != 1 || left[0].ID != mine[1].ID || left[0].Current {
			t.Fatalf("Rita's sessions as the admin sees them: %+v", left)
		}
		if r := s.do(http.MethodPost, "/api/v1/sessions/"+left[0].ID+"/end", nil, bearer(admin)...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("the admin ends it: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, refreshed.AccessToken, "the laptop's access token, ended by the admin")
		if n := len(s.sessions(t, admin, "/api/v1/users/"+rita.ID+"/sessions")); n != 0 {
			t.Fatalf("%d sessions left", n)
		}
		ended := s.auditEvents(admin, "auth.session_end")
		if len(ended) != 2 || ended[0].ActorID == nil || *ended[0].ActorID == rita.ID || ended[1].ActorID == nil || *ended[1].ActorID != rita.ID {
			t.Fatalf("audit: %+v", ended)
		}
	})
}
