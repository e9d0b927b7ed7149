package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestLoginReturnsTokensAndMe(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		r := s.login("  ADMIN@Example.org ", adminPassword)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("login: %d %s", r.StatusCode, r.body)
		}
		var tk tokens
		r.json(&tk)
		if tk.TokenType != "Bearer" || tk.ExpiresIn != 900 || tk.AccessToken == "" || len(tk.RefreshToken) < 43 {
			t.Fatalf("unexpected token response: %s", r.body)
		}
		if tk.User.Email != adminEmail || tk.User.Role != "admin" || tk.User.ID != s.admin.ID.String() {
			t.Fatalf("unexpected user: %+v", tk.User)
		}
		me := s.do(http.MethodGet, "/api/v1/me", nil, bearer(tk.AccessToken)...)
		if me.StatusCode != http.StatusOK {
			t.Fatalf("me: %d %s", me.StatusCode, me.body)
		}
		var u apiUserDoc
		me.json(&u)
		if u.ID != s.admin.ID.String() || u.Name != "Ada Admin" {
			t.Fatalf("me = %+v", u)
		}
	})
}

func TestWrongEmailAndWrongPasswordGiveTheSame401(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		wrongPassword := s.login(adminEmail, "not the password at all").problem(t, http.StatusUnauthorized)
		wrongEmail := s.login("nobody@example.org", adminPassword).problem(t, http.StatusUnauthorized)
		wrongPassword.RequestID, wrongEmail.RequestID = "", ""
		if wrongPassword.Detail != wrongEmail.Detail || wrongPassword.Type != wrongEmail.Type {
			t.Fatalf("answers differ: %+v vs %+v", wrongPassword, wrongEmail)
		}
	})
}

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		first := s.signIn()
		r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("refresh: %d %s", r.StatusCode, r.body)
		}
		var second tokens
		r.json(&second)
		if second.RefreshToken == first.RefreshToken || second.AccessToken == "" {
			t.Fatal("refresh did not rotate the token")
		}
		if me := s.do(http.MethodGet, "/api/v1/me", nil, bearer(second.AccessToken)...); me.StatusCode != http.StatusOK {
			t.Fatalf("new access token refused: %d", me.StatusCode)
		}

		// The spent token again: refused, and the whole family goes with it.
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken}).problem(t, http.StatusUnauthorized)
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": second.RefreshToken}).problem(t, http.StatusUnauthorized)

		// Another sign-in is a separate family and still works.
		other := s.signIn()
		if r := s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": other.RefreshToken}); r.StatusCode != http.StatusOK {
			t.Fatalf("unrelated family refused: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestLogoutRevokesTheRefreshToken(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tk := s.signIn()
		for i := 0; i < 2; i++ { // signing out twice is harmless
			if r := s.do(http.MethodPost, "/api/v1/auth/logout", map[string]string{"refresh_token": tk.RefreshToken}); r.StatusCode != http.StatusNoContent {
				t.Fatalf("logout %d: %d %s", i, r.StatusCode, r.body)
			}
		}
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": tk.RefreshToken}).problem(t, http.StatusUnauthorized)
	})
}

func TestRepeatedFailuresAreThrottled(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginMaxFailures, o.LoginIPMaxFailures = 3, 6 })
		for i := 0; i < 3; i++ {
			s.login(adminEmail, "wrong password "+strconv.Itoa(i)).problem(t, http.StatusUnauthorized)
		}
		// Locked: even the right password waits.
		r := s.login(adminEmail, adminPassword)
		r.problem(t, http.StatusTooManyRequests)
		if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 15*60 {
			t.Fatalf("Retry-After = %q", r.Header.Get("Retry-After"))
		}
		// The address is throttled too once it reaches its own limit.
		for i := 0; i < 3; i++ {
			s.login("someone"+strconv.Itoa(i)+"@example.org", "wrong password").problem(t, http.StatusUnauthorized)
		}
		s.login("another@example.org", "wrong password").problem(t, http.StatusTooManyRequests)
	})
}

func TestSuccessfulLoginClearsTheAccountCount(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.LoginMaxFailures = 3 })
		for round := 0; round < 2; round++ {
			for i := 0; i < 2; i++ {
				s.login(adminEmail, "wrong password").problem(t, http.StatusUnauthorized)
			}
			s.signIn()
		}
	})
}

