package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestEveryErrorIsProblemJSON(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		s.echo.GET("/api/v1/test-panic", func(echo.Context) error { panic("boom: secret internals") })
		login := "/api/v1/auth/login"
		cases := []struct {
			name   string
			method string
			path   string
			body   any
			status int
		}{
			{"malformed JSON", http.MethodPost, login, `{"email":`, http.StatusBadRequest},
			{"unknown field", http.MethodPost, login, `{"email":"a@b.c","password":"p","admin":true}`, http.StatusBadRequest},
			{"trailing garbage", http.MethodPost, login, `{"email":"a@b.c","password":"p"} {}`, http.StatusBadRequest},
			{"no body", http.MethodPost, login, "", http.StatusBadRequest},
			{"no token", http.MethodGet, "/api/v1/me", nil, http.StatusUnauthorized},
			{"unknown route", http.MethodGet, "/api/v1/nothing-here", nil, http.StatusNotFound},
			{"unknown route, other method", http.MethodDelete, "/api/v1/nothing-here", nil, http.StatusNotFound},
			{"wrong method", http.MethodDelete, "/api/v1/me", nil, http.StatusMethodNotAllowed},
			{"too large", http.MethodPost, login, `{"email":"` + strings.Repeat("a", 1<<20+10) + `","password":"p"}`, http.StatusRequestEntityTooLarge},
			{"panic", http.MethodGet, "/api/v1/test-panic", nil, http.StatusInternalServerError},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p := s.do(c.method, c.path, c.body).problem(t, c.status)
				if strings.Contains(p.Detail, "boom") || strings.Contains(p.Detail, "goroutine") || strings.Contains(p.Detail, "SELECT") {
					t.Fatalf("internals leaked: %q", p.Detail)
				}
				if p.RequestID == "" {
					t.Fatal("problem has no request_id")
				}
			})
		}
	})
}

func TestValidationErrorsNameTheFields(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		p := s.do(http.MethodPost, "/api/v1/auth/login", `{"email":"","password":7}`).problem(t, http.StatusUnprocessableEntity)
		got := map[string]bool{}
		for _, e := range p.Errors {
			if e.Message == "" {
				t.Errorf("field %s has no message", e.Field)
			}
			got[e.Field] = true
		}
		if !got["email"] || !got["password"] || len(got) != 2 {
			t.Fatalf("errors = %+v, want email and password", p.Errors)
		}
		p = s.do(http.MethodPost, "/api/v1/auth/refresh", `{}`).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "refresh_token" {
			t.Fatalf("errors = %+v, want refresh_token", p.Errors)
		}
	})
}

// Contract violations are worded for the person reading them next to the
// field, as the domain words its own, not in JSON Schema's terms.
func TestValidationMessagesReadAsSentences(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		body := caseBody("", map[string]any{"severity": "urgent", "detected_at": "yesterday", "summary": "two\x00parts"})
		delete(body, "personal_data_involved")
		p := s.do(http.MethodPost, "/api/v1/cases", body, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		got := map[string]string{}
		for _, e := range p.Errors {
			got[e.Field] = e.Message
		}
		want := map[string]string{
			"title":                  "Title is required.",
			"severity":               "Severity must be one of low, medium, high, critical.",
			"detected_at":            "Detected at must be a date and time with its offset, such as 2026-11-29T14:30:00Z.",
			"personal_data_involved": "Personal data involved is required.",
			"summary":                "Summary must not contain control characters (other than tab and line breaks) or bidirectional overrides.",
		}
		for field, message := range want {
			if got[field] != message {
				t.Errorf("%s: %q, want %q", field, got[field], message)
			}
		}
		if len(got) != len(want) {
			t.Errorf("errors = %v", got)
		}

		p = s.do(http.MethodGet, "/api/v1/cases?limit=0&status=lost", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		got = map[string]string{}
		for _, e := range p.Errors {
			got[e.Field] = e.Message
		}
		if got["limit"] != "Limit must be at least 1." || got["status"] != "Status must be one of reported, triage, investigating, contained, recovering, closed." {
			t.Errorf("query errors = %v", got)
		}
	})
}

func TestWrongContentTypeIs415(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	s.do(http.MethodPost, "/api/v1/auth/login", `{"email":"a","password":"b"}`, "Content-Type", "text/plain").problem(t, http.StatusUnsupportedMediaType)
}

func TestSecurityHeadersAndRequestID(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	r := s.do(http.MethodGet, "/healthz", nil, "X-Request-ID", "trace-abc.123")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %d", r.StatusCode)
	}
	want := map[string]string{
		"X-Request-Id":           "trace-abc.123",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	}
	for h, v := range want {
		if got := r.Header.Get(h); got != v {
			t.Errorf("%s = %q, want %q", h, got, v)
		}
	}
	csp := r.Header.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(strings.Split(csp, "script-src")[1], "unsafe-inline;") {
		t.Errorf("CSP allows unsafe scripts: %q", csp)
	}
	// A hostile request id is replaced, not echoed.
	r = s.do(http.MethodGet, "/healthz", nil, "X-Request-ID", "<script>")
	if got := r.Header.Get("X-Request-Id"); got == "<script>" || got == "" {
		t.Errorf("X-Request-Id = %q", got)
	}
}

func TestContractAndMetricsAreServed(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	r := s.do(http.MethodGet, "/api/openapi.yaml", nil)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(string(r.body), "openapi: 3.0") {
		t.Fatalf("spec: %d %.40s", r.StatusCode, r.body)
	}
	s.signIn()
	m := s.do(http.MethodGet, "/metrics", nil)
	if m.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d", m.StatusCode)
	}
	for _, want := range []string{`caseward_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"} 1`, "caseward_http_request_duration_seconds_bucket"} {
		if !strings.Contains(string(m.body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
