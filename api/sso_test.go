package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// The whole code flow against a real provider (zitadel's op): the account is
// made at the first sign-in with the role and department its groups give,
// signs in as a normal session (listed, audited with its method), and
// follows its groups at each later sign-in.
func TestSingleSignOnMakesTheAccountAtFirstSignInAndFollowsGroups(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		idp, issuer := startIDP(t, s, ann)
		soc := enableSSO(t, s, issuer)
		b := newBrowser(t, s)

		location := b.signIn("ann", "ann-pw")
		if !strings.HasSuffix(location, "&return_to=%2Fcases") {
			t.Errorf("sign-in ended at %q, want the return path kept", location)
		}
		r := b.exchange(handoffCode(t, location))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("exchange: %d %s", r.StatusCode, r.body)
		}
		var tk tokens
		r.json(&tk)
		var me struct {
			ID, Email, Name, Role string
			DepartmentID          *string `json:"department_id"`
		}
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(tk.AccessToken)...).json(&me)
		if me.Email != "ann@example.org" || me.Name != "Ann Analyst" || me.Role != "responder" || me.DepartmentID == nil || *me.DepartmentID != soc.ID.String() {
			t.Fatalf("account made at first sign-in: %+v", me)
		}
		var sessions struct{ Items []struct{ ID string } }
		s.do(http.MethodGet, "/api/v1/me/sessions", nil, bearer(tk.AccessToken)...).json(&sessions)
		if len(sessions.Items) != 1 {
			t.Errorf("sessions after single sign-on: %+v", sessions)
		}
		if ch, email := lastAudit(t, s, "user.sso_create"); ch["role"][1] != "responder" || email != "ann@example.org" {
			t.Errorf("user.sso_create audited %v by %s", ch, email)
		}
		if ch, email := lastAudit(t, s, "auth.login"); ch["method"][1] != "oidc" || email != "ann@example.org" {
			t.Errorf("auth.login audited %v by %s", ch, email)
		}
		// A password sign-in is audited with its own method.
		s.signIn()
		if ch, _ := lastAudit(t, s, "auth.login"); ch["method"][1] != "password" {
			t.Errorf("password sign-in audited %v", ch)
		}

		// At the provider, Ann moves to the auditors and leaves the SOC.
		idp.SetGroups("ann", "cw-audit")
		again := newBrowser(t, s).signedIn("ann", "ann-pw")
		if again.User.ID != me.ID || again.User.Role != "auditor" {
			t.Fatalf("second sign-in: %+v, want the same account as an auditor", again.User)
		}
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(again.AccessToken)...).json(&me)
		if me.DepartmentID != nil {
			t.Errorf("department kept after leaving its group: %v", *me.DepartmentID)
		}
		if ch, _ := lastAudit(t, s, "user.sso_update"); ch["role"] != [2]any{"responder", "auditor"} || ch["department_id"][1] != nil {
			t.Errorf("user.sso_update audited %v", ch)
		}
	})
}

// Refused at the callback, each with its code for the SPA and audited:
// nobody's groups map to a role, an account disabled here, and an email
// that a local account already has (not taken over).
func TestSingleSignOnRefusesWhomCasewardMustNotLetIn(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann, eve, impostor)
		enableSSO(t, s, issuer)
		admin := s.signIn().AccessToken

		refusedFor(t, s, newBrowser(t, s).signIn("eve", "eve-pw"), "no_role", "no_mapped_group")
		if r := s.do(http.MethodGet, "/api/v1/users?limit=200", nil, bearer(admin)...); strings.Contains(string(r.body), "eve@example.org") {
			t.Error("an account was made for someone refused")
		}
		refusedFor(t, s, newBrowser(t, s).signIn("imp", "imp-pw"), "email_taken", "email_taken")

		tk := newBrowser(t, s).signedIn("ann", "ann-pw")
		r := s.do(http.MethodPatch, "/api/v1/users/"+tk.User.ID, map[string]any{"disabled": true}, append(bearer(admin), "If-Match", fmt.Sprintf(`"%d"`, tk.User.Version))...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		refusedFor(t, s, newBrowser(t, s).signIn("ann", "ann-pw"), "disabled", "account_disabled")
	})
}

