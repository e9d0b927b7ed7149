package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/caseward/caseward/api"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/mywork"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/status"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
	"github.com/caseward/caseward/internal/views"
	"github.com/caseward/caseward/internal/webhook"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const adminEmail = "admin@example.org"
const adminPassword = "correct horse battery staple"

// server is a real Caseward HTTP server on a fresh database.
type server struct {
	t       *testing.T
	db      *store.DB
	echo    *echo.Echo
	url     string
	admin   users.User
	blobDir string
	// passwords hashes and checks every password of this server; its Stats
	// count them.
	passwords *auth.Passwords
	deps      api.Deps                   // what echo was built from; see tighten
	serving   *atomic.Pointer[echo.Echo] // the echo that answers requests
}

// testHashCost is the argon2id cost of the test servers' passwords: the
// production cost made hashing most of this package's CPU time. Tests of
// the hashing bound itself give their server auth.NewPasswords.
var testHashCost = auth.Cost{MemoryKiB: 64, Passes: 1}

// testMaxUpload is the largest evidence file the test server takes.
const testMaxUpload = 1 << 20

type serverOption func(*auth.Options)

// productionLimits are the default rate limits and timeouts of `caseward
// serve`: every test made with newServer runs under them.
var productionLimits = httpx.Limits{
	UserRate: 20, UserBurst: 100, IPRate: 100, IPBurst: 500,
	RequestTimeout: 30 * time.Second, BodyTimeout: 30 * time.Second, UploadStallTimeout: time.Minute,
}

func newServer(t *testing.T, db *store.DB, opts ...serverOption) *server {
	t.Helper()
	return newServerWithLimits(t, db, productionLimits, opts...)
}

// newServerWithLimits is newServer with other rate limits and timeouts.
func newServerWithLimits(t *testing.T, db *store.DB, limits httpx.Limits, opts ...serverOption) *server {
	t.Helper()
	s := startServerWithLimits(t, db, limits, opts...)
	s.t = t
	return s
}

// startServer is newServer for callers without a *testing.T, such as fuzz
// targets, which share one server across inputs: give each input its own view
// with forTest before calling do. Its rate limits and timeouts are off, so
// that fast fuzzing is not throttled.
func startServer(t testing.TB, db *store.DB, opts ...serverOption) *server {
	t.Helper()
	return startServerWithLimits(t, db, httpx.Limits{}, opts...)
}

func startServerWithLimits(t testing.TB, db *store.DB, limits httpx.Limits, opts ...serverOption) *server {
	t.Helper()
	ctx := context.Background()
	recorder := audit.NewRecorder(db)
	o := auth.Options{
		AccessTokenTTL: 15 * time.Minute, RefreshTokenTTL: time.Hour,
		LoginMaxFailures: 5, LoginIPMaxFailures: 50, LoginWindow: 15 * time.Minute,
		Passwords: auth.NewPasswordsAt(testHashCost, auth.DefaultHashMemory, auth.HashWait),
		Keys:      apikeys.NewService(db, recorder),
	}
	for _, opt := range opts {
		opt(&o)
	}
	userService := users.NewService(db, recorder, o.Passwords.Hash)
	admin, _, err := userService.Create(ctx, users.NewUser{
		Email: adminEmail, Name: "Ada Admin", Role: users.Admin, Password: adminPassword,
	})
	if err != nil {
		t.Fatal(err)
	}
	authService, err := auth.NewService(ctx, db, recorder, o)
	if err != nil {
		t.Fatal(err)
	}
	blobDir := t.TempDir()
	blobs, err := blob.NewLocal(blobDir)
	if err != nil {
		t.Fatal(err)
	}
	caseService, obsService := cases.NewService(db, recorder), observables.NewService(db, recorder)
	playbooks := playbook.NewService(db, caseService, restoration.NewService(db, recorder), recorder)
	deps := api.Deps{
		Auth:               authService,
		Users:              userService,
		Directory:          directory.New(db, recorder),
		Audit:              audit.NewService(db),
		Cases:              caseService,
		Restoration:        restoration.NewService(db, recorder),
		Evidence:           evidence.NewService(db, blobs, recorder, testMaxUpload),
		Chronology:         chronology.NewService(db, recorder),
		Observables:        obsService,
		Alerts:             alerts.NewService(db, recorder, caseService, playbooks, obsService),
		APIKeys:            apikeys.NewService(db, recorder),
		Exports:            export.NewService(db, recorder, "test"),
		Status:             status.NewService(db, nil),
		MaxUpload:          testMaxUpload,
		Limits:             limits,
		ExportKeys:         db,
		Recorder:           recorder,
		Views:              views.New(db, recorder),
		Links:              links.NewService(db, recorder),
		Playbooks:          playbooks,
		MyWork:             mywork.NewService(db, restoration.NewService(db, recorder), audit.NewService(db)),
		Figures:            figures.NewService(db),
		AuditVerifications: db,
		Regimes:            regimes.NewService(db, recorder),
		Webhooks: webhook.NewService(db, recorder, webhook.Guard{AllowHTTP: true,
			Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
		Version: "test",
		Ready:   db.Ping,
		Logger:  slog.New(slog.NewTextHandler(serverLog, nil)),
		Notify:  notify.NewService(db, recorder),
	}
	e := buildEcho(t, deps)
	serving := &atomic.Pointer[echo.Echo]{}
	serving.Store(e)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serving.Load().ServeHTTP(w, r)
	}))
	srv.Listener = httpx.ProblemListener(srv.Listener) // as caseward serve does
	srv.Start()
	t.Cleanup(srv.Close)
	return &server{db: db, echo: e, url: srv.URL, admin: admin, blobDir: blobDir, passwords: o.Passwords, deps: deps, serving: serving}
}

