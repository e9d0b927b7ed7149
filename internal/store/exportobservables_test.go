package store_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// exportText is what a reader finds in an export: the JSON bundle as it is,
// every file of a CSV zip, a PDF's text as pdftotext reads it (white space
// dropped, since it wraps long values).
func exportText(t *testing.T, format string, f export.File) string {
	t.Helper()
	switch format {
	case "csv":
		var b strings.Builder
		for _, e := range exporttest.Unzip(t, f.Body) {
			b.Write(e.Body)
		}
		return b.String()
	case "pdf":
		if _, err := exec.LookPath("pdftotext"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("pdftotext (poppler-utils) is missing")
			}
			t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
		}
		path := filepath.Join(t.TempDir(), "case.pdf")
		if err := os.WriteFile(path, f.Body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(string(out)), "")
	}
	return string(f.Body)
}

// verifyFile checks an export's signature as a reader would, with the key it carries.
func verifyFile(t *testing.T, format string, f export.File) {
	t.Helper()
	var err error
	switch format {
	case "json":
		_, err = export.VerifyJSON(bytes.NewReader(f.Body), nil)
	case "csv":
		_, err = export.VerifyZip(bytes.NewReader(f.Body), int64(len(f.Body)), nil)
	case "pdf":
		m, _ := base64.StdEncoding.DecodeString(f.Headers["X-Caseward-Manifest"])
		sig, _ := base64.StdEncoding.DecodeString(f.Headers["X-Caseward-Signature"])
		_, err = export.VerifyDetachedWith(nil, m, sig, f.Body)
	}
	if err != nil {
		t.Fatalf("the %s export does not verify: %v", format, err)
	}
}

// TestCaseExportWithholdsTLPRedObservablesUnlessIncluded: by default no
// TLP:RED value is anywhere in a JSON bundle, a CSV zip or a PDF (not in the
// observables, not in the audit events about them, also of one since
// removed), each says how many it left out, and each still verifies; with
// includeRed they are all there, and the export's audit row says so.
func TestCaseExportWithholdsTLPRedObservablesUnlessIncluded(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		obs := observables.NewService(db, f.rec)
		add := func(d observables.Draft) observables.Observable {
			t.Helper()
			r, err := obs.Add(f.ctx, f.kase.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			return r.Observable
		}
		add(observables.Draft{Type: observables.Domain, Value: "green-seen.example", TLP: observables.TLPGreen, IOC: true, Tags: []string{"phishing"}})
		add(observables.Draft{Type: observables.Domain, Value: "red-secret.example", TLP: observables.TLPRed, Tags: []string{"informant"}})
		later := add(observables.Draft{Type: observables.Email, Value: "later-red@example.org", Description: "named by a partner"})
		red := observables.TLPRed
		if _, err := obs.Update(f.ctx, later.ID, later.Version, observables.Change{TLP: &red}); err != nil {
			t.Fatal(err)
		}
		gone := add(observables.Draft{Type: observables.IPv4, Value: "198.51.100.66", TLP: observables.TLPRed})
		if err := obs.Delete(f.ctx, gone.ID, gone.Version); err != nil {
			t.Fatal(err)
		}
		redValues := []string{"red-secret.example", "later-red@example.org", "198.51.100.66", "informant", "named by a partner"}
		svc := export.NewService(db, f.rec, "test")
		for _, format := range []string{"json", "csv", "pdf"} {
			file, err := svc.ExportCase(f.ctx, f.kase.ID, format, false)
			if err != nil {
				t.Fatal(err)
			}
			verifyFile(t, format, file)
			text := exportText(t, format, file)
			if file.Withheld != 2 || !strings.Contains(text, "green-seen.example") {
				t.Errorf("%s: %d withheld, want 2; the green value there: %t", format, file.Withheld, strings.Contains(text, "green-seen.example"))
			}
			for _, v := range redValues {
				if strings.Contains(text, v) {
					t.Errorf("the %s export holds the TLP:RED %q", format, v)
				}
			}
			says := map[string]string{"json": `"observables_withheld":2,"observables_red_included":false`,
				"csv": "observables_withheld,2\r\n", "pdf": "2TLP:REDobservableswithheld"}[format]
			if !strings.Contains(text, says) {
				t.Errorf("the %s export does not say %q", format, says)
			}

			file, err = svc.ExportCase(f.ctx, f.kase.ID, format, true)
			if err != nil {
				t.Fatal(err)
			}
			verifyFile(t, format, file)
			text = exportText(t, format, file)
			if file.Withheld != 0 {
				t.Errorf("%s with red: %d withheld", format, file.Withheld)
			}
			for _, v := range []string{"green-seen.example", "red-secret.example", "later-red@example.org"} {
				if !strings.Contains(text, v) {
					t.Errorf("the %s export with TLP:RED lacks %q", format, v)
				}
			}
		}

		// The bundle: the observables as the API shows them, and the audit
		// events about red ones without their changes, told as withheld.
		file, err := svc.ExportCase(f.ctx, f.kase.ID, "json", false)
		if err != nil {
			t.Fatal(err)
		}
		var b struct {
			Content export.Content `json:"content"`
		}
		if err := json.Unmarshal(file.Body, &b); err != nil {
			t.Fatal(err)
		}
		c := b.Content
		if len(c.Observables) != 1 || c.Observables[0].Value != "green-seen.example" || !c.Observables[0].IOC ||
			c.Observables[0].Tags[0] != "phishing" || c.Observables[0].CreatedByID != identity.From(f.ctx).UserID {
			t.Fatalf("observables: %+v", c.Observables)
		}
		withheld := 0
		for i, e := range c.AuditEvents {
			if e.EntityType == "observable" && string(e.Changes) == narrative.WithheldChanges {
				withheld++
				if !strings.Contains(c.Timeline[i].Summary, "a TLP:RED observable (withheld from this export)") {
					t.Errorf("timeline: %q", c.Timeline[i].Summary)
				}
			}
		}
		if withheld != 5 { // red-secret added; later-red added and changed; 198.51.100.66 added and removed
			t.Errorf("%d audit events withheld, want 5", withheld)
		}
		// The export's own audit row says whether TLP:RED values were included.
		var changes []string
		rows, err := db.SQL().Query("SELECT changes FROM audit_events WHERE action = 'export.case' ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			changes = append(changes, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(changes) != 7 || !strings.Contains(changes[0], `"include_red":[null,false]`) || !strings.Contains(changes[1], `"include_red":[null,true]`) {
			t.Fatalf("export.case changes: %v", changes)
		}
	})
}
