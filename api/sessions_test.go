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
