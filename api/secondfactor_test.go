package api_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// withClock runs the auth service on c: TOTP codes change every 30 seconds
// and each is taken once, so tests move the clock rather than wait.
func withClock(c *testClock) serverOption { return func(o *auth.Options) { o.Now = c.Now } }

type enrolment struct {
	Secret     string    `json:"secret"`
	OtpauthURI string    `json:"otpauth_uri"`
	ExpiresAt  time.Time `json:"expires_at"`
}

type challenge struct {
	Challenge         string    `json:"challenge"`
	ExpiresAt         time.Time `json:"expires_at"`
	EnrolmentRequired bool      `json:"enrolment_required"`
}

type secondFactorStatus struct {
	TotpEnrolled      bool       `json:"totp_enrolled"`
	EnrolledAt        *time.Time `json:"enrolled_at"`
	RecoveryCodesLeft int        `json:"recovery_codes_left"`
	Required          bool       `json:"required"`
}

// code is the secret's code at the clock's time.
func code(t *testing.T, secret string, c *testClock) string {
	t.Helper()
	s, err := totp.GenerateCode(secret, c.Now())
	if err != nil {
		t.Fatalf("code: %v", err)
	}
	return s
}

// enrolTOTP sets up a second factor for the signed-in token's account and
// returns its secret and recovery codes; the clock moves on a step.
func (s *server) enrolTOTP(t *testing.T, token string, c *testClock) (string, []string) {
	t.Helper()
	var e enrolment
	r := s.do(http.MethodPost, "/api/v1/me/second-factor/totp", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("start enrolment: %d %s", r.StatusCode, r.body)
	}
	r.json(&e)
	r = s.do(http.MethodPost, "/api/v1/me/second-factor/totp/confirm", map[string]string{"code": code(t, e.Secret, c)}, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("confirm enrolment: %d %s", r.StatusCode, r.body)
	}
	var rc struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	r.json(&rc)
	c.advance(30 * time.Second)
	return e.Secret, rc.RecoveryCodes
}

// passwordStep signs in with a password and expects a challenge.
func (s *server) passwordStep(t *testing.T, email, password string) challenge {
	t.Helper()
	r := s.login(email, password)
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("login %s: %d %s, want 202 and a challenge", email, r.StatusCode, r.body)
	}
	var ch challenge
	r.json(&ch)
	if ch.Challenge == "" {
		t.Fatalf("no challenge: %s", r.body)
	}
	return ch
}

func (s *server) secondStep(ch challenge, answer map[string]string) response {
	s.t.Helper()
	body := map[string]string{"challenge": ch.Challenge}
	for k, v := range answer {
		body[k] = v
	}
	return s.do(http.MethodPost, "/api/v1/auth/second-factor", body)
}

func (s *server) secondFactorOf(t *testing.T, token, path string) secondFactorStatus {
	t.Helper()
	r := s.do(http.MethodGet, "/api/v1"+path, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.StatusCode, r.body)
	}
	var st secondFactorStatus
	r.json(&st)
	return st
}

// lastAuditChange returns a field's new value in the latest event of action.
func (s *server) lastAuditChange(t *testing.T, action, field string) string {
	t.Helper()
	var changes string
	err := s.db.SQL().QueryRow(`SELECT coalesce(changes, '') FROM audit_events WHERE action = $1 ORDER BY seq DESC LIMIT 1`, action).Scan(&changes)
	if err != nil {
		t.Fatalf("audit %s: %v", action, err)
	}
	return changes
}

