package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/api"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/sso"
	"github.com/caseward/caseward/internal/sso/ssotest"
	"github.com/caseward/caseward/internal/users"
)

const (
	ssoClientID     = "caseward"
	ssoClientSecret = "test-client-secret"
)

// ssoRoles maps the test provider's groups to roles.
var ssoRoles = map[users.Role][]string{
	users.Admin: {"cw-admins"}, users.Responder: {"cw-responders"},
	users.DepartmentHead: {"cw-heads"}, users.Auditor: {"cw-audit"},
}

// people at the test provider.
var (
	ann = ssotest.User{Subject: "sub-ann", Username: "ann", Password: "ann-pw", Email: "ann@example.org", EmailVerified: true,
		Name: "Ann Analyst", Groups: []string{"cw-responders", "soc"}}
	eve = ssotest.User{Subject: "sub-eve", Username: "eve", Password: "eve-pw", Email: "eve@example.org", EmailVerified: true,
		Name: "Eve Outsider", Groups: []string{"marketing"}}
	// impostor has the email of the local admin account.
	impostor = ssotest.User{Subject: "sub-imp", Username: "imp", Password: "imp-pw", Email: adminEmail, EmailVerified: true,
		Name: "Not Ada", Groups: []string{"cw-admins"}}
)

// startIDP starts the zitadel-based test provider, knowing s as its client.
func startIDP(t *testing.T, s *server, people ...ssotest.User) (*ssotest.Provider, string) {
	t.Helper()
	var p *ssotest.Provider
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	var err error
	p, err = ssotest.New(srv.URL, ssotest.Client{ID: ssoClientID, Secret: ssoClientSecret,
		RedirectURIs: []string{s.url + "/api/v1/auth/oidc/callback"}}, people...)
	if err != nil {
		t.Fatal(err)
	}
	return p, srv.URL
}

// enableSSO serves every later request of s with single sign-on through the
// provider at issuer, people in "soc" mapped to a Security Operations
// department it creates (so are those in "soc-by-id", by its id; those in
// "ghosts" to a department that does not exist); it returns that department.
func enableSSO(t *testing.T, s *server, issuer string) directory.Department {
	t.Helper()
	dept, err := s.deps.Directory.CreateDepartment(context.Background(), "Security Operations")
	if err != nil {
		t.Fatal(err)
	}
	svc := sso.NewService(sso.Config{Issuer: issuer, ClientID: ssoClientID, ClientSecret: ssoClientSecret,
		RedirectURL: s.url + "/api/v1/auth/oidc/callback", GroupsClaim: "groups", Roles: ssoRoles,
		Departments: []sso.Mapping{{Key: "Security Operations", Groups: []string{"soc"}}, {Key: "Nowhere", Groups: []string{"ghosts"}},
			{Key: dept.ID.String(), Groups: []string{"soc-by-id"}}}},
		s.db, s.deps.Recorder, s.deps.Auth)
	d := s.deps
	d.SignIn = api.SignIn{SSO: svc, SSOName: "Test IdP", PasswordsOff: d.SignIn.PasswordsOff}
	s.deps = d
	s.echo = buildEcho(t, d)
	s.serving.Store(s.echo)
	return dept
}

// browser is one browser: its cookies, and the last callback it was sent to.
type browser struct {
	t        *testing.T
	s        *server
	client   *http.Client
	callback *url.URL // the provider's last redirect to Caseward's callback
}

func newBrowser(t *testing.T, s *server) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, s: s}
	home, _ := url.Parse(s.url)
	b.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host != home.Host {
			return nil // the provider's own redirects
		}
		if req.URL.Path == "/api/v1/auth/oidc/callback" {
			u := *req.URL
			b.callback = &u
			return nil
		}
		return http.ErrUseLastResponse // the SPA's pages: where the sign-in ends
	}}
	return b
}

