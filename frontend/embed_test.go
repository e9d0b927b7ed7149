//go:build embedspa

package frontend_test

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/frontend"
)

// TestTheReleaseBuildCarriesTheSPA: a binary built with -tags embedspa (make
// build) serves the app with no folder beside it: its index, and every script
// and stylesheet the index loads. make test runs it after the SPA is built.
func TestTheReleaseBuildCarriesTheSPA(t *testing.T) {
	files := frontend.Dist()
	if files == nil {
		t.Fatal("built with embedspa, yet no SPA")
	}
	e := echo.New()
	e.GET("/*", httpx.SPA(files))
	get := func(target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec
	}
	index := get("/cases")
	if index.Code != http.StatusOK || !strings.Contains(index.Body.String(), `<div id="root">`) {
		t.Fatalf("GET /cases: %d %.200s", index.Code, index.Body.String())
	}
	refs := regexp.MustCompile(`(?:src|href)="/(assets/[^"]+)"`).FindAllStringSubmatch(index.Body.String(), -1)
	if len(refs) == 0 {
		t.Fatalf("the index loads no assets: %.300s", index.Body.String())
	}
	for _, ref := range refs {
		if _, err := fs.Stat(files, ref[1]); err != nil {
			t.Errorf("the index loads %s, which is not built in: %v", ref[1], err)
		}
		if rec := get("/" + ref[1]); rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("GET /%s: %d", ref[1], rec.Code)
		}
	}
}