func TestTwoStepSignInWithAnAuthenticatorApp(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": ritaPassword})
		rita := s.signInAs(t, "rita@example.org", ritaPassword)
		other := s.signInAs(t, "rita@example.org", ritaPassword)

		// A wrong code confirms nothing, and is audited.
		var e enrolment
		s.do(http.MethodPost, "/api/v1/me/second-factor/totp", nil, bearer(rita.AccessToken)...).json(&e)
		if !strings.HasPrefix(e.OtpauthURI, "otpauth://totp/Caseward:rita@example.org?") || !strings.Contains(e.OtpauthURI, "secret="+e.Secret) {
			t.Fatalf("otpauth URI: %s", e.OtpauthURI)
		}
		wrong := map[string]string{"code": "000000"}
		if code(t, e.Secret, clock) == "000000" {
			wrong["code"] = "111111"
		}
		p := s.do(http.MethodPost, "/api/v1/me/second-factor/totp/confirm", wrong, bearer(rita.AccessToken)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "code" {
			t.Fatalf("wrong code: %+v", p)
		}
		if st := s.secondFactorOf(t, rita.AccessToken, "/me/second-factor"); st.TotpEnrolled {
			t.Fatal("enrolled by a wrong code")
		}
		if n := s.auditCount("auth.second_factor_failed"); n != 1 {
			t.Fatalf("%d auth.second_factor_failed events, want 1", n)
		}

		// The right one enrols, hands out ten recovery codes and ends the
		// account's other sign-ins, not this one.
		r := s.do(http.MethodPost, "/api/v1/me/second-factor/totp/confirm", map[string]string{"code": code(t, e.Secret, clock)}, bearer(rita.AccessToken)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("confirm: %d %s", r.StatusCode, r.body)
		}
		var rc struct {
			RecoveryCodes []string `json:"recovery_codes"`
		}
		r.json(&rc)
		if len(rc.RecoveryCodes) != auth.RecoveryCodes {
			t.Fatalf("%d recovery codes, want %d", len(rc.RecoveryCodes), auth.RecoveryCodes)
		}
		s.refused(t, other.AccessToken, "another sign-in after enrolling")
		if st := s.me(rita.AccessToken); st != http.StatusOK {
			t.Fatalf("the enrolling sign-in was ended: %d", st)
		}
		st := s.secondFactorOf(t, rita.AccessToken, "/me/second-factor")
		if !st.TotpEnrolled || st.EnrolledAt == nil || st.RecoveryCodesLeft != 10 || st.Required {
			t.Fatalf("status after enrolling: %+v", st)
		}

		// The password alone no longer signs in; the code taken at
		// enrolment cannot be taken again.
		ch := s.passwordStep(t, "rita@example.org", ritaPassword)
		if ch.EnrolmentRequired || ch.ExpiresAt.Sub(clock.Now()) != 5*time.Minute {
			t.Fatalf("challenge: %+v", ch)
		}
		p = s.secondStep(ch, map[string]string{"code": code(t, e.Secret, clock)}).problem(t, http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "code" || !strings.Contains(p.Errors[0].Message, "used already") {
			t.Fatalf("a code taken twice: %+v", p)
		}
		if got := s.lastAuditChange(t, "auth.second_factor_failed", "reason"); !strings.Contains(got, "reused") {
			t.Fatalf("the refusal's audit: %s", got)
		}

		// The next code signs in, once.
		clock.advance(30 * time.Second)
		r = s.secondStep(ch, map[string]string{"code": " " + code(t, e.Secret, clock) + " "})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("second step: %d %s", r.StatusCode, r.body)
		}
		var tk tokens
		r.json(&tk)
		if s.me(tk.AccessToken) != http.StatusOK || strings.Contains(string(r.body), "recovery_codes") {
			t.Fatalf("session from the second step: %s", r.body)
		}
		if got := s.lastAuditChange(t, "auth.login", "method"); !strings.Contains(got, "password+totp") {
			t.Fatalf("auth.login's method: %s", got)
		}
		clock.advance(30 * time.Second)
		s.secondStep(ch, map[string]string{"code": code(t, e.Secret, clock)}).problem(t, http.StatusUnauthorized)

		// A recovery code signs in once, typed any way.
		ch = s.passwordStep(t, "rita@example.org", ritaPassword)
		typed := strings.ToUpper(strings.ReplaceAll(rc.RecoveryCodes[3], "-", " "))
		if r := s.secondStep(ch, map[string]string{"recovery_code": typed}); r.StatusCode != http.StatusOK {
			t.Fatalf("recovery code: %d %s", r.StatusCode, r.body)
		}
		if got := s.lastAuditChange(t, "auth.login", "method"); !strings.Contains(got, "password+recovery_code") {
			t.Fatalf("auth.login's method: %s", got)
		}
		ch = s.passwordStep(t, "rita@example.org", ritaPassword)
		p = s.secondStep(ch, map[string]string{"recovery_code": rc.RecoveryCodes[3]}).problem(t, http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "recovery_code" {
			t.Fatalf("a recovery code used twice: %+v", p)
		}
		if st := s.secondFactorOf(t, rita.AccessToken, "/me/second-factor"); st.RecoveryCodesLeft != 9 {
			t.Fatalf("%d recovery codes left, want 9", st.RecoveryCodesLeft)
		}
		// Both or neither is a 422, and changes nothing.
		s.secondStep(ch, map[string]string{"code": code(t, e.Secret, clock), "recovery_code": rc.RecoveryCodes[0]}).problem(t, http.StatusUnprocessableEntity)
		s.secondStep(ch, nil).problem(t, http.StatusUnprocessableEntity)
	})
}

