package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Length limits are in characters (Unicode code points, as JSON Schema's
// maxLength counts them), not bytes, in the contract's validator and in the
// domain's own checks alike: 300 two-byte "é" fit a 300-character title.
func TestLengthLimitsCountCharactersNotBytes(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("Lengths", nil))
		var ev apiEvidence
		r := s.upload(admin, kase.ID, map[string]string{"title": "Proxy logs", "kind": "log"}, "", nil)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.StatusCode, r.body)
		}
		r.json(&ev)
		e := func(n int) string { return strings.Repeat("é", n) }

		for _, c := range []struct {
			name, field string
			limit       int
			send        func(value string) response
		}{
			{"case title", "title", 300, func(v string) response {
				return s.do(http.MethodPost, "/api/v1/cases", caseBody(v, nil), bearer(admin)...)
			}},
			{"case summary", "summary", 20000, func(v string) response {
				return s.do(http.MethodPost, "/api/v1/cases", caseBody("Summary", map[string]any{"summary": v}), bearer(admin)...)
			}},
			{"note body", "body", 20000, func(v string) response {
				return s.do(http.MethodPost, "/api/v1/cases/"+kase.ID+"/notes", map[string]any{"kind": "update", "body": v}, bearer(admin)...)
			}},
			{"department name", "name", 200, func(v string) response {
				return s.do(http.MethodPost, "/api/v1/departments", map[string]any{"name": v}, bearer(admin)...)
			}},
			{"custody location", "location", 500, func(v string) response {
				return s.do(http.MethodPost, "/api/v1/evidence/"+ev.ID+"/custody", map[string]any{"action": "analysed", "purpose": "triage", "location": v}, bearer(admin)...)
			}},
			{"upload title (multipart)", "title", 300, func(v string) response {
				return s.upload(admin, kase.ID, map[string]string{"title": v, "kind": "log"}, "", nil)
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				if r := c.send(e(c.limit)); r.StatusCode != http.StatusCreated {
					t.Fatalf("%d × é at a %d-character limit: %d %s", c.limit, c.limit, r.StatusCode, r.body)
				}
				r := c.send(e(c.limit + 1))
				refusedField(t, r, c.field)
				want := "at most " + strconv.Itoa(c.limit) + " characters"
				if !strings.Contains(string(r.body), want) {
					t.Fatalf("the refusal does not say %q: %s", want, r.body)
				}
			})
		}
	})
}
