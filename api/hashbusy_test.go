package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// loginFrom signs in from the loopback address ip (127.0.0.0/8 all reach the
// test server), so that one test can be several clients.
func (s *server) loginFrom(t *testing.T, ip, email, password string) response {
	t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	transport := &http.Transport{DialContext: dialer.DialContext}
	defer transport.CloseIdleConnections()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, err := http.NewRequest(http.MethodPost, s.url+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := (&http.Client{Transport: transport}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkResponse(t, req, res, b)
	return response{Response: res, body: b}
}

// busy checks the answer to a sign-in that found no free hashing slot: a 503
// problem with a Retry-After in whole seconds, which it returns.
func busy(t *testing.T, r response) int {
	t.Helper()
	r.problem(t, http.StatusServiceUnavailable)
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 1 {
		t.Fatalf("503 with Retry-After %q, want whole seconds", r.Header.Get("Retry-After"))
	}
	return secs
}

// A sign-in that finds no hashing slot free in time is a 503 problem+json
// with Retry-After, and its attempt is not held against the account. One
// slot and a wait of a millisecond make parallel sign-ins miss it.
func TestSignInWithNoFreeHashingSlotIs503WithRetryAfter(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) {
			o.Passwords = auth.NewPasswords(auth.HashMemory, time.Millisecond)
			o.LoginIPMaxFailures = 1000
		})
		var refused []string
		for round := 0; len(refused) == 0 && round < 10; round++ {
			var mu sync.Mutex
			var wg sync.WaitGroup
			for i := range 20 {
				email := "nobody" + strconv.Itoa(round) + "-" + strconv.Itoa(i) + "@example.org"
				wg.Go(func() {
					r := s.login(email, "wrong password")
					if r.StatusCode == http.StatusUnauthorized {
						return
					}
					if secs := busy(t, r); secs != 1 {
						t.Errorf("Retry-After %d, want 1: a slot is soon free", secs)
					}
					mu.Lock()
					refused = append(refused, email)
					mu.Unlock()
				})
			}
			wg.Wait()
		}
		if len(refused) == 0 {
			t.Fatal("no sign-in found every slot taken in 10 rounds of 20 at once")
		}
		t.Logf("%d sign-ins found no free slot", len(refused))
		for _, email := range refused {
			if n := countRows(t, db, "SELECT failures FROM login_failures WHERE key = 'account:"+email+"'"); n != 0 {
				t.Fatalf("%s counts %d attempts after a 503, want 0", email, n)
			}
		}
	})
}

// A burst of wrong passwords from one address takes the hashing slots, but
// only until the address has used up its attempts: after that it gets 429s
// that check no password. A legitimate sign-in from another address meanwhile
// may get 503s, which cost it nothing, and gets in by retrying after
// Retry-After; it is never refused as throttled or wrong.
func TestSignInFromAnotherAddressGetsInDuringABurst(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		limits := productionLimits
		limits.IPRate = 0 // the burst ends at the sign-in limit, not the request rate
		s := newServerWithLimits(t, db, limits, func(o *auth.Options) {
			o.Passwords = auth.NewPasswords(auth.HashMemory, 10*time.Millisecond) // one slot
			o.LoginIPMaxFailures = 10
		})
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Go(func() {
				for j := 0; ; j++ {
					r := s.loginFrom(t, "127.0.0.1", "nobody"+strconv.Itoa(i)+"-"+strconv.Itoa(j)+"@example.org", "wrong password")
					if r.StatusCode == http.StatusTooManyRequests {
						return // the address is throttled: the burst is over
					}
				}
			})
		}
		signedIn, try := false, 0
		for ; !signedIn && try < 60; try++ {
			r := s.loginFrom(t, "127.0.0.2", adminEmail, adminPassword)
			switch r.StatusCode {
			case http.StatusOK:
				signedIn = true
			case http.StatusServiceUnavailable:
				time.Sleep(time.Duration(busy(t, r)) * time.Second)
			default:
				t.Fatalf("the legitimate sign-in: %d %s", r.StatusCode, r.body)
			}
		}
		wg.Wait()
		if !signedIn {
			t.Fatal("the legitimate sign-in did not get in after 60 tries")
		}
		t.Logf("the legitimate sign-in got in at try %d", try)
		if n := countRows(t, db, "SELECT failures FROM login_failures WHERE key = 'ip:127.0.0.1'"); n < 10 {
			t.Fatalf("the burst's address counts %d attempts, want its limit of 10 used up", n)
		}
		if n := countRows(t, db, "SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE key = 'ip:127.0.0.2'"); n != 0 {
			t.Fatalf("the legitimate address counts %d attempts, want 0", n)
		}
	})
}