func TestWrongCodesSpendTheChallengeAndAreThrottled(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		secret, _ := s.enrolTOTP(t, admin.AccessToken, clock)
		wrong := func() map[string]string {
			c := code(t, secret, clock)
			return map[string]string{"code": strings.Repeat(string("0123456789"[(int(c[0]-'0')+5)%10]), 6)}
		}

		// Five wrong codes spend a challenge: even the right code is then
		// refused, and the sign-in starts again with the password.
		ch := s.passwordStep(t, adminEmail, adminPassword)
		for range 5 {
			s.secondStep(ch, wrong()).problem(t, http.StatusUnprocessableEntity)
		}
		s.secondStep(ch, map[string]string{"code": code(t, secret, clock)}).problem(t, http.StatusUnauthorized)
		if n := s.auditCount("auth.second_factor_failed"); n != 5 {
			t.Fatalf("%d auth.second_factor_failed events, want 5", n)
		}

		// The account's wrong codes count across challenges, as wrong
		// passwords do: over the limit even a right code waits.
		ch = s.passwordStep(t, adminEmail, adminPassword)
		r := s.secondStep(ch, map[string]string{"code": code(t, secret, clock)})
		r.problem(t, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
		clock.advance(16 * time.Minute)
		ch = s.passwordStep(t, adminEmail, adminPassword)
		if r := s.secondStep(ch, map[string]string{"code": code(t, secret, clock)}); r.StatusCode != http.StatusOK {
			t.Fatalf("after the window: %d %s", r.StatusCode, r.body)
		}

		// A challenge ends after five minutes.
		clock.advance(30 * time.Second)
		ch = s.passwordStep(t, adminEmail, adminPassword)
		clock.advance(5*time.Minute + time.Second)
		s.secondStep(ch, map[string]string{"code": code(t, secret, clock)}).problem(t, http.StatusUnauthorized)
	})
}

func TestAChallengeEndsWithItsPasswordOrItsAccount(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		u := s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": ritaPassword})
		rita := s.signInAs(t, "rita@example.org", ritaPassword)
		secret, _ := s.enrolTOTP(t, rita.AccessToken, clock)

		ch := s.passwordStep(t, "rita@example.org", ritaPassword)
		if r := s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/password", map[string]any{"password": "another long password"}, bearer(admin.AccessToken)...); r.StatusCode != http.StatusOK {
			t.Fatalf("reset: %d %s", r.StatusCode, r.body)
		}
		s.secondStep(ch, map[string]string{"code": code(t, secret, clock)}).problem(t, http.StatusUnauthorized)

		clock.advance(30 * time.Second)
		ch = s.passwordStep(t, "rita@example.org", "another long password")
		var user struct {
			Version int `json:"version"`
		}
		s.do(http.MethodGet, "/api/v1/users/"+u.User.ID, nil, bearer(admin.AccessToken)...).json(&user)
		ifMatch := fmt.Sprintf("%q", strconv.Itoa(user.Version))
		if r := s.do(http.MethodPatch, "/api/v1/users/"+u.User.ID, map[string]any{"disabled": true}, append(bearer(admin.AccessToken), "If-Match", ifMatch)...); r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		s.secondStep(ch, map[string]string{"code": code(t, secret, clock)}).problem(t, http.StatusUnauthorized)
	})
}

