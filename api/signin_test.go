package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// parallelLogins sends n sign-ins at once, the i-th as email(i), and counts
// the answers by status. Every 429 and 503 must carry a Retry-After.
func parallelLogins(t *testing.T, s *server, n int, email func(i int) string, password string) map[int]int {
	t.Helper()
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := s.login(email(i), password)
			if r.StatusCode == http.StatusTooManyRequests || r.StatusCode == http.StatusServiceUnavailable {
				if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 {
					t.Errorf("%d without a Retry-After: %q", r.StatusCode, r.Header.Get("Retry-After"))
				}
			}
			statuses <- r.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	counts := map[int]int{}
	for st := range statuses {
		counts[st]++
	}
	return counts
}

// countRows counts the rows a query finds.
func countRows(t *testing.T, db *store.DB, query string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The attempt is counted before the password is hashed, so parallel sign-ins
// from one address cannot all pass a check made before any of them counted:
// at most the address's limit of passwords are checked, the rest are 429.
func TestParallelSignInsFromOneAddressCheckAtMostTheLimit(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db) // 50 attempts per address
		before := s.passwords.Stats().Computed
		counts := parallelLogins(t, s, 250, func(i int) string { return "nobody" + strconv.Itoa(i) + "@example.org" }, "wrong password")
		checked := s.passwords.Stats().Computed - before
		if checked > 50 {
			t.Fatalf("%d passwords checked, want at most the address limit of 50; answers %v", checked, counts)
		}
		if counts[http.StatusTooManyRequests] < 200 || counts[http.StatusUnauthorized] != int(checked) ||
			counts[http.StatusUnauthorized]+counts[http.StatusTooManyRequests]+counts[http.StatusServiceUnavailable] != 250 {
			t.Fatalf("answers %v with %d passwords checked", counts, checked)
		}
		if n := countRows(t, db, "SELECT count(*) FROM audit_events WHERE action = 'auth.login_failed'"); n != int(checked) {
			t.Fatalf("%d failed sign-ins audited, want %d", n, checked)
		}
		// Only checked passwords count: a 429 or a 503 checked none and gives
		// its attempt back.
		failures := countRows(t, db, "SELECT failures FROM login_failures WHERE key = 'ip:127.0.0.1'")
		if failures != counts[http.StatusUnauthorized] {
			t.Fatalf("the address counts %d attempts; answers %v", failures, counts)
		}
		// Once the address holds its limit of failures, even the right password waits.
		if failures == 50 {
			if p := s.login(adminEmail, adminPassword).problem(t, http.StatusTooManyRequests); !strings.Contains(p.Detail, "too many sign-in attempts") {
				t.Fatalf("detail: %q", p.Detail)
			}
		}
	})
}

// Parallel guesses at one account check at most its limit of passwords.
func TestParallelGuessesAtOneAccountCheckAtMostItsLimit(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginIPMaxFailures = 1000 }) // 5 per account
		before := s.passwords.Stats().Computed
		counts := parallelLogins(t, s, 100, func(int) string { return adminEmail }, "wrong password")
		checked := s.passwords.Stats().Computed - before
		if checked > 5 {
			t.Fatalf("%d guesses checked, want at most the account limit of 5; answers %v", checked, counts)
		}
		if counts[http.StatusTooManyRequests] < 95 || counts[http.StatusUnauthorized] != int(checked) {
			t.Fatalf("answers %v with %d guesses checked", counts, checked)
		}
		failures := countRows(t, db, "SELECT failures FROM login_failures WHERE key = 'account:"+adminEmail+"'")
		if failures != int(checked) {
			t.Fatalf("the account counts %d attempts, want the %d checked", failures, checked)
		}
		if failures == 5 {
			s.login(adminEmail, adminPassword).problem(t, http.StatusTooManyRequests)
		}
	})
}

// A successful sign-in gives back the attempt it reserved against its address,
// so that an office behind one address is not throttled by its own sign-ins.
func TestSuccessfulSignInsDoNotCountAgainstTheAddress(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginIPMaxFailures = 3 })
		for range 5 {
			s.signIn()
		}
		if n := countRows(t, db, "SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE key = 'ip:127.0.0.1'"); n != 0 {
			t.Fatalf("the address counts %d attempts after only successes, want 0", n)
		}
	})
}

// Sign-ins refused by the address's limit checked no password, so they are
// no failures: a burst of right passwords from one office behind one address
// leaves the address free for the next colleague, with nothing counted.
func TestParallelRightPasswordsLeaveTheAddressFree(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginIPMaxFailures = 5 })
		admin := s.signIn().AccessToken
		colleague := "colleague@example.org"
		if r := s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": colleague, "name": "Colleague", "role": "responder",
			"password": "a colleague's long password"}, bearer(admin)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("create colleague: %d %s", r.StatusCode, r.body)
		}
		counts := parallelLogins(t, s, 60, func(int) string { return adminEmail }, adminPassword)
		if counts[http.StatusOK] == 0 || counts[http.StatusUnauthorized] != 0 {
			t.Fatalf("answers %v: some right passwords should get in, none be refused as wrong", counts)
		}
		if n := countRows(t, db, "SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE key = 'ip:127.0.0.1'"); n != 0 {
			t.Fatalf("after only right passwords the address counts %d attempts, want 0; answers %v", n, counts)
		}
		if r := s.login(colleague, "a colleague's long password"); r.StatusCode != http.StatusOK {
			t.Fatalf("the colleague's sign-in after the burst: %d %s", r.StatusCode, r.body)
		}
	})
}

// Password hashing is bounded: however many sign-ins and account creations
// arrive at once, no more hashes run together than the memory budget allows
// (two here), so memory for hashing stays below two times 19 MiB. Requests
// that find no slot in time are a 503 with Retry-After, never a queue without end.
func TestPasswordHashingRunsAtMostItsSlotsAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.Passwords = auth.NewPasswords(2*auth.HashMemory, auth.HashWait) })
		admin := s.signIn().AccessToken
		before := s.passwords.Stats().Computed
		var wg sync.WaitGroup
		var mu sync.Mutex
		counts := map[int]int{}
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var r response
				if i%4 == 0 { // a new account: its password is hashed
					r = s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "new" + strconv.Itoa(i) + "@example.org",
						"name": "New", "role": "responder", "password": "a long enough password " + strconv.Itoa(i)}, bearer(admin)...)
				} else {
					r = s.login("nobody"+strconv.Itoa(i)+"@example.org", "wrong password")
				}
				if r.StatusCode == http.StatusServiceUnavailable {
					r.problem(t, http.StatusServiceUnavailable)
					if r.Header.Get("Retry-After") == "" {
						t.Error("503 without Retry-After")
					}
				}
				mu.Lock()
				counts[r.StatusCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		st := s.passwords.Stats()
		if st.Slots != 2 || st.Peak > 2 {
			t.Fatalf("%d hashes ran at once with %d slots", st.Peak, st.Slots)
		}
		if got := st.Computed - before; int(got)+counts[http.StatusServiceUnavailable] != 40 ||
			counts[http.StatusCreated]+counts[http.StatusUnauthorized]+counts[http.StatusServiceUnavailable] != 40 {
			t.Fatalf("answers %v with %d hashes run", counts, got)
		}
	})
}
