package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// quotaHeaders reads the RateLimit-* headers, which must be whole numbers.
func quotaHeaders(t *testing.T, r response) (limit, remaining, reset int) {
	t.Helper()
	var out [3]int
	for i, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} {
		n, err := strconv.Atoi(r.Header.Get(h))
		if err != nil || n < 0 {
			t.Fatalf("%s = %q, want a whole number", h, r.Header.Get(h))
		}
		out[i] = n
	}
	return out[0], out[1], out[2]
}

func retryAfter(t *testing.T, r response) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || n < 1 {
		t.Fatalf("Retry-After = %q, want whole seconds", r.Header.Get("Retry-After"))
	}
	return time.Duration(n) * time.Second
}

func TestUserRateLimitRefusesPastTheBurstThenRecovers(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{UserRate: 2, UserBurst: 3, IPRate: 1000, IPBurst: 1000})
		admin := s.signIn().AccessToken
		for i := range 3 {
			r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("request %d within the burst: %d %s", i+1, r.StatusCode, r.body)
			}
			if limit, remaining, _ := quotaHeaders(t, r); limit != 3 || remaining != 2-i {
				t.Fatalf("request %d: RateLimit-Limit %d, -Remaining %d; want the user's quota 3, %d", i+1, limit, remaining, 2-i)
			}
		}
		r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...)
		p := r.problem(t, http.StatusTooManyRequests)
		if p.RequestID == "" {
			t.Fatalf("no request id in %s", r.body)
		}
		wait := retryAfter(t, r)
		if _, remaining, reset := quotaHeaders(t, r); remaining != 0 || reset < 1 || reset > 2 {
			t.Fatalf("refused: RateLimit-Remaining %d, -Reset %d; want 0 and the 1.5 s to refill rounded up", remaining, reset)
		}
		time.Sleep(wait)
		if r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("after Retry-After: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestOneUsersFloodDoesNotBlockAnother(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{UserRate: 0.1, UserBurst: 5, IPRate: 1000, IPBurst: 1000})
	admin := s.signIn().AccessToken
	s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
	for s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...).StatusCode != http.StatusTooManyRequests {
	}
	r := s.login("rita@example.org", "a long enough password")
	var tk tokens
	r.json(&tk)
	for i := range 5 {
		if r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(tk.AccessToken)...); r.StatusCode != http.StatusOK {
			t.Fatalf("Rita's request %d while the admin is throttled: %d %s", i+1, r.StatusCode, r.body)
		}
	}
}

func TestAddressRateLimitCoversRequestsWithoutAToken(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{IPRate: 0.1, IPBurst: 2})
	for i := range 2 {
		r := s.do(http.MethodGet, "/api/v1/me", nil)
		r.problem(t, http.StatusUnauthorized)
		if limit, remaining, _ := quotaHeaders(t, r); limit != 2 || remaining != 1-i {
			t.Fatalf("request %d: RateLimit-Limit %d, -Remaining %d", i+1, limit, remaining)
		}
	}
	r := s.login(adminEmail, adminPassword) // even the right password waits
	r.problem(t, http.StatusTooManyRequests)
	if wait := retryAfter(t, r); wait < 9*time.Second || wait > 10*time.Second {
		t.Fatalf("Retry-After %v, want the 10 s one request takes to come back", wait)
	}
	for _, path := range []string{"/healthz", "/readyz"} { // not the API: never limited
		if r := s.do(http.MethodGet, path, nil); r.StatusCode != http.StatusOK || r.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("%s: %d, RateLimit-Limit %q", path, r.StatusCode, r.Header.Get("RateLimit-Limit"))
		}
	}
}

func TestSignedInRequestsReportTheTighterQuota(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{UserRate: 100, UserBurst: 50, IPRate: 0.01, IPBurst: 10})
	admin := s.signIn().AccessToken // spends one of the address's 10
	r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...)
	if limit, remaining, _ := quotaHeaders(t, r); limit != 10 || remaining != 8 {
		t.Fatalf("RateLimit-Limit %d, -Remaining %d; want the address's 10 and 8", limit, remaining)
	}
}

func TestZeroTurnsRateLimitingOff(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{})
	admin := s.signIn().AccessToken
	for i := range 300 {
		r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(admin)...)
		if r.StatusCode != http.StatusOK || r.Header.Get("RateLimit-Limit") != "" {
			t.Fatalf("request %d with limits off: %d, RateLimit-Limit %q", i+1, r.StatusCode, r.Header.Get("RateLimit-Limit"))
		}
	}
}