func TestARoleThatRequiresASecondFactorSetsItUpAtSignIn(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": ritaPassword})
		s.createUser(admin.AccessToken, map[string]any{"email": "audrey@example.org", "name": "Audrey", "role": "auditor", "password": ritaPassword})
		audrey := s.signInAs(t, "audrey@example.org", ritaPassword)

		// Only administrators set the policy; a bad role changes nothing.
		s.do(http.MethodPut, "/api/v1/sign-in-policy", map[string]any{"second_factor_roles": []string{"responder"}}, bearer(audrey.AccessToken)...).problem(t, http.StatusForbidden)
		if r := s.do(http.MethodPut, "/api/v1/sign-in-policy", map[string]any{"second_factor_roles": []string{"responder", "janitor"}}, bearer(admin.AccessToken)...); r.StatusCode < 400 || r.StatusCode >= 500 {
			t.Fatalf("an unknown role: %d %s", r.StatusCode, r.body)
		}
		r := s.do(http.MethodPut, "/api/v1/sign-in-policy", map[string]any{"second_factor_roles": []string{"responder"}}, bearer(admin.AccessToken)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("policy: %d %s", r.StatusCode, r.body)
		}
		var policy struct {
			SecondFactorRoles []string   `json:"second_factor_roles"`
			UpdatedAt         *time.Time `json:"updated_at"`
		}
		s.do(http.MethodGet, "/api/v1/sign-in-policy", nil, bearer(audrey.AccessToken)...).json(&policy)
		if len(policy.SecondFactorRoles) != 1 || policy.SecondFactorRoles[0] != "responder" || policy.UpdatedAt == nil {
			t.Fatalf("policy as the auditor reads it: %+v", policy)
		}
		if n := s.auditCount("settings.sign_in_policy"); n != 1 {
			t.Fatalf("%d settings.sign_in_policy events, want 1", n)
		}
		// Roles it does not name sign in as before.
		s.signInAs(t, "audrey@example.org", ritaPassword)

		// A responder without a second factor sets one up before getting in.
		ch := s.passwordStep(t, "rita@example.org", ritaPassword)
		if !ch.EnrolmentRequired {
			t.Fatalf("challenge without enrolment_required: %+v", ch)
		}
		s.secondStep(ch, map[string]string{"code": "123456"}).problem(t, http.StatusConflict)
		var e enrolment
		r = s.do(http.MethodPost, "/api/v1/auth/second-factor/enrolment", map[string]string{"challenge": ch.Challenge})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("enrolment at sign-in: %d %s", r.StatusCode, r.body)
		}
		r.json(&e)
		r = s.secondStep(ch, map[string]string{"code": code(t, e.Secret, clock)})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("second step with the new secret: %d %s", r.StatusCode, r.body)
		}
		var tk struct {
			tokens
			RecoveryCodes []string `json:"recovery_codes"`
		}
		r.json(&tk)
		if len(tk.RecoveryCodes) != auth.RecoveryCodes || s.me(tk.AccessToken) != http.StatusOK {
			t.Fatalf("signed in with %d recovery codes", len(tk.RecoveryCodes))
		}
		st := s.secondFactorOf(t, tk.AccessToken, "/me/second-factor")
		if !st.TotpEnrolled || !st.Required {
			t.Fatalf("status: %+v", st)
		}
		// Required, so it cannot be removed, only replaced.
		s.do(http.MethodPost, "/api/v1/me/second-factor/remove", map[string]string{"password": ritaPassword}, bearer(tk.AccessToken)...).problem(t, http.StatusConflict)
		// An enrolled account's challenge asks for a code, not an enrolment.
		clock.advance(30 * time.Second)
		ch = s.passwordStep(t, "rita@example.org", ritaPassword)
		if ch.EnrolmentRequired {
			t.Fatal("enrolment asked again")
		}
		s.do(http.MethodPost, "/api/v1/auth/second-factor/enrolment", map[string]string{"challenge": ch.Challenge}).problem(t, http.StatusConflict)
	})
}

func TestAnAdministratorResetsSomeonesSecondFactor(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		u := s.createUser(admin.AccessToken, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": ritaPassword})
		rita := s.signInAs(t, "rita@example.org", ritaPassword)
		s.enrolTOTP(t, rita.AccessToken, clock)
		if st := s.secondFactorOf(t, admin.AccessToken, "/users/"+u.User.ID+"/second-factor"); !st.TotpEnrolled {
			t.Fatal("the admin does not see Rita's second factor")
		}
		s.do(http.MethodGet, "/api/v1/users/"+u.User.ID+"/second-factor", nil, bearer(rita.AccessToken)...).problem(t, http.StatusForbidden)
		s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/second-factor/reset", nil, bearer(rita.AccessToken)...).problem(t, http.StatusForbidden)
		s.do(http.MethodPost, "/api/v1/users/01900000-0000-7000-8000-00000000dead/second-factor/reset", nil, bearer(admin.AccessToken)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, "/api/v1/users/"+s.admin.ID.String()+"/second-factor/reset", nil, bearer(admin.AccessToken)...).problem(t, http.StatusConflict)

		if r := s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/second-factor/reset", nil, bearer(admin.AccessToken)...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("reset: %d %s", r.StatusCode, r.body)
		}
		s.refused(t, rita.AccessToken, "after a reset of the second factor")
		rita = s.signInAs(t, "rita@example.org", ritaPassword) // no second step any more
		if st := s.secondFactorOf(t, rita.AccessToken, "/me/second-factor"); st.TotpEnrolled || st.RecoveryCodesLeft != 0 {
			t.Fatalf("after the reset: %+v", st)
		}
		if n := s.auditCount("user.second_factor_reset"); n != 1 {
			t.Fatalf("%d user.second_factor_reset events, want 1", n)
		}
	})
}

