package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// If-Match must be the ETag a read sent, a quoted version: a weak ETag never
// matches (412), "*" names no version (428), anything else is not an ETag
// (400). Each is a problem that says what to send, and changes nothing.
func TestMalformedIfMatchIsAProblemThatSaysWhatToSend(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("If-Match", nil))
		path := "/api/v1/cases/" + kase.ID
		for _, c := range []struct {
			ifMatch string
			status  int
			detail  string
		}{
			{"1", http.StatusBadRequest, `version number in double quotes, such as "3"`},
			{`"one"`, http.StatusBadRequest, `version number in double quotes`},
			{`"1`, http.StatusBadRequest, `version number in double quotes`},
			{`"1", "2"`, http.StatusBadRequest, `version number in double quotes`},
			{`W/"1"`, http.StatusPreconditionFailed, "weak ETag"},
			{"*", http.StatusPreconditionRequired, "send If-Match with the ETag of your last read"},
			{`"99999999999999999999"`, http.StatusPreconditionFailed, "does not name a version"},
		} {
			t.Run(c.ifMatch, func(t *testing.T) {
				p := s.do(http.MethodPatch, path, map[string]any{"title": "Changed"}, append(bearer(admin), "If-Match", c.ifMatch)...).problem(t, c.status)
				if !strings.Contains(p.Detail, c.detail) {
					t.Fatalf("detail %q does not say %q", p.Detail, c.detail)
				}
			})
		}
		t.Run("control character", func(t *testing.T) {
			body := `{"title":"Changed"}`
			head := "PATCH " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nIf-Match: \x01\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
			res, b, _ := rawExchange(t, s, head, []byte(body))
			p := response{Response: res, body: b}.problem(t, http.StatusBadRequest)
			if !strings.Contains(p.Detail, "header") {
				t.Fatalf("detail %q", p.Detail)
			}
		})
		var now apiCase
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&now)
		if now.Version != kase.Version || now.Title != kase.Title {
			t.Fatalf("a refused PATCH changed the case: %+v", now)
		}
	})
}

// Every error is application/problem+json, those net/http answers before any
// handler runs included: malformed request lines and headers, unsupported
// transfer encodings and HTTP versions, unknown routes and methods, bodies over
// the limit or of the wrong type, unreadable parameters.
func TestEveryMalformedRequestGetsProblemJSON(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		auth := "Authorization: Bearer " + admin + "\r\n"
		for _, c := range []struct {
			name, head string
			status     int
		}{
			{"control character in a header", "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + auth + "X-Note: a\x01b\r\n\r\n", http.StatusBadRequest},
			{"invalid header name", "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n", http.StatusBadRequest},
			{"no Host", "GET /api/v1/me HTTP/1.1\r\n" + auth + "\r\n", http.StatusBadRequest},
			{"garbage request line", "NOT AN HTTP REQUEST\r\n\r\n", http.StatusBadRequest},
			{"malformed path escape", "GET /api/v1/cases/%zz HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", http.StatusBadRequest},
			{"unsupported transfer encoding", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: gzip\r\n\r\n", http.StatusNotImplemented},
			{"unsupported HTTP version", "GET /api/v1/me HTTP/3.0\r\nHost: x\r\n\r\n", http.StatusHTTPVersionNotSupported},
			{"headers too large", "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 1<<20+4096) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
			{"malformed query escape", "GET /api/v1/cases?q=%zz HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", http.StatusBadRequest},
			{"unknown route", "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", http.StatusNotFound},
			{"wrong method", "PUT /api/v1/me HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 0\r\n\r\n", http.StatusMethodNotAllowed},
			{"wrong content type", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi", http.StatusUnsupportedMediaType},
			{"body over the limit", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n", http.StatusRequestEntityTooLarge},
			{"limit past 64 bits", "GET /api/v1/cases?limit=99999999999999999999 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", http.StatusUnprocessableEntity},
		} {
			t.Run(c.name, func(t *testing.T) {
				res, b, _ := rawExchange(t, s, c.head, nil)
				p := response{Response: res, body: b}.problem(t, c.status)
				if strings.Contains(p.Detail, "Go") || strings.Contains(p.Detail, "strconv") || strings.Contains(p.Detail, "parsing") {
					t.Fatalf("raw error in detail: %q", p.Detail)
				}
			})
		}
	})
}
