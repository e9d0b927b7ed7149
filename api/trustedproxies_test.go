package api_test

import (
	"net/http"
	"net/netip"
	"testing"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// behind serves every later request as a server whose trusted proxies are
// trusted, under limits (fresh buckets), with the same services and database.
func (s *server) behind(limits httpx.Limits, trusted ...string) {
	s.t.Helper()
	d := s.deps
	d.Limits = limits
	d.TrustedProxies = nil
	for _, p := range trusted {
		d.TrustedProxies = append(d.TrustedProxies, netip.MustParsePrefix(p))
	}
	s.echo = buildEcho(s.t, d)
	s.serving.Store(s.echo)
}

// failedSignInAddress signs in with a wrong password, saying xff in
// X-Forwarded-For, and returns the address the audit trail recorded for it.
func (s *server) failedSignInAddress(admin, email, xff string) string {
	s.t.Helper()
	s.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": "not the password at all"},
		"X-Forwarded-For", xff).problem(s.t, http.StatusUnauthorized)
	s.behind(httpx.Limits{}) // reading the audit trail is no request of the client's
	e := s.auditEvents(admin, "auth.login_failed")
	if len(e) == 0 || e[0].IP == nil {
		s.t.Fatalf("no address recorded for the failed sign-in: %+v", e)
	}
	return *e[0].IP
}

// Behind a trusted balancer, each client is counted under the address the
// balancer appended to X-Forwarded-For: two clients behind one balancer have
// a bucket each, what a client wrote into the header itself is passed over,
// and the audit trail records the client's address, not the balancer's.
func TestTrustedProxysForwardedForNamesTheClient(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn().AccessToken
	tight := httpx.Limits{IPRate: 0.001, IPBurst: 2}
	s.behind(tight, "127.0.0.1/32")
	me := func(xff string) int {
		return s.do(http.MethodGet, "/api/v1/me", nil, append(bearer(admin), "X-Forwarded-For", xff)...).StatusCode
	}
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests} {
		if got := me("203.0.113.7"); got != want {
			t.Fatalf("request %d from 203.0.113.7: %d, want %d", i+1, got, want)
		}
	}
	if got := me("203.0.113.8"); got != http.StatusOK {
		t.Fatalf("another client behind the same balancer: %d, want 200 (a bucket of its own)", got)
	}
	// The client wrote the first address; the balancer appended the one it saw.
	if got := me("198.51.100.1, 203.0.113.7"); got != http.StatusTooManyRequests {
		t.Fatalf("a client naming another address before the balancer's: %d, want 429 (counted as itself)", got)
	}
	s.behind(tight, "127.0.0.1/32")
	if ip := s.failedSignInAddress(admin, "mallory@example.org", "203.0.113.9"); ip != "203.0.113.9" {
		t.Fatalf("failed sign-in recorded from %s, want the client's 203.0.113.9", ip)
	}
}

// A peer that is not a trusted proxy cannot choose its address: its
// X-Forwarded-For is ignored, so changing it does not escape its bucket, and
// the audit trail records the connection's address.
func TestUntrustedPeersForwardedForIsIgnored(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn().AccessToken
	s.behind(httpx.Limits{IPRate: 0.001, IPBurst: 2}, "10.0.0.0/8") // the test's client is 127.0.0.1
	for i, xff := range []string{"203.0.113.7", "203.0.113.8", "203.0.113.9"} {
		want := http.StatusOK
		if i == 2 {
			want = http.StatusTooManyRequests
		}
		if got := s.do(http.MethodGet, "/api/v1/me", nil, append(bearer(admin), "X-Forwarded-For", xff)...).StatusCode; got != want {
			t.Fatalf("request %d claiming %s: %d, want %d (one bucket for the connection's address)", i+1, xff, got, want)
		}
	}
	s.behind(httpx.Limits{}, "10.0.0.0/8")
	if ip := s.failedSignInAddress(admin, "mallory@example.org", "203.0.113.9"); ip != "127.0.0.1" {
		t.Fatalf("failed sign-in recorded from %s, want the connection's 127.0.0.1", ip)
	}
	s.behind(httpx.Limits{}) // no proxies at all: the header is ignored too
	if ip := s.failedSignInAddress(admin, "eve@example.org", "203.0.113.10"); ip != "127.0.0.1" {
		t.Fatalf("without trusted proxies a failed sign-in was recorded from %s, want 127.0.0.1", ip)
	}
}