func TestSomeoneRemovesOrRenewsTheirOwnSecondFactor(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		s := newServer(t, db, withClock(clock))
		admin := s.signInAs(t, adminEmail, adminPassword)
		s.do(http.MethodPost, "/api/v1/me/second-factor/remove", map[string]string{"password": adminPassword}, bearer(admin.AccessToken)...).problem(t, http.StatusConflict)
		s.do(http.MethodPost, "/api/v1/me/second-factor/recovery-codes", map[string]string{"code": "123456"}, bearer(admin.AccessToken)...).problem(t, http.StatusConflict)
		secret, old := s.enrolTOTP(t, admin.AccessToken, clock)

		r := s.do(http.MethodPost, "/api/v1/me/second-factor/recovery-codes", map[string]string{"code": code(t, secret, clock)}, bearer(admin.AccessToken)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("renew: %d %s", r.StatusCode, r.body)
		}
		var rc struct {
			RecoveryCodes []string `json:"recovery_codes"`
		}
		r.json(&rc)
		ch := s.passwordStep(t, adminEmail, adminPassword)
		s.secondStep(ch, map[string]string{"recovery_code": old[0]}).problem(t, http.StatusUnprocessableEntity)
		if r := s.secondStep(ch, map[string]string{"recovery_code": rc.RecoveryCodes[0]}); r.StatusCode != http.StatusOK {
			t.Fatalf("a renewed recovery code: %d %s", r.StatusCode, r.body)
		}

		p := s.do(http.MethodPost, "/api/v1/me/second-factor/remove", map[string]string{"password": "not the password"}, bearer(admin.AccessToken)...).problem(t, http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "password" || s.auditCount("auth.second_factor_remove_failed") != 1 {
			t.Fatalf("wrong password: %+v", p)
		}
		if r := s.do(http.MethodPost, "/api/v1/me/second-factor/remove", map[string]string{"password": adminPassword}, bearer(admin.AccessToken)...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("remove: %d %s", r.StatusCode, r.body)
		}
		s.signInAs(t, adminEmail, adminPassword)
		for _, a := range []string{"auth.second_factor_enrol", "auth.recovery_codes_renew", "auth.second_factor_remove"} {
			if n := s.auditCount(a); n != 1 {
				t.Errorf("%d %s events, want 1", n, a)
			}
		}
	})
}

// TestOneCodeSignsInOnceWhenTwoSignInsRace: a code seen over a shoulder and
// typed at once on another machine gets in once, however the two race.
func TestOneCodeSignsInOnceWhenTwoSignInsRace(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clock := newTestClock()
		var racing atomic.Bool
		s := newServer(t, db, withClock(clock), func(o *auth.Options) {
			o.SecondFactorLocked = func() {
				if racing.Load() {
					time.Sleep(200 * time.Millisecond) // the others arrive meanwhile
				}
			}
		})
		admin := s.signInAs(t, adminEmail, adminPassword)
		secret, _ := s.enrolTOTP(t, admin.AccessToken, clock)
		const racers = 4 // within the account's five attempts at once
		challenges := make([]challenge, racers)
		for i := range challenges {
			challenges[i] = s.passwordStep(t, adminEmail, adminPassword)
		}
		c := code(t, secret, clock)
		racing.Store(true)
		statuses := make(chan int, racers)
		var wg sync.WaitGroup
		for _, ch := range challenges {
			wg.Go(func() { statuses <- s.secondStep(ch, map[string]string{"code": c}).StatusCode })
		}
		wg.Wait()
		close(statuses)
		ok := 0
		for st := range statuses {
			switch st {
			case http.StatusOK:
				ok++
			case http.StatusUnprocessableEntity:
			default:
				t.Errorf("status %d", st)
			}
		}
		if ok != 1 {
			t.Fatalf("%d sign-ins with one code, want 1", ok)
		}
	})
}
