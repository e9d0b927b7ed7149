package api_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// userChange is an admin's change that ends every sign-in of a user; undo,
// when set, takes back what would hide a token left alive by mistake (a
// disabled owner is refused whatever the state of the token).
type userChange struct {
	do, undo func(s *server, admin, userID string) response
}

func userChanges() map[string]userChange {
	patch := func(disabled bool, version string) func(s *server, admin, userID string) response {
		return func(s *server, admin, userID string) response {
			return s.do(http.MethodPatch, "/api/v1/users/"+userID, map[string]any{"disabled": disabled}, append(bearer(admin), "If-Match", version)...)
		}
	}
	return map[string]userChange{
		"password reset": {do: func(s *server, admin, userID string) response {
			return s.do(http.MethodPost, "/api/v1/users/"+userID+"/password", map[string]any{"password": "another long password"}, bearer(admin)...)
		}},
		"disable": {do: patch(true, `"1"`), undo: patch(false, `"2"`)},
	}
}

// hookOnce is a test hook that runs, once, the function armed last.
type hookOnce struct{ next atomic.Pointer[func()] }

func (h *hookOnce) arm(f func()) { h.next.Store(&f) }

func (h *hookOnce) run() {
	if f := h.next.Swap(nil); f != nil {
		(*f)()
	}
}

// A refresh that holds the lock on its token while an admin resets the
// user's password or disables the account must not leave a sign-in alive:
// either the refresh is refused, or the token it hands out is revoked with
// the rest. Refresh is paused (by a test hook) after it locked its token and
// before it spends it; the reset or disable runs until it waits for that
// refresh, then the refresh goes on. (SQLite runs write transactions one at
// a time, so there the change simply waits for the whole refresh.)
func TestRefreshRacingResetOrDisableLeavesNoSignInAlive(t *testing.T) {
	t.Parallel()
	for name, change := range userChanges() {
		t.Run(name, func(t *testing.T) {
			dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
				var hook hookOnce
				s := newServer(t, db, func(o *auth.Options) { o.RefreshLocked = hook.run })
				admin := s.signIn().AccessToken
				u := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
				rita := s.signInAs(t, "rita@example.org", "a long enough password")

				var changed response
				started := make(chan error, 1)
				var done <-chan struct{}
				hook.arm(func() {
					var err error
					done, err = dbtest.StartBlocked(db, func() { changed = change.do(s, admin, u.User.ID) })
					started <- err
				})
				r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": rita.RefreshToken})
				select {
				case err := <-started:
					if err != nil {
						t.Fatal(err)
					}
				default:
					t.Fatal("the refresh never reached its hook")
				}
				<-done
				if changed.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s", name, changed.StatusCode, changed.body)
				}
				if n := countRows(t, db, "SELECT count(*) FROM refresh_tokens WHERE user_id = '"+u.User.ID+"' AND revoked_at IS NULL"); n != 0 {
					t.Fatalf("%d refresh tokens of the user live after the %s", n, name)
				}
				if change.undo != nil {
					if r := change.undo(s, admin, u.User.ID); r.StatusCode != http.StatusOK {
						t.Fatalf("undo the %s: %d %s", name, r.StatusCode, r.body)
					}
				}
				switch r.StatusCode {
				case http.StatusUnauthorized:
				case http.StatusOK:
					var next tokens
					r.json(&next)
					s.refused(t, next.AccessToken, "the refreshed access token after the "+name)
					s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": next.RefreshToken}).problem(t, http.StatusUnauthorized)
				default:
					t.Fatalf("refresh: %d %s", r.StatusCode, r.body)
				}
				s.refused(t, rita.AccessToken, "the first access token after the "+name)
			})
		})
	}
}

// A sign-in whose password was checked just before an admin reset that
// password or disabled the account must not start a session: the check was
// against credentials that no longer hold. Login is paused (by a test hook)
// after the right password was checked and before it stores the session; the
// reset or disable runs to the end in between.
func TestSignInRacingResetOrDisableStartsNoSession(t *testing.T) {
	t.Parallel()
	for name, change := range userChanges() {
		t.Run(name, func(t *testing.T) {
			dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
				var hook hookOnce
				s := newServer(t, db, func(o *auth.Options) { o.PasswordChecked = hook.run })
				admin := s.signIn().AccessToken
				u := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})

				changed := make(chan response, 1)
				hook.arm(func() { changed <- change.do(s, admin, u.User.ID) })
				r := s.login("rita@example.org", "a long enough password")
				select {
				case c := <-changed:
					if c.StatusCode != http.StatusOK {
						t.Fatalf("%s: %d %s", name, c.StatusCode, c.body)
					}
				default:
					t.Fatal("the sign-in never reached its hook")
				}
				r.problem(t, http.StatusUnauthorized)
				if n := countRows(t, db, "SELECT count(*) FROM refresh_tokens WHERE user_id = '"+u.User.ID+"'"); n != 0 {
					t.Fatalf("%d refresh tokens stored for a sign-in the %s overtook", n, name)
				}
			})
		})
	}
}
