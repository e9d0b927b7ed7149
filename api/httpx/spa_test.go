package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/httpx"
)

func TestSPAServesFilesAndFallsBackToItsIndex(t *testing.T) {
	files := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html><title>Caseward</title>")},
		"assets/app-1a2b3c.js": {Data: []byte("console.log(1)")},
		"favicon.svg":          {Data: []byte("<svg/>")},
	}
	e := echo.New()
	e.Any("/*", httpx.SPA(files))
	get := func(method, target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
		return rec
	}
	for _, tc := range []struct {
		method, target string
		status         int
		body, cache    string
	}{
		{http.MethodGet, "/assets/app-1a2b3c.js", http.StatusOK, "console.log(1)", "public, max-age=31536000, immutable"},
		{http.MethodGet, "/favicon.svg", http.StatusOK, "<svg/>", ""},
		{http.MethodGet, "/", http.StatusOK, "<!doctype html><title>Caseward</title>", "no-cache"},
		{http.MethodGet, "/cases/0190/evidence", http.StatusOK, "<!doctype html><title>Caseward</title>", "no-cache"},
		{http.MethodGet, "/assets/../../../etc/passwd", http.StatusOK, "<!doctype html><title>Caseward</title>", "no-cache"},
		{http.MethodHead, "/cases", http.StatusOK, "", "no-cache"},
		{http.MethodGet, "/api/v1/nothing", http.StatusNotFound, "", ""},
		{http.MethodPost, "/cases", http.StatusNotFound, "", ""},
	} {
		rec := get(tc.method, tc.target)
		if rec.Code != tc.status || (tc.body != "" && rec.Body.String() != tc.body) || rec.Header().Get("Cache-Control") != tc.cache {
			t.Errorf("%s %s: %d %q, Cache-Control %q; want %d %q, %q", tc.method, tc.target, rec.Code, rec.Body.String(),
				rec.Header().Get("Cache-Control"), tc.status, tc.body, tc.cache)
		}
	}
}

func TestWithoutASPAEveryPageIsNotFound(t *testing.T) {
	for _, files := range []fstest.MapFS{nil, {"assets/app.js": {Data: []byte("x")}}} {
		e := echo.New()
		if files == nil {
			e.GET("/*", httpx.SPA(nil))
		} else {
			e.GET("/*", httpx.SPA(files))
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/cases", nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("no SPA (%v): %d, want 404", files != nil, rec.Code)
		}
	}
}