// A state is spent by its first callback and works only in the browser that
// began it (login CSRF); the handoff code is spent once, works a minute, and
// only in that browser too.
func TestSingleSignOnStateAndHandoffCodeAreSpentOnceInTheirBrowser(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)

		b := newBrowser(t, s)
		code := handoffCode(t, b.signIn("ann", "ann-pw"))
		refusedFor(t, s, b.followCallback(b.callback), "state", "state_unknown_or_spent")

		if r := newBrowser(t, s).exchange(code); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("code exchanged in another browser: %d", r.StatusCode)
		}
		if ch, _ := lastAudit(t, s, "auth.login_failed"); ch["reason"][1] != "handoff_browser_mismatch" {
			t.Errorf("audited %v", ch)
		}
		if r := b.exchange(code); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("a code tried in the wrong browser still works in the right one: %d", r.StatusCode)
		}

		code = handoffCode(t, b.signIn("ann", "ann-pw"))
		if r := b.exchange(code); r.StatusCode != http.StatusOK {
			t.Fatalf("exchange: %d %s", r.StatusCode, r.body)
		}
		r := b.exchange(code)
		if p := r.problem(t, http.StatusUnauthorized); !strings.Contains(p.Detail, "used already") {
			t.Errorf("second exchange: %+v", p)
		}
		if ch, _ := lastAudit(t, s, "auth.login_failed"); ch["reason"][1] != "handoff_unknown_or_spent" {
			t.Errorf("audited %v", ch)
		}

		code = handoffCode(t, b.signIn("ann", "ann-pw"))
		if _, err := s.db.SQL().Exec("UPDATE oidc_handoffs SET expires_at = created_at"); err != nil {
			t.Fatal(err)
		}
		if r := b.exchange(code); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("expired code: %d", r.StatusCode)
		}
		if ch, _ := lastAudit(t, s, "auth.login_failed"); ch["reason"][1] != "handoff_expired" {
			t.Errorf("audited %v", ch)
		}

		// The state of a sign-in begun in one browser, finished in another.
		page, _ := b.start("/")
		other := newBrowser(t, s)
		location := other.submit(page.Request.URL, "ann", "ann-pw")
		refusedFor(t, s, location, "state", "browser_mismatch")

		// Two sign-ins begun in two tabs of one browser both finish, one after
		// the other: the second keeps the binding cookie of the first, and the
		// first one's exchange leaves it.
		first, _ := b.start("/")
		second, _ := b.start("/")
		for _, page := range []*http.Response{first, second} {
			if r := b.exchange(handoffCode(t, b.submit(page.Request.URL, "ann", "ann-pw"))); r.StatusCode != http.StatusOK {
				t.Errorf("a sign-in of two in one browser: %d", r.StatusCode)
			}
		}

		// A state older than ten minutes.
		page, _ = b.start("/")
		if _, err := s.db.SQL().Exec("UPDATE oidc_states SET expires_at = created_at"); err != nil {
			t.Fatal(err)
		}
		refusedFor(t, s, b.submit(page.Request.URL, "ann", "ann-pw"), "state", "state_expired")
	})
}

