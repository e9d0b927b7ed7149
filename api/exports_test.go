package api_test

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func (s *server) exportKey(token string) func(string) (ed25519.PublicKey, error) {
	s.t.Helper()
	var keys struct {
		Items []struct {
			ID        string `json:"id"`
			PublicKey string `json:"public_key"`
		} `json:"items"`
	}
	s.do(http.MethodGet, "/api/v1/export-keys", nil, bearer(token)...).json(&keys)
	return func(id string) (ed25519.PublicKey, error) {
		for _, k := range keys.Items {
			if k.ID == id {
				b, err := base64.StdEncoding.DecodeString(k.PublicKey)
				return b, err
			}
		}
		return nil, errors.New("unknown key")
	}
}

func detached(t *testing.T, r response) ([]byte, []byte) {
	t.Helper()
	m, err1 := base64.StdEncoding.DecodeString(r.Header.Get("X-Caseward-Manifest"))
	sig, err2 := base64.StdEncoding.DecodeString(r.Header.Get("X-Caseward-Signature"))
	if err1 != nil || err2 != nil || len(m) == 0 || len(sig) == 0 {
		t.Fatalf("signature headers missing: %d %s", r.StatusCode, r.body)
	}
	return m, sig
}

// exportFixture is a case with a suspension, a note and an evidence item.
func exportFixture(t *testing.T, db *store.DB) (*server, string, apiCase) {
	f := newRestorationFixture(t, db)
	s, admin := f.s, f.admin
	var sp suspension
	f.suspend(nil).json(&sp)
	s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "Security review"}, bearer(admin)...)
	s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/notes", map[string]string{"kind": "decision", "body": "=HYPERLINK(\"http://evil\")"}, bearer(admin)...)
	s.upload(admin, f.kase.ID, map[string]string{"title": "Firewall log", "kind": "log"}, "fw.log", []byte("log lines"))
	return s, admin, f.kase
}

func TestCaseExportAsJSONIsCompleteAndSigned(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, admin, kase := exportFixture(t, db)
		r := s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/export?format=json", nil, bearer(admin)...)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), kase.Reference) {
			t.Fatalf("export: %d %v", r.StatusCode, r.Header)
		}
		keyFor := s.exportKey(admin)
		m, err := export.VerifyJSON(bytes.NewReader(r.body), keyFor)
		if err != nil || m.CaseReference != kase.Reference || m.Kind != "case" {
			t.Fatalf("verify: %+v %v", m, err)
		}
		// The headers carry the same signed manifest.
		hm, _ := detached(t, r)
		var bundle struct {
			Content  export.Content  `json:"content"`
			Manifest json.RawMessage `json:"manifest"`
		}
		if err := json.Unmarshal(r.body, &bundle); err != nil || !bytes.Equal(hm, bundle.Manifest) {
			t.Fatalf("header manifest differs from the bundle's: %v", err)
		}
		c := bundle.Content
		if len(c.Suspensions) != 1 || len(c.Suspensions[0].Milestones) != 1 || len(c.Evidence) != 1 || len(c.Notes) != 1 || len(c.AuditEvents) < 5 {
			t.Fatalf("bundle incomplete: %d suspensions, %d evidence, %d notes, %d audit events",
				len(c.Suspensions), len(c.Evidence), len(c.Notes), len(c.AuditEvents))
		}
		custody := c.Evidence[0].Custody
		newest := c.AuditEvents[len(c.AuditEvents)-1]
		if custody[len(custody)-1].Action != "exported" || newest.Action != "export.case" || newest.Hash == "" {
			t.Fatalf("the export does not record itself: custody %+v, newest audit %+v", custody, newest)
		}
		// The timeline tells each event in a sentence, with the actor by name.
		if last := c.Timeline[len(c.Timeline)-1]; last.ActorName != "Ada Admin" || !strings.Contains(last.Summary, "exported the case") {
			t.Fatalf("the timeline's last entry is not told for people: %q %q", last.ActorName, last.Summary)
		}
		// One byte changed anywhere in the content breaks it.
		i := bytes.Index(r.body, []byte(kase.Title))
		tampered := bytes.Clone(r.body)
		tampered[i] ^= 0x20
		if _, err := export.VerifyJSON(bytes.NewReader(tampered), keyFor); !errors.Is(err, export.ErrBadHash) {
			t.Fatalf("tampered bundle: %v", err)
		}
	})
}