// buildEcho builds the HTTP server from deps with a registry of its own.
func buildEcho(t testing.TB, deps api.Deps) *echo.Echo {
	t.Helper()
	reg := prometheus.NewRegistry()
	deps.Metrics, deps.Gatherer = reg, reg
	e, err := api.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// tighten serves every later request under limits, with the same services,
// database and signing key, so tokens issued before stay valid. A test of
// tiny timeouts signs in and sets up first and tightens after: a sign-in
// checks a password with argon2id, which alone can take longer than such a
// timeout on a busy 2-core machine. Routes a test adds go on s.echo after it.
func (s *server) tighten(limits httpx.Limits) {
	s.t.Helper()
	d := s.deps
	d.Limits = limits
	s.echo = buildEcho(s.t, d)
	s.serving.Store(s.echo)
}

// forTest returns a view of s whose helpers report to t.
func (s *server) forTest(t *testing.T) *server {
	c := *s
	c.t = t
	return &c
}

// response is a finished HTTP exchange with its body read.
type response struct {
	*http.Response
	body []byte
}

func (r response) json(v any) {
	if err := json.Unmarshal(r.body, v); err != nil {
		panic("decode " + string(r.body) + ": " + err.Error())
	}
}

// problem decodes a problem+json body and checks its shape.
func (r response) problem(t *testing.T, status int) problem {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("status = %d, want %d; body %s", r.StatusCode, status, r.body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body %s", ct, r.body)
	}
	var p problem
	r.json(&p)
	if p.Status != status || p.Type == "" || p.Title == "" || p.Detail == "" {
		t.Fatalf("incomplete problem: %s", r.body)
	}
	return p
}

type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	RequestID string `json:"request_id"`
	Errors    []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
		Label   string `json:"label"`
	} `json:"errors"`
}

// do sends a request; body is JSON-encoded unless it is a string or []byte.
func (s *server) do(method, path string, body any, header ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	checkResponse(s.t, req, res, b)
	return response{Response: res, body: b}
}

type tokens struct {
	AccessToken  string     `json:"access_token"`
	RefreshToken string     `json:"refresh_token"`
	TokenType    string     `json:"token_type"`
	ExpiresIn    int        `json:"expires_in"`
	User         apiUserDoc `json:"user"`
}

type apiUserDoc struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Role    string `json:"role"`
	Version int    `json:"version"`
}

func (s *server) login(email, password string) response {
	s.t.Helper()
	return s.do(http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": password})
}

// signIn logs in as the admin and returns the tokens.
func (s *server) signIn() tokens {
	s.t.Helper()
	r := s.login(adminEmail, adminPassword)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("login: %d %s", r.StatusCode, r.body)
	}
	var tk tokens
	r.json(&tk)
	return tk
}

func bearer(token string) []string { return []string{"Authorization", "Bearer " + token} }