// get fetches u, following redirects up to a page of the SPA, and returns
// the last response and its body.
func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.client.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// start begins a sign-in at Caseward and returns the provider's sign-in page.
func (b *browser) start(returnTo string) (*http.Response, string) {
	b.t.Helper()
	return b.get(b.s.url + "/api/v1/auth/oidc/start?return_to=" + url.QueryEscape(returnTo))
}

// signIn goes through the provider's sign-in page as username and returns
// where Caseward sent the browser in the end.
func (b *browser) signIn(username, password string) string {
	b.t.Helper()
	page, body := b.start("/cases")
	if page.StatusCode != http.StatusOK || !strings.Contains(body, "Test identity provider") {
		b.t.Fatalf("provider's sign-in page: %d %s", page.StatusCode, body)
	}
	return b.submit(page.Request.URL, username, password)
}

// submit posts the provider's sign-in form found at page.
func (b *browser) submit(page *url.URL, username, password string) string {
	b.t.Helper()
	form := url.Values{"id": {page.Query().Get("authRequestID")}, "username": {username}, "password": {password}}
	res, err := b.client.PostForm(page.Scheme+"://"+page.Host+"/login", form)
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		b.t.Fatalf("sign-in at the provider ended with %d at %s", res.StatusCode, res.Request.URL)
	}
	return res.Header.Get("Location")
}

// followCallback replays a callback URL in this browser.
func (b *browser) followCallback(u *url.URL) string {
	b.t.Helper()
	res, _ := b.get(u.String())
	if res.StatusCode != http.StatusFound {
		b.t.Fatalf("callback: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

// handoffCode reads the one-time code out of where a sign-in ended.
func handoffCode(t *testing.T, location string) string {
	t.Helper()
	path, fragment, ok := strings.Cut(location, "#")
	if !ok || path != "/login/sso" {
		t.Fatalf("sign-in ended at %q, want the handoff page", location)
	}
	v, err := url.ParseQuery(fragment)
	if err != nil {
		t.Fatal(err)
	}
	return v.Get("code")
}

// exchange trades a code for tokens in this browser.
func (b *browser) exchange(code string) response {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.s.url+"/api/v1/auth/oidc/exchange", strings.NewReader(`{"code":"`+code+`"}`))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	checkResponse(b.t, req, res, body)
	return response{Response: res, body: body}
}

// signedIn signs in through the provider and exchanges the code.
func (b *browser) signedIn(username, password string) tokens {
	b.t.Helper()
	r := b.exchange(handoffCode(b.t, b.signIn(username, password)))
	if r.StatusCode != http.StatusOK {
		b.t.Fatalf("exchange: %d %s", r.StatusCode, r.body)
	}
	var tk tokens
	r.json(&tk)
	return tk
}

// lastAudit returns the changes of the latest audit event of action.
func lastAudit(t *testing.T, s *server, action string) (changes map[string][2]any, actorEmail string) {
	t.Helper()
	var raw string
	err := s.db.SQL().QueryRow("SELECT changes, coalesce(actor_email, '') FROM audit_events WHERE action = $1 ORDER BY seq DESC LIMIT 1", action).Scan(&raw, &actorEmail)
	if err != nil {
		t.Fatalf("no %s in the audit trail: %v", action, err)
	}
	if err := json.Unmarshal([]byte(raw), &changes); err != nil {
		t.Fatal(err)
	}
	return changes, actorEmail
}

// refusedFor checks a sign-in ended on the sign-in page with code, and was
// audited as a failed sign-in by single sign-on for reason.
func refusedFor(t *testing.T, s *server, location, code, reason string) {
	t.Helper()
	if location != "/login?sso_error="+code {
		t.Errorf("sign-in ended at %q, want /login?sso_error=%s", location, code)
	}
	ch, _ := lastAudit(t, s, "auth.login_failed")
	if ch["method"][1] != "oidc" || ch["reason"][1] != reason {
		t.Errorf("audited %v, want method oidc and reason %s", ch, reason)
	}
}
