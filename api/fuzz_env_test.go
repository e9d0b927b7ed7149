package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// serverLog receives the test servers' logs: set CASEWARD_TEST_LOG=1 to see
// them, with the error behind each 500.
var serverLog io.Writer = io.Discard

func init() {
	if os.Getenv("CASEWARD_TEST_LOG") != "" {
		serverLog = os.Stderr
	}
}

// fuzzEnv is one server that a fuzz target reuses for every input, with the
// objects inputs name through {{placeholders}}: {{case}}, {{suspension}},
// {{milestone}}, {{evidence}}, {{admin_id}}, {{dept}}, {{service}} (free to
// suspend) and {{suspended_service}}.
//
// Run a target with go test ./api -run '^$' -fuzz FuzzName -fuzztime 45s;
// CASEWARD_TEST_LOG=1 shows the error behind a 500.
type fuzzEnv struct {
	s     *server // setup view: do not call its helpers, they need a *testing.T
	admin string  // the admin's access token
	vars  map[string]string
}

// newFuzzEnv starts a server on a fresh database of dialect d and signs the
// admin in. Fuzz targets use fuzzDialect; their seeds also run on PostgreSQL
// in TestFuzzSeedsOnPostgres.
func newFuzzEnv(tb testing.TB, d store.Dialect) *fuzzEnv {
	tb.Helper()
	s := startServer(tb, dbtest.Open(tb, d))
	e := &fuzzEnv{s: s, vars: map[string]string{"admin_id": s.admin.ID.String()}}
	var tk tokens
	e.setup(tb, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": adminEmail, "password": adminPassword}, http.StatusOK, &tk)
	e.admin = tk.AccessToken
	return e
}

// withCase adds a department, a service of it, and a case of that department
// with a note, a suspension of the service with a milestone, and an evidence
// item with a file.
func (e *fuzzEnv) withCase(tb testing.TB) *fuzzEnv {
	tb.Helper()
	var d department
	e.setup(tb, http.MethodPost, "/api/v1/departments", map[string]string{"name": "Fuzz Department"}, http.StatusCreated, &d)
	var svc service
	e.setup(tb, http.MethodPost, "/api/v1/services", map[string]string{"name": "Fuzz Service", "department_id": d.ID}, http.StatusCreated, &svc)
	var c apiCase
	e.setup(tb, http.MethodPost, "/api/v1/cases", caseBody("Fuzz case", map[string]any{"department_id": d.ID}), http.StatusCreated, &c)
	e.setup(tb, http.MethodPost, "/api/v1/cases/"+c.ID+"/notes", map[string]string{"kind": "update", "body": "A note"}, http.StatusCreated, nil)
	var sp suspension
	e.setup(tb, http.MethodPost, "/api/v1/cases/"+c.ID+"/suspensions", map[string]any{"service_id": svc.ID, "reason": "Fuzzing", "decided_by": "CISO"}, http.StatusCreated, &sp)
	// A second service, free to suspend, for inputs that suspend one.
	var free service
	e.setup(tb, http.MethodPost, "/api/v1/services", map[string]string{"name": "Free Service", "department_id": d.ID}, http.StatusCreated, &free)
	var m milestone
	e.setup(tb, http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "Security review"}, http.StatusCreated, &m)
	var ev apiEvidence
	body, ct := formBody([][2]string{{"title", "Log"}, {"kind", "log"}}, "log.txt", []byte("log line\n"))
	e.setupRaw(tb, http.MethodPost, "/api/v1/cases/"+c.ID+"/evidence", ct, body, http.StatusCreated, &ev)
	for k, v := range map[string]string{"dept": d.ID, "service": free.ID, "suspended_service": svc.ID, "case": c.ID, "suspension": sp.ID, "milestone": m.ID, "evidence": ev.ID} {
		e.vars[k] = v
	}
	return e
}

// expand replaces the {{placeholders}} in s.
func (e *fuzzEnv) expand(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	for k, v := range e.vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	return s
}

// setup sends a JSON request while a fuzz target is being prepared and insists
// on its status.
func (e *fuzzEnv) setup(tb testing.TB, method, path string, body any, status int, out any) {
	tb.Helper()
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			tb.Fatal(err)
		}
	}
	e.setupRaw(tb, method, path, "application/json", raw, status, out)
}

