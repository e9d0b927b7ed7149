package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/caseward/caseward/api/gen"
)

var contractRouter = sync.OnceValues(func() (routers.Router, error) {
	spec, err := gen.GetSpec()
	if err != nil {
		return nil, err
	}
	spec.Servers = nil // match paths without the base, whatever host the test server has
	return legacy.NewRouter(spec)
})

// checkResponse validates a response against openapi.yaml: its status must be
// declared for the operation and its body must match the schema, problem+json
// included. Binary and streamed bodies are checked for status and headers only.
func checkResponse(t *testing.T, req *http.Request, res *http.Response, body []byte) {
	t.Helper()
	router, err := contractRouter()
	if err != nil {
		t.Fatalf("contract router: %v", err)
	}
	bare := req.Clone(context.Background())
	bare.URL.Path = strings.TrimPrefix(req.URL.Path, "/api/v1")
	route, params, err := router.FindRoute(bare)
	if err != nil || !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return // not a contract path (the 404 and 405 tests, test-only routes)
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	ct := res.Header.Get("Content-Type")
	if !strings.Contains(ct, "json") || strings.Contains(ct, "ndjson") {
		opts.ExcludeResponseBody = true
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  res.StatusCode,
		Header:  res.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match the contract: %v\nbody: %.300s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}

// TestResponseCheckerCatchesDrift proves checkResponse is not a no-op: a body
// that breaks the User schema is reported.
func TestResponseCheckerCatchesDrift(t *testing.T) {
	t.Parallel()
	req, _ := http.NewRequest(http.MethodGet, "http://x/api/v1/me", nil)
	res := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
	inner := &testing.T{}
	done := make(chan struct{})
	go func() { // checkResponse may call t.Fatalf, which ends the goroutine
		defer close(done)
		checkResponse(inner, req, res, []byte(`{"id":"not-a-uuid","role":"emperor"}`))
	}()
	<-done
	if !inner.Failed() {
		t.Fatal("an invalid /me body passed the contract check")
	}
}