func TestBadAccessTokensAre401(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		good := s.signIn().AccessToken
		key, err := db.SigningKey(context.Background(), "access-token", nil)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		session := sessionOf(t, good) // a live sign-in of the admin
		claims := func(mod func(*testClaims)) testClaims {
			c := testClaims{RegisteredClaims: jwt.RegisteredClaims{
				Issuer: "caseward", Subject: s.admin.ID.String(), Audience: jwt.ClaimStrings{"caseward-api"},
				IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)),
			}, Sid: session}
			mod(&c)
			return c
		}
		sign := func(method jwt.SigningMethod, c testClaims, secret any) string {
			tok := jwt.NewWithClaims(method, c)
			tok.Header["kid"] = key.ID
			out, err := tok.SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		valid := sign(jwt.SigningMethodHS256, claims(func(*testClaims) {}), key.Secret)
		if r := s.do(http.MethodGet, "/api/v1/me", nil, bearer(valid)...); r.StatusCode != http.StatusOK {
			t.Fatalf("control token refused: %d %s", r.StatusCode, r.body)
		}
		parts := strings.Split(good, ".")
		tampered := parts[0] + "." + strings.TrimRight(parts[1], "=") + "x." + parts[2]
		bad := map[string]string{
			"tampered":        tampered,
			"expired":         sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour)) }), key.Secret),
			"no expiry":       sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.ExpiresAt = nil }), key.Secret),
			"alg none":        sign(jwt.SigningMethodNone, claims(func(*testClaims) {}), jwt.UnsafeAllowNoneSignatureType),
			"wrong key":       sign(jwt.SigningMethodHS256, claims(func(*testClaims) {}), []byte("some other secret of 32 bytes!!!")),
			"other HMAC alg":  sign(jwt.SigningMethodHS512, claims(func(*testClaims) {}), key.Secret),
			"wrong audience":  sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Audience = jwt.ClaimStrings{"someone-else"} }), key.Secret),
			"wrong issuer":    sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Issuer = "evil" }), key.Secret),
			"issued later":    sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) }), key.Secret),
			"unknown user":    sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Subject = "01890000-0000-7000-8000-000000000000" }), key.Secret),
			"no session":      sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Sid = "" }), key.Secret),
			"bad session":     sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Sid = "my-session" }), key.Secret),
			"unknown session": sign(jwt.SigningMethodHS256, claims(func(c *testClaims) { c.Sid = "01890000-0000-7000-8000-000000000000" }), key.Secret),
			"garbage":         "not-a-jwt",
		}
		for name, token := range bad {
			t.Run(name, func(t *testing.T) {
				s.do(http.MethodGet, "/api/v1/me", nil, bearer(token)...).problem(t, http.StatusUnauthorized)
			})
		}
		s.do(http.MethodGet, "/api/v1/me", nil, "Authorization", "Basic "+good).problem(t, http.StatusUnauthorized)
		s.do(http.MethodGet, "/api/v1/me", nil).problem(t, http.StatusUnauthorized)
	})
}

func TestConcurrentRefreshesOfOneTokenLetOneWin(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tk := s.signIn()
		const n = 8
		statuses := make(chan int, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses <- s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": tk.RefreshToken}).StatusCode
			}()
		}
		wg.Wait()
		close(statuses)
		won := 0
		for st := range statuses {
			switch st {
			case http.StatusOK:
				won++
			case http.StatusUnauthorized:
			default:
				t.Errorf("unexpected status %d", st)
			}
		}
		if won != 1 {
			t.Fatalf("%d refreshes succeeded, want exactly 1", won)
		}
	})
}

// testClaims are the claims of an access token: the registered ones and sid,
// the sign-in session it belongs to.
type testClaims struct {
	jwt.RegisteredClaims
	Sid string `json:"sid,omitempty"`
}

// sessionOf reads the sign-in session an access token names.
func sessionOf(t *testing.T, token string) string {
	t.Helper()
	var c testClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil || c.Sid == "" {
		t.Fatalf("read the session of %q: %v", token, err)
	}
	return c.Sid
}
