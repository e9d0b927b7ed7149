package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Two admins who disable (or demote) each other at the same moment must not
// both succeed: the check that an enabled admin remains is serialised with
// the change, so exactly one of them is refused and one admin remains.
func TestTwoAdminsDisablingEachOtherAtOnceLeaveOneAdmin(t *testing.T) {
	t.Parallel()
	const trials = 10
	const password = "a long enough password"
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{})
		root := s.signIn().AccessToken
		pair := [2]apiUserDoc{
			s.createUser(root, map[string]any{"email": "ann@example.org", "name": "Ann", "role": "admin", "password": password}).User,
			s.createUser(root, map[string]any{"email": "bob@example.org", "name": "Bob", "role": "admin", "password": password}).User,
		}
		// Ann and Bob become the only admins.
		if r := s.do(http.MethodPatch, "/api/v1/users/"+s.admin.ID.String(), map[string]any{"role": "auditor"}, append(bearer(root), "If-Match", `"1"`)...); r.StatusCode != http.StatusOK {
			t.Fatalf("demote the first admin: %d %s", r.StatusCode, r.body)
		}
		for trial := range trials {
			change, undo := map[string]any{"disabled": true}, map[string]any{"disabled": false}
			if trial%2 == 1 {
				change, undo = map[string]any{"role": "auditor"}, map[string]any{"role": "admin"}
			}
			var tok [2]string
			for i, u := range pair {
				var tk tokens
				r := s.login(u.Email, password)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("trial %d: %s signs in: %d %s", trial, u.Email, r.StatusCode, r.body)
				}
				r.json(&tk)
				tok[i] = tk.AccessToken
			}
			rs := parallel(s, 2, func(i int) (string, string, any, []string) {
				other := pair[1-i]
				return http.MethodPatch, "/api/v1/users/" + other.ID, change, append(bearer(tok[i]), "If-Match", fmt.Sprintf(`"%d"`, other.Version))
			})
			// The loser is refused: 409 when it lost inside the transaction,
			// or 401/403 when the winner's change was committed before the
			// loser's request was even authorised.
			got := statuses(rs)
			if got[http.StatusOK] != 1 || got[http.StatusConflict]+got[http.StatusUnauthorized]+got[http.StatusForbidden] != 1 {
				t.Fatalf("trial %d (%v): statuses %v, want one 200 and one refusal: %s | %s", trial, change, got, rs[0].body, rs[1].body)
			}
			var enabled int64
			if err := db.SQL().QueryRow("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = false").Scan(&enabled); err != nil {
				t.Fatal(err)
			}
			if enabled != 1 {
				t.Fatalf("trial %d: %d enabled admins remain, want 1", trial, enabled)
			}
			// The winner restores the loser for the next trial.
			winner := 0
			if rs[1].StatusCode == http.StatusOK {
				winner = 1
			}
			rs[1-winner].problem(t, rs[1-winner].StatusCode)
			var changed apiUserDoc
			rs[winner].json(&changed)
			r := s.do(http.MethodPatch, "/api/v1/users/"+changed.ID, undo, append(bearer(tok[winner]), "If-Match", fmt.Sprintf(`"%d"`, changed.Version))...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("trial %d: restore: %d %s", trial, r.StatusCode, r.body)
			}
			r.json(&pair[1-winner])
			pair[winner] = s.userDoc(tok[winner], pair[winner].ID)
		}
	})
}

// userDoc reads an account as token's holder sees it.
func (s *server) userDoc(token, id string) apiUserDoc {
	s.t.Helper()
	var u apiUserDoc
	r := s.do(http.MethodGet, "/api/v1/users/"+id, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("get user %s: %d %s", id, r.StatusCode, r.body)
	}
	r.json(&u)
	return u
}