// An authorization code taken from one sign-in and replayed with a fresh
// state is refused by the provider, and so by Caseward, and audited.
func TestSingleSignOnRefusesAReusedAuthorizationCode(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		b := newBrowser(t, s)
		b.signedIn("ann", "ann-pw")
		spent := b.callback.Query().Get("code")

		res, err := b.client.Get(s.url + "/api/v1/auth/oidc/start")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		// The fresh state is in the provider's sign-in page's request.
		authorize := res.Request.URL
		for authorize.Query().Get("state") == "" && res.Request.Response != nil {
			res = res.Request.Response
			authorize = res.Request.URL
		}
		state := authorize.Query().Get("state")
		if state == "" {
			t.Fatal("no state in the redirect to the provider")
		}
		replay := s.url + "/api/v1/auth/oidc/callback?state=" + url.QueryEscape(state) + "&code=" + url.QueryEscape(spent)
		res, _ = b.get(replay)
		refusedFor(t, s, res.Header.Get("Location"), "token", "code_refused")
	})
}

// The provider rotates its signing key between two sign-ins: the next ID
// token names a key Caseward has not seen, which it fetches, and signs in.
func TestSingleSignOnFollowsTheProvidersKeyRotation(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		idp, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		newBrowser(t, s).signedIn("ann", "ann-pw")
		before := idp.KeyID()
		if err := idp.RotateKey(); err != nil {
			t.Fatal(err)
		}
		if idp.KeyID() == before {
			t.Fatal("the key did not change")
		}
		newBrowser(t, s).signedIn("ann", "ann-pw")
	})
}

// A provider's own refusal (the person said no) lands on the sign-in page.
func TestSingleSignOnTellsAProvidersRefusal(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		b := newBrowser(t, s)
		page, _ := b.start("/")
		// The state the provider was given, sent back with an error instead of a code.
		var state string
		for r := page; r != nil; r = r.Request.Response {
			if st := r.Request.URL.Query().Get("state"); st != "" {
				state = st
			}
		}
		res, _ := b.get(s.url + "/api/v1/auth/oidc/callback?error=access_denied&error_description=no&state=" + url.QueryEscape(state))
		refusedFor(t, s, res.Header.Get("Location"), "provider", "provider_error:access_denied")
	})
}

// Accounts made by single sign-on have no password: the sign-in form, an
// administrator's reset and their own change all refuse to give them one.
func TestSingleSignOnAccountsHaveNoPassword(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		tk := newBrowser(t, s).signedIn("ann", "ann-pw")
		if r := s.login("ann@example.org", auth.NoPassword); r.StatusCode != http.StatusUnauthorized {
			t.Errorf("password sign-in of an SSO account: %d", r.StatusCode)
		}
		r := s.do(http.MethodPost, "/api/v1/users/"+tk.User.ID+"/password", map[string]any{"password": "a brand new passphrase"}, bearer(s.signIn().AccessToken)...)
		r.problem(t, http.StatusConflict)
		r = s.do(http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": "anything at all", "new_password": "a brand new passphrase"}, bearer(tk.AccessToken)...)
		r.problem(t, http.StatusConflict)

		// Nor a second factor here, even where the policy asks local accounts
		// of its role for one: the provider asks for its own.
		admin := s.signIn().AccessToken
		if r := s.do(http.MethodPut, "/api/v1/sign-in-policy", map[string]any{"second_factor_roles": []string{tk.User.Role}}, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("policy: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodPost, "/api/v1/me/second-factor/totp", nil, bearer(tk.AccessToken)...).problem(t, http.StatusConflict)
		if st := s.secondFactorOf(t, tk.AccessToken, "/me/second-factor"); st.Required || st.TotpEnrolled {
			t.Errorf("an SSO account's second factor: %+v", st)
		}
		newBrowser(t, s).signedIn("ann", "ann-pw") // still signs in, with no second step here
	})
}

// With local passwords off, only the break-glass administrator signs in with
// a password; everyone else is refused with a 403 problem, audited.
func TestPasswordsOffLeaveOnlyTheBreakGlassAdministrator(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.PasswordsOff, o.BreakGlassEmail = true, adminEmail })
		s.deps.SignIn.PasswordsOff = true
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		var methods struct {
			Password bool   `json:"password"`
			SSO      bool   `json:"sso"`
			Name     string `json:"sso_name"`
		}
		s.do(http.MethodGet, "/api/v1/auth/methods", nil).json(&methods)
		if methods.Password || !methods.SSO || methods.Name != "Test IdP" {
			t.Errorf("methods: %+v", methods)
		}
		s.signIn() // the break-glass admin

		ctx := identity.With(context.Background(), identity.Principal{UserID: s.admin.ID, Role: "admin", Email: adminEmail})
		if _, _, err := s.deps.Users.Create(ctx, users.NewUser{Email: "rita@example.org", Name: "Rita Responder", Role: users.Responder, Password: adminPassword}); err != nil {
			t.Fatal(err)
		}
		p := s.login("rita@example.org", adminPassword).problem(t, http.StatusForbidden)
		if !strings.Contains(p.Detail, "single sign-on") {
			t.Errorf("refusal: %+v", p)
		}
		if ch, email := lastAudit(t, s, "auth.login_failed"); ch["reason"][1] != "local_passwords_off" || email != "rita@example.org" {
			t.Errorf("audited %v for %s", ch, email)
		}
		newBrowser(t, s).signedIn("ann", "ann-pw") // single sign-on still works
	})
}