func TestCaseExportAsCSVAndPDF(t *testing.T) {
	t.Parallel()
	s, admin, kase := exportFixture(t, dbtest.Open(t, store.SQLite))
	keyFor := s.exportKey(admin)

	r := s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/export?format=csv", nil, bearer(admin)...)
	if _, err := export.VerifyZip(bytes.NewReader(r.body), int64(len(r.body)), keyFor); err != nil || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("csv: %v %s", err, r.Header.Get("Content-Type"))
	}
	// The signature travels inside the zip; a detached one over the same manifest is refused.
	m, sig := detached(t, r)
	if _, err := export.VerifyDetachedWith(keyFor, m, sig, r.body); !errors.Is(err, export.ErrMalformed) {
		t.Fatalf("a case CSV checked against a detached signature: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	want := []string{"case.csv", "people.csv", "suspensions.csv", "milestones.csv", "replans.csv", "updates.csv", "evidence.csv",
		"custody.csv", "observables.csv", "notes.csv", "chronology.csv", "links.csv", "review.csv", "follow_ups.csv", "timeline.csv", "audit_events.csv", export.SignatureName}
	if len(zr.File) != len(want) {
		t.Errorf("the zip holds %d entries, want %d", len(zr.File), len(want))
	}
	for i, name := range want {
		if (name != export.SignatureName && !strings.Contains(files[name], "\r\n")) || i >= len(zr.File) || zr.File[i].Name != name {
			t.Errorf("%s missing, out of place or without CRLF rows", name)
		}
	}
	// People are named beside their ids.
	if !strings.HasPrefix(files["notes.csv"], "id,kind,author_id,author_name,") || !strings.Contains(files["notes.csv"], ",Ada Admin,") ||
		!strings.Contains(files["people.csv"], ",Ada Admin\r\n") || !strings.Contains(files["custody.csv"], ",Ada Admin,") {
		t.Errorf("names missing:\n%s\n%s", files["notes.csv"], files["people.csv"])
	}
	if !strings.Contains(files["notes.csv"], `"'=HYPERLINK(""http://evil"")"`) {
		t.Errorf("formula not defused in notes.csv:\n%s", files["notes.csv"])
	}

	r = s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/export?format=pdf", nil, bearer(admin)...)
	m, sig = detached(t, r)
	if _, err := export.VerifyDetachedWith(keyFor, m, sig, r.body); err != nil || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
		t.Fatalf("pdf: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("CI") != "" {
		t.Fatal("pdftotext (poppler-utils) is missing; .ci/run installs it")
	} else if err == nil {
		path := filepath.Join(t.TempDir(), "case.pdf")
		if err := os.WriteFile(path, r.body, 0o600); err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("CASEWARD_KEEP_PDF"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "case.pdf"), r.body, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", path, "-").Output()
		if err != nil || !strings.Contains(string(out), kase.Reference) {
			t.Fatalf("page 1 of the PDF lacks %s: %v\n%s", kase.Reference, err, out)
		}
		// The last page prints the fingerprint of the key that signed it.
		all, err := exec.Command("pdftotext", path, "-").Output()
		var manifest export.Manifest
		if err := json.Unmarshal(m, &manifest); err != nil {
			t.Fatal(err)
		}
		if fp := export.FormatFingerprint(manifest.KeyFingerprint); err != nil || manifest.KeyFingerprint == "" || !strings.Contains(string(all), fp) {
			t.Fatalf("the PDF does not print the signing key's fingerprint %q: %v", fp, err)
		}
	}
	if e := s.auditEvents(admin, "export.case"); len(e) != 2 {
		t.Fatalf("%d export.case events, want 2", len(e))
	}
}

