package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// refusedEverywhere are characters neither kind of text takes: C1 controls
// (NEL), the line and paragraph separators, and bidirectional controls that
// make text display in another order than it is stored.
var refusedEverywhere = map[string]string{
	"NEL U+0085":                     "\u0085",
	"line separator U+2028":          "\u2028",
	"paragraph separator U+2029":     "\u2029",
	"right-to-left override U+202E":  "\u202E",
	"left-to-right embedding U+202A": "\u202A",
	"first-strong isolate U+2068":    "\u2068",
	"pop isolate U+2069":             "\u2069",
	"DEL":                            "\x7F",
	"C0 escape":                      "\x1B",
}

// One-line fields refuse every control character, line breaks included, and
// the characters above; multi-line fields keep tab and line breaks but refuse
// the rest. The rule comes from the contract's two text patterns, so it holds
// for JSON bodies, query parameters and upload form fields alike, and a
// refusal is a 422 naming the field that changes nothing.
func TestTextRefusesControlAndBidiCharactersByKind(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("Text kinds", nil))
		before, audited := caseState(t, s, admin)

		for name, ch := range refusedEverywhere {
			t.Run(name, func(t *testing.T) {
				refusedField(t, s.do(http.MethodPost, "/api/v1/cases", caseBody("invoice"+ch+"fdp.exe", nil), bearer(admin)...), "title")
				refusedField(t, s.do(http.MethodPost, "/api/v1/cases", caseBody("Summary", map[string]any{"summary": "line one\n" + ch}), bearer(admin)...), "summary")
				refusedField(t, s.patchCase(admin, kase, map[string]any{"title": "a" + ch}), "title")
				refusedField(t, s.do(http.MethodPost, "/api/v1/cases/"+kase.ID+"/notes", map[string]any{"kind": "update", "body": "note" + ch}, bearer(admin)...), "body")
				refusedField(t, s.do(http.MethodGet, "/api/v1/cases?q="+url.QueryEscape("a"+ch), nil, bearer(admin)...), "q")
				refusedField(t, s.upload(admin, kase.ID, map[string]string{"title": "logs" + ch, "kind": "log"}, "", nil), "title")
				refusedField(t, s.upload(admin, kase.ID, map[string]string{"title": "logs", "kind": "log", "description": "d" + ch}, "", nil), "description")
				if ch[0] >= 0x80 { // ASCII controls cannot even reach a part's header: the multipart reader refuses them (400)
					refusedField(t, s.upload(admin, kase.ID, map[string]string{"title": "logs", "kind": "log"}, "invoice"+ch+"fdp.exe", []byte("x")), "file")
				}
			})
		}
		t.Run("line breaks in one-line fields", func(t *testing.T) {
			for _, ch := range []string{"\n", "\r", "\t"} {
				r := s.do(http.MethodPost, "/api/v1/cases", caseBody("two"+ch+"lines", nil), bearer(admin)...)
				refusedField(t, r, "title")
				for _, e := range r.problem(t, http.StatusUnprocessableEntity).Errors {
					if e.Field == "title" && e.Message != "Title must be one line, without control characters, line separators or bidirectional overrides." {
						t.Fatalf("message %q", e.Message)
					}
				}
			}
		})
		after, auditedAfter := caseState(t, s, admin)
		if len(after) != len(before) || auditedAfter != audited || s.evidenceCount(admin, kase.ID) != 0 {
			t.Fatalf("refused text changed something: %d cases, %d events; before %d, %d", len(after), auditedAfter, len(before), audited)
		}

		// Multi-line text keeps its line breaks and tabs; both kinds keep
		// other scripts, right-to-left ones included.
		// The bidirectional marks (RLM, LRM, ALM) stay: Arabic and Hebrew need
		// them beside numbers, and they reorder nothing.
		title := "שלום — Größe — 你好 — \u200fالخادم 12\u200e \u061c"
		c := s.createCase(admin, caseBody(title, map[string]any{"summary": "first\r\nsecond\n\tindented"}))
		if c.Title != title {
			t.Fatalf("title %q", c.Title)
		}
		if r := s.upload(admin, kase.ID, map[string]string{"title": "logs", "kind": "log", "description": "a\nb\tc"}, "", nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("multi-line description: %d %s", r.StatusCode, r.body)
		}
	})
}
