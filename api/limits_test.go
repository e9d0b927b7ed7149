package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The contract's string caps (maxLength, and patterns that refuse control
// characters) are enforced by the request validator before any handler runs:
// over-long or malformed input is a 422 problem naming the field, and nothing
// is read, written or audited.

// caseState is what a refused request must leave alone: the visible cases and
// the audit trail's length.
func caseState(t *testing.T, s *server, token string) (cases []apiCase, audited int) {
	t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases?limit=200", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list cases: %d %s", r.StatusCode, r.body)
	}
	var l list[apiCase]
	r.json(&l)
	a := s.do(http.MethodGet, "/api/v1/audit?limit=200", nil, bearer(token)...)
	if a.StatusCode != http.StatusOK {
		t.Fatalf("audit: %d %s", a.StatusCode, a.body)
	}
	var events list[auditEvent]
	a.json(&events)
	return l.Items, len(events.Items)
}

// refusedField checks a 422 problem that names field.
func refusedField(t *testing.T, r response, field string) {
	t.Helper()
	p := r.problem(t, http.StatusUnprocessableEntity)
	for _, e := range p.Errors {
		if e.Field == field {
			return
		}
	}
	t.Fatalf("the problem does not name %q: %s", field, r.body)
}

func TestOverLongSearchIsRefused(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		s.createCase(admin, caseBody("Phishing wave against finance", nil))
		before, audited := caseState(t, s, admin)

		for name, q := range map[string]string{
			"201 characters":    strings.Repeat("a", 201),
			"control character": "phishing\x00wave",
		} {
			t.Run(name, func(t *testing.T) {
				r := s.do(http.MethodGet, "/api/v1/cases?q="+url.QueryEscape(q), nil, bearer(admin)...)
				refusedField(t, r, "q")
			})
		}
		// At the cap, the search runs.
		if r := s.do(http.MethodGet, "/api/v1/cases?q="+strings.Repeat("a", 200), nil, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("a 200-character search: %d %s", r.StatusCode, r.body)
		}
		after, auditedAfter := caseState(t, s, admin)
		if len(after) != len(before) || auditedAfter != audited {
			t.Fatalf("refused searches changed something: %d cases, %d events; before %d, %d", len(after), auditedAfter, len(before), audited)
		}
	})
}

func TestOverLongOrMalformedCaseTitleChangesNothing(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Suspicious logins on the VPN", nil))
		before, audited := caseState(t, s, admin)

		for name, title := range map[string]string{
			"301 characters": strings.Repeat("t", 301),
			"NUL":            "VPN\x00logins",
			"line break":     "VPN\nlogins",
		} {
			t.Run(name, func(t *testing.T) {
				refusedField(t, s.do(http.MethodPost, "/api/v1/cases", caseBody(title, nil), bearer(admin)...), "title")
				refusedField(t, s.patchCase(admin, c, map[string]any{"title": title}), "title")
			})
		}
		// Over-long free text is refused the same way.
		refusedField(t, s.patchCase(admin, c, map[string]any{"summary": strings.Repeat("s", 20001)}), "summary")

		after, auditedAfter := caseState(t, s, admin)
		if len(after) != len(before) || auditedAfter != audited {
			t.Fatalf("refused writes changed something: %d cases, %d events; before %d, %d", len(after), auditedAfter, len(before), audited)
		}
		r := s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...)
		var now apiCase
		r.json(&now)
		if now.Title != c.Title || now.Version != c.Version {
			t.Fatalf("the case changed: %q version %d, was %q version %d", now.Title, now.Version, c.Title, c.Version)
		}

		// At the caps, and with line breaks where text may have them, it is accepted.
		ok := s.patchCase(admin, c, map[string]any{"title": strings.Repeat("t", 300), "summary": "First line.\r\nSecond line.\n\tIndented."})
		if ok.StatusCode != http.StatusOK {
			t.Fatalf("a 300-character title and a multi-line summary: %d %s", ok.StatusCode, ok.body)
		}
	})
}

// Evidence metadata comes as multipart form fields, which the request validator
// does not read (the file is streamed); the handler holds them to the same
// contract.
func TestEvidenceMetadataFollowsTheContract(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Exfiltration over DNS", nil))
		for name, fields := range map[string]map[string]string{
			"title over 300 characters": {"title": strings.Repeat("t", 301), "kind": "log"},
			"NUL in the title":          {"title": "dns\x00log", "kind": "log"},
			"line break in the source":  {"title": "DNS log", "kind": "log", "source": "resolver\nrack 4"},
			"control character in text": {"title": "DNS log", "kind": "log", "description": "bell\x07"},
		} {
			t.Run(name, func(t *testing.T) {
				field := "title"
				for f := range fields {
					if f != "title" && f != "kind" {
						field = f
					}
				}
				refusedField(t, s.upload(admin, c.ID, fields, "dns.log", []byte("query example.org")), field)
				if n := s.evidenceCount(admin, c.ID); n != 0 {
					t.Fatalf("%d evidence items after a refused upload", n)
				}
			})
		}
		ok := s.upload(admin, c.ID, map[string]string{"title": "DNS log", "kind": "log", "description": "Line one.\nLine two."}, "dns.log", []byte("query example.org"))
		if ok.StatusCode != http.StatusCreated {
			t.Fatalf("a valid upload: %d %s", ok.StatusCode, ok.body)
		}
	})
}