func TestAuditExportStreamsEveryEventWithAChainCheck(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for _, name := range []string{"A", "B", "C"} {
			s.createDepartment(admin, "Department "+name)
		}
		r := s.do(http.MethodGet, "/api/v1/audit/export?format=jsonl", nil, bearer(admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %s", r.StatusCode, r.body)
		}
		lines := strings.Split(strings.TrimRight(string(r.body), "\n"), "\n")
		// harness admin + login + 3 departments + the export's own event = 6,
		// then the chain check, then the manifest and signature over all before.
		if len(lines) != 8 || lines[6] != `{"chain_check":{"valid":true,"checked":6,"first_invalid_seq":null}}` ||
			!strings.HasPrefix(lines[7], `{"manifest":{"kind":"audit","format":"jsonl"`) {
			t.Fatalf("%d lines; last two:\n%s", len(lines), strings.Join(lines[len(lines)-2:], "\n"))
		}
		if r.Trailer.Get("X-Caseward-Chain-Valid") != "true" || r.Trailer.Get("X-Caseward-Signature") == "" {
			t.Fatalf("trailers: %v", r.Trailer)
		}
		if _, err := export.VerifyJSONLines(r.body, s.exportKey(admin)); err != nil {
			t.Fatalf("verify: %v", err)
		}
		tampered := []byte(strings.Replace(string(r.body), "Department A", "Department Z", 1))
		if _, err := export.VerifyJSONLines(tampered, s.exportKey(admin)); !errors.Is(err, export.ErrBadHash) {
			t.Fatalf("tampered export: %v", err)
		}
		// CSV is a signed zip: audit_events.csv, then SIGNATURE.json, whose
		// manifest names the filter and signs the chain check.
		csv := s.do(http.MethodGet, "/api/v1/audit/export?format=csv&action=department.create", nil, bearer(admin)...)
		if csv.Header.Get("Content-Type") != "application/zip" ||
			!strings.HasSuffix(csv.Header.Get("Content-Disposition"), `.zip"`) {
			t.Fatalf("csv: %s, %s", csv.Header.Get("Content-Type"), csv.Header.Get("Content-Disposition"))
		}
		m, err := export.VerifyZip(bytes.NewReader(csv.body), int64(len(csv.body)), s.exportKey(admin))
		if err != nil || m.Kind != "audit" || m.Format != "csv" || m.Filters["action"] != "department.create" ||
			m.ChainCheck == nil || !m.ChainCheck.Valid || m.ChainCheck.Checked != 3 || m.SchemaVersion != 4 ||
			len(m.Files) != 1 || m.Files[0].Name != "audit_events.csv" {
			t.Fatalf("csv zip: %+v %v", m, err)
		}
		// The trailers, for older clients, say what SIGNATURE.json says.
		files := unzipped(t, csv.body)
		sigFile := export.Signed{Bytes: b64(t, csv.Trailer.Get("X-Caseward-Manifest")), Signature: b64(t, csv.Trailer.Get("X-Caseward-Signature")),
			Manifest: export.Manifest{KeyID: m.KeyID, KeyFingerprint: m.KeyFingerprint}}.SignatureFile()
		if string(sigFile) != files[export.SignatureName] || csv.Trailer.Get("X-Caseward-Chain-Checked") != "3" ||
			csv.Trailer.Get("X-Caseward-Chain-Valid") != "true" {
			t.Fatalf("trailers %v; SIGNATURE.json %s", csv.Trailer, files[export.SignatureName])
		}
		if e := s.auditEvents(admin, "export.audit"); len(e) != 2 || e[0].Changes["action"][1] != "department.create" {
			t.Fatalf("export.audit events: %+v", e)
		}
		rows := strings.Split(strings.TrimRight(files["audit_events.csv"], "\r\n"), "\r\n")
		if len(files) != 2 || len(rows) != 4 || !strings.HasPrefix(rows[0], "seq,occurred_at") || !strings.Contains(rows[1], "department.create") {
			t.Fatalf("csv rows: %q", rows)
		}
		s.do(http.MethodGet, "/api/v1/audit/export?format=xml", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}

func TestExportsFollowNeedToKnow(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn().AccessToken
	secret := s.createCase(admin, caseBody("Restricted", map[string]any{"restricted": true}))
	pw := "a long enough password"
	s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": pw})
	var rita tokens
	s.login("rita@example.org", pw).json(&rita)
	s.do(http.MethodGet, "/api/v1/cases/"+secret.ID+"/export?format=json", nil, bearer(rita.AccessToken)...).problem(t, http.StatusNotFound)
	s.do(http.MethodGet, "/api/v1/audit/export?format=jsonl", nil, bearer(rita.AccessToken)...).problem(t, http.StatusForbidden)
}

// A case export is for the roles the contract lists (admin, responder,
// auditor) and, like GET /cases/{id}, only for a case the caller may see: a
// restricted case is a 404 to a responder who is neither its owner nor a
// member. A refused export records nothing; each export records itself once.
func TestCaseExportByEveryRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		pw := "a long enough password"
		signedIn := func(email, role string) string {
			s.createUser(f.admin, map[string]any{"email": email, "name": email, "role": role, "password": pw})
			var tk tokens
			s.login(email, pw).json(&tk)
			return tk.AccessToken
		}
		olga, auditor := signedIn("olga@example.org", "responder"), signedIn("audrey@example.org", "auditor")
		open := s.createCase(f.admin, caseBody("Open to responders", nil))
		exports := 0
		for _, tc := range []struct {
			who, token string
			kase       apiCase
			status     int
		}{
			{"admin", f.admin, f.kase, http.StatusOK},
			{"the owner (responder)", f.rita, f.kase, http.StatusOK},
			{"a member (responder)", f.sam, f.kase, http.StatusOK},
			{"an auditor", auditor, f.kase, http.StatusOK},
			{"a member who is a department head", f.head, f.kase, http.StatusForbidden},
			{"a responder not on the restricted case", olga, f.kase, http.StatusNotFound},
			{"a responder, an open case", olga, open, http.StatusOK},
		} {
			for _, format := range []string{"json", "csv", "pdf"} {
				r := s.do(http.MethodGet, "/api/v1/cases/"+tc.kase.ID+"/export?format="+format, nil, bearer(tc.token)...)
				if tc.status != http.StatusOK {
					r.problem(t, tc.status)
					continue
				}
				exports++
				if r.StatusCode != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), tc.kase.Reference) {
					t.Fatalf("%s, %s: %d %s", tc.who, format, r.StatusCode, r.body)
				}
			}
		}
		if got := len(s.auditEvents(f.admin, "export.case")); got != exports {
			t.Fatalf("%d export.case events, want one per export that was allowed (%d)", got, exports)
		}
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/export?format=xml", nil, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}

// unzipped reads every entry of a zip by name.
func unzipped(t *testing.T, z []byte) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, f := range exporttest.Unzip(t, z) {
		files[f.Name] = string(f.Body)
	}
	return files
}

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		t.Fatalf("base64 %q: %v", s, err)
	}
	return b
}
