package export_test

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
)

const recipe = "../../docs/verify-with-openssl.sh"

// runRecipe runs docs/verify-with-openssl.sh on files written to a folder.
func runRecipe(t *testing.T, files map[string][]byte, args ...string) (string, bool) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script, err := filepath.Abs(recipe)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", append([]string{script}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return string(out), err == nil
}

// The recipe docs/exports.md gives for checking an export with openssl alone
// accepts real exports and refuses altered ones, naming the check.
func TestTheOpensslRecipeChecksExports(t *testing.T) {
	for _, tool := range []string{"openssl", "unzip", "sha256sum", "base64"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing", tool)
			}
			t.Skipf("%s is missing", tool)
		}
	}
	x := makeExports(t)
	pdf := []byte("%PDF-1.7\n" + strings.Repeat("a report\n", 100))
	signed, err := export.Sign(x.key, caseManifest("pdf", export.SchemaVersion), pdf)
	if err != nil {
		t.Fatal(err)
	}
	otherPDF, err := export.Sign(x.key, caseManifest("pdf", export.SchemaVersion), []byte("%PDF-1.7 another\n"))
	if err != nil {
		t.Fatal(err)
	}
	z, _ := signedZip(t, x.key)
	entries := exporttest.Unzip(t, z)
	alteredEntry := append(append([]export.ZipFile(nil), entries...)[:0:0], entries...)
	alteredEntry[1] = export.ZipFile{Name: "notes.csv", Body: []byte("id,body\r\n1,nothing happened\r\n")}
	extraEntry := append(append([]export.ZipFile(nil), entries[:3]...), export.ZipFile{Name: "extra.csv", Body: []byte("x")}, entries[3])
	auditZ, _ := auditZip(t, x.key, x.events)
	brokenZ, _ := auditZip(t, x.key, brokenEvents(x))
	auditEntries := exporttest.Unzip(t, auditZ)
	alteredRow := []export.ZipFile{{Name: "audit_events.csv", Body: bytes.Replace(auditEntries[0].Body, []byte("case.update"), []byte("case.delete"), 1)}, auditEntries[1]}
	_, manifest, _ := bundleParts(t, x.bundle)
	// The bundle's manifest signed by another key than the one it carries.
	resigned := bytes.Replace(x.bundle, []byte(manifest), []byte(manifest), 1)
	sigAt := bytes.LastIndex(resigned, []byte(`,"signature":"`))
	resigned = append(resigned[:sigAt:sigAt], bundleSignature(otherKey(), []byte(manifest))...)
	for name, c := range map[string]struct {
		files map[string][]byte
		args  []string
		ok    bool
		says  string
	}{
		"a JSON bundle":            {map[string][]byte{"INC-2026-0001.json": x.bundle}, []string{"INC-2026-0001.json"}, true, "fingerprint " + export.Fingerprint(x.key.Public)},
		"an altered JSON bundle":   {map[string][]byte{"a.json": bytes.Replace(x.bundle, []byte("Suspicious"), []byte("suspicious"), 1)}, []string{"a.json"}, false, "FAILED: content"},
		"a re-signed JSON bundle":  {map[string][]byte{"a.json": resigned}, []string{"a.json"}, false, "FAILED: signature"},
		"a PDF and its .sig":       {map[string][]byte{"a.pdf": pdf, "a.pdf.sig": signed.SignatureFile()}, []string{"a.pdf"}, true, "OK: a.pdf is as signed: case export (pdf) INC-2026-0001"},
		"an altered PDF":           {map[string][]byte{"a.pdf": append(bytes.Clone(pdf), ' '), "a.pdf.sig": signed.SignatureFile()}, []string{"a.pdf"}, false, "FAILED: content"},
		"a PDF with another .sig":  {map[string][]byte{"a.pdf": pdf, "b.pdf.sig": otherPDF.SignatureFile()}, []string{"a.pdf", "b.pdf.sig"}, false, "FAILED: content"},
		"an audit CSV and its sig": {map[string][]byte{"audit.csv": x.csv, "audit.csv.sig": x.csvSig.SignatureFile()}, []string{"audit.csv"}, true, "OK: audit.csv is as signed: audit export (csv)"},
		"JSON lines":               {map[string][]byte{"audit.jsonl": x.jsonl}, []string{"audit.jsonl"}, true, "OK: audit.jsonl is as signed: audit export (jsonl)"},
		"altered JSON lines":       {map[string][]byte{"audit.jsonl": bytes.Replace(x.jsonl, []byte("case.update"), []byte("case.delete"), 1)}, []string{"audit.jsonl"}, false, "FAILED: content"},
		"a CSV zip":                {map[string][]byte{"case.zip": z}, []string{"case.zip"}, true, "OK: case.zip is as signed: case export (csv) INC-2026-0001"},
		"a zip with an altered entry": {map[string][]byte{"case.zip": exporttest.Rezip(t, alteredEntry)}, []string{"case.zip"}, false,
			"notes.csv: FAILED"},
		"a zip with an extra entry": {map[string][]byte{"case.zip": exporttest.Rezip(t, extraEntry)}, []string{"case.zip"}, false, "FAILED: zip: its entries are not the signed files"},
		"an audit CSV zip": {map[string][]byte{"audit.zip": auditZ}, []string{"audit.zip"}, true,
			`chain check (signed): "valid":true,"checked":3,"first_invalid_seq":null`},
		"an audit zip with an altered row": {map[string][]byte{"audit.zip": exporttest.Rezip(t, alteredRow)}, []string{"audit.zip"}, false, "audit_events.csv: FAILED"},
		"an audit zip of a broken chain":   {map[string][]byte{"audit.zip": brokenZ}, []string{"audit.zip"}, false, "FAILED: audit chain"},
		"a zip without its signature":      {map[string][]byte{"case.zip": exporttest.Rezip(t, entries[:3])}, []string{"case.zip"}, false, "FAILED: zip: no SIGNATURE.json"},
	} {
		t.Run(name, func(t *testing.T) {
			out, ok := runRecipe(t, c.files, c.args...)
			if ok != c.ok || !strings.Contains(out, c.says) {
				t.Fatalf("ok = %t, want %t saying %q:\n%s", ok, c.ok, c.says, out)
			}
		})
	}
}

// bundleSignature is a bundle's tail with manifest signed by key.
func bundleSignature(key export.Key, manifest []byte) []byte {
	s := export.Signed{Signature: ed25519.Sign(key.Private, manifest)}
	return []byte(`,"signature":"` + s.Headers()["X-Caseward-Signature"] + "\"}\n")
}

// docs/exports.md shows the recipe exactly as the test runs it.
func TestTheDocsShowTheOpensslRecipeVerbatim(t *testing.T) {
	script, err := os.ReadFile(recipe)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadFile("../../docs/exports.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(docs, []byte("```sh\n"+string(script)+"```\n")) {
		t.Fatal("docs/exports.md does not show docs/verify-with-openssl.sh verbatim in a sh block")
	}
}
