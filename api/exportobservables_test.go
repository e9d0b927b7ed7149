package api_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A case export leaves TLP:RED observables out unless include_red=true, says
// how many in X-Caseward-Withheld, still verifies, and its audit event
// records include_red; auditors export them as before.
func TestCaseExportWithholdsTLPRedObservablesUnlessAsked(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, admin, kase := exportFixture(t, db)
		path := "/api/v1/cases/" + kase.ID
		for _, o := range []map[string]any{
			{"type": "url", "value": "https://green.example/login", "tlp": "green", "ioc": true, "tags": []string{"phishing", "złośliwe"}},
			{"type": "domain", "value": "red-only.example", "tlp": "red", "tags": []string{"informant"}},
		} {
			if r := s.do(http.MethodPost, path+"/observables", o, bearer(admin)...); r.StatusCode != http.StatusCreated {
				t.Fatalf("add: %d %s", r.StatusCode, r.body)
			}
		}
		keyFor := s.exportKey(admin)
		r := s.do(http.MethodGet, path+"/export?format=json", nil, bearer(admin)...)
		if _, err := export.VerifyJSON(bytes.NewReader(r.body), keyFor); err != nil {
			t.Fatal(err)
		}
		if r.Header.Get("X-Caseward-Withheld") != "1" || !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "X-Caseward-Withheld") ||
			!bytes.Contains(r.body, []byte("https://green.example/login")) || bytes.Contains(r.body, []byte("red-only.example")) ||
			bytes.Contains(r.body, []byte("informant")) || !bytes.Contains(r.body, []byte(`"observables_withheld":1,"observables_red_included":false`)) {
			t.Fatalf("default export: withheld %q\n%s", r.Header.Get("X-Caseward-Withheld"), r.body)
		}
		r = s.do(http.MethodGet, path+"/export?format=json&include_red=true", nil, bearer(admin)...)
		if _, err := export.VerifyJSON(bytes.NewReader(r.body), keyFor); err != nil {
			t.Fatal(err)
		}
		if r.Header.Get("X-Caseward-Withheld") != "0" || !bytes.Contains(r.body, []byte(`"value":"red-only.example"`)) {
			t.Fatalf("with include_red: withheld %q", r.Header.Get("X-Caseward-Withheld"))
		}
		s.do(http.MethodGet, path+"/export?format=json&include_red=maybe", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)

		events := s.auditEvents(admin, "export.case") // newest first
		if len(events) != 2 || events[0].Changes["include_red"][1] != true || events[1].Changes["include_red"][1] != false {
			t.Fatalf("export.case events: %+v", events)
		}
	})
}

// The CSV zip and the PDF leave the red value out too, and hold it when asked.
func TestCaseExportCSVAndPDFWithholdTLPRed(t *testing.T) {
	t.Parallel()
	s, admin, kase := exportFixture(t, dbtest.Open(t, store.SQLite))
	path := "/api/v1/cases/" + kase.ID
	for _, o := range []map[string]any{
		{"type": "sha256", "value": strings.Repeat("ab", 32), "tlp": "amber", "ioc": true, "tags": []string{"loader", "برنامج ضار"}},
		{"type": "ipv4", "value": "203.0.113.99", "tlp": "red"},
	} {
		if r := s.do(http.MethodPost, path+"/observables", o, bearer(admin)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("add: %d %s", r.StatusCode, r.body)
		}
	}
	keyFor := s.exportKey(admin)
	for _, red := range []bool{false, true} {
		q := "&include_red=false"
		if red {
			q = "&include_red=true"
		}
		r := s.do(http.MethodGet, path+"/export?format=csv"+q, nil, bearer(admin)...)
		if _, err := export.VerifyZip(bytes.NewReader(r.body), int64(len(r.body)), keyFor); err != nil {
			t.Fatal(err)
		}
		files := unzipped(t, r.body)
		var all strings.Builder
		for _, body := range files {
			all.WriteString(body)
		}
		if !strings.Contains(files["observables.csv"], strings.Repeat("ab", 32)) || strings.Contains(all.String(), "203.0.113.99") != red {
			t.Errorf("csv (include_red=%t): red value there: %t\n%s", red, strings.Contains(all.String(), "203.0.113.99"), files["observables.csv"])
		}
		r = s.do(http.MethodGet, path+"/export?format=pdf"+q, nil, bearer(admin)...)
		m, sig := detached(t, r)
		if _, err := export.VerifyDetachedWith(keyFor, m, sig, r.body); err != nil {
			t.Fatal(err)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("pdftotext (poppler-utils) is missing")
			}
			continue
		}
		file := filepath.Join(t.TempDir(), "case.pdf")
		if err := os.WriteFile(file, r.body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), "")
		withheld := strings.Contains(text, "1TLP:REDobservablewithheld")
		if !strings.Contains(text, strings.Repeat("ab", 32)) || !strings.Contains(text, "برنامجضار") ||
			strings.Contains(text, "203.0.113.99") != red || withheld == red {
			t.Errorf("pdf (include_red=%t): red value there %t, says withheld %t:\n%s", red, strings.Contains(text, "203.0.113.99"), withheld, out)
		}
	}
}