// Without a provider configured, the methods say so and its operations are 404.
func TestWithoutSingleSignOnItsOperationsAreNotFound(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		r := s.do(http.MethodGet, "/api/v1/auth/methods", nil)
		if string(r.body) != `{"password":true,"sso":false}`+"\n" && string(r.body) != `{"password":true,"sso":false}` {
			t.Errorf("methods: %s", r.body)
		}
		s.do(http.MethodGet, "/api/v1/auth/oidc/start", nil).problem(t, http.StatusNotFound)
		s.do(http.MethodGet, "/api/v1/auth/oidc/callback?state=x&code=y", nil).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, "/api/v1/auth/oidc/exchange", map[string]string{"code": "ABC"}).problem(t, http.StatusNotFound)
	})
}

// A provider that cannot be reached sends the browser back to the sign-in
// page with "unavailable"; over https the binding cookie is __Host- prefixed
// and Secure, and HttpOnly and SameSite=Lax always.
func TestSingleSignOnStartWhenTheProviderIsDownAndItsCookie(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nothing listens there now
	enableSSO(t, s, down.URL)
	res, _ := newBrowser(t, s).start("/cases")
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/login?sso_error=unavailable" {
		t.Errorf("provider down: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c := res.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "caseward_sso=") || !strings.Contains(c, "HttpOnly") ||
		!strings.Contains(c, "SameSite=Lax") || strings.Contains(c, "Secure") {
		t.Errorf("cookie over http: %q", c)
	}

	d := s.deps
	d.SignIn.SecureCookie = true
	s.echo = buildEcho(t, d)
	s.serving.Store(s.echo)
	res, _ = newBrowser(t, s).start("/cases")
	if c := res.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "__Host-caseward_sso=") || !strings.Contains(c, "; Path=/;") ||
		!strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("cookie over https: %q", c)
	}
}

// Made-up callbacks need no sign-in, so the audit trail records at most 50
// refusals per address in 15 minutes; all are refused all the same.
func TestSingleSignOnRefusalsAuditedAreBoundedPerAddress(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{})
	_, issuer := startIDP(t, s)
	enableSSO(t, s, issuer)
	b := newBrowser(t, s)
	for range 60 {
		res, _ := b.get(s.url + "/api/v1/auth/oidc/callback?code=x")
		if loc := res.Header.Get("Location"); loc != "/login?sso_error=state" {
			t.Fatalf("made-up callback: %q", loc)
		}
	}
	var n int
	if err := s.db.SQL().QueryRow("SELECT count(*) FROM audit_events WHERE action = 'auth.login_failed'").Scan(&n); err != nil || n != 50 {
		t.Errorf("%d refusals audited (%v), want 50", n, err)
	}
}