func (e *fuzzEnv) setupRaw(tb testing.TB, method, path, contentType string, body []byte, status int, out any) {
	tb.Helper()
	req, err := http.NewRequest(method, e.s.url+path, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if e.admin != "" {
		req.Header.Set("Authorization", "Bearer "+e.admin)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		tb.Fatalf("setup %s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		response{Response: res, body: b}.json(out)
	}
}

// request builds a request for a fuzz input; an input that cannot be sent as
// HTTP at all (a control character in a header, say) is skipped.
func (e *fuzzEnv) request(t *testing.T, method, target, contentType string, body []byte, header ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, e.s.url+target, bytes.NewReader(body))
	if err != nil {
		t.Skipf("not a request: %v", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if !sendableHeader(header[i+1]) {
			t.Skip("not a header value")
		}
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

// sendableHeader reports whether Go's client sends v as a header value.
func sendableHeader(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// exchange sends a fuzz input's request and checks what holds for any input:
// no server error, every error a complete problem+json, the response as the
// contract describes it, and a status among those allowed.
func exchange(t *testing.T, req *http.Request, allowed ...int) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	r := response{Response: res, body: body}
	if res.StatusCode >= 500 {
		t.Fatalf("%s %s → %d: %s", req.Method, req.URL, res.StatusCode, body)
	}
	checkResponse(t, req, res, body)
	if len(allowed) > 0 && !slices.Contains(allowed, res.StatusCode) {
		t.Fatalf("%s %s → %d, want one of %v: %s", req.Method, req.URL, res.StatusCode, allowed, body)
	}
	if res.StatusCode >= 400 {
		p := r.problem(t, res.StatusCode)
		if p.RequestID == "" {
			t.Fatalf("problem without request_id: %s", body)
		}
	}
	return r
}

// stateQuery reads, in one round trip, what a refused request must leave as
// it was: the rows of every table it could write, and the versions of every
// mutable row.
var stateQuery = func() string {
	var cols []string
	for _, table := range []string{"users", "refresh_tokens", "departments", "services", "cases", "case_members", "notes",
		"suspensions", "milestones", "evidence", "custody_events", "observables", "observable_evidence", "alerts", "api_keys", "sessions",
		"totp_factors", "recovery_codes", "sign_in_challenges", "audit_events"} {
		cols = append(cols, fmt.Sprintf("'%[1]s=' || (SELECT count(*) FROM %[1]s)", table))
	}
	for _, table := range []string{"users", "departments", "services", "cases", "suspensions", "milestones", "evidence", "observables", "alerts"} {
		cols = append(cols, fmt.Sprintf("'%[1]s.versions=' || (SELECT coalesce(sum(version), 0) FROM %[1]s)", table))
	}
	cols = append(cols, "'api_keys.revoked=' || (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)",
		"'sign_in_policy=' || (SELECT second_factor_roles FROM sign_in_policy)")
	return "SELECT " + strings.Join(cols, " || ' ' || ")
}()

// state summarises everything a request could change: row counts, the
// versions of every mutable row, and the files in the blob store.
func (e *fuzzEnv) state(t testing.TB) string {
	t.Helper()
	var rows string
	if err := e.s.db.SQL().QueryRow(stateQuery).Scan(&rows); err != nil {
		t.Fatalf("read the state: %v", err)
	}
	return fmt.Sprintf("%s blobs=%v", rows, e.s.blobFiles())
}

// count returns the number of rows in table.
func (e *fuzzEnv) count(t testing.TB, table string) int64 {
	t.Helper()
	var n int64
	if err := e.s.db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// unchanged fails t when a refused request changed anything.
func (e *fuzzEnv) unchanged(t *testing.T, before string, r response) {
	t.Helper()
	if r.StatusCode >= 400 {
		e.same(t, before, fmt.Sprintf("refused with %d (%s)", r.StatusCode, r.body))
	}
}

// same fails t when the data is no longer as before.
func (e *fuzzEnv) same(t *testing.T, before, why string) {
	t.Helper()
	if after := e.state(t); after != before {
		t.Fatalf("%s, yet the data changed:\nbefore %s\nafter  %s", why, before, after)
	}
}

// formBody is a multipart upload: fields in order, then the file unless
// fileName is empty.
func formBody(fields [][2]string, fileName string, content []byte) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range fields {
		_ = w.WriteField(f[0], f[1])
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("file", fileName)
		_, _ = fw.Write(content)
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// fuzzDialect is the database fuzzing runs on: SQLite, or PostgreSQL when
// CASEWARD_FUZZ_POSTGRES is set (its refusals of NUL and of text that is not
// UTF-8 are what SQLite forgives).
func fuzzDialect() store.Dialect {
	if os.Getenv("CASEWARD_FUZZ_POSTGRES") != "" {
		return store.Postgres
	}
	return store.SQLite
}
