package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
)

// testKey is an export key that no database holds.
func testKey() export.Key { return seededKey(9) }

func seededKey(seed byte) export.Key {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	return export.Key{ID: "export-1", Private: priv, Public: priv.Public().(ed25519.PublicKey)}
}

var exportedAt = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)

func caseManifest(format string, version int) export.Manifest {
	return export.Manifest{Kind: "case", Format: format, CaseID: "01936f6e-0000-7000-8000-0000000000aa", CaseReference: "INC-2026-0001",
		ExportedAt: exportedAt, ExporterID: "01936f6e-0000-7000-8000-000000000001", ExporterEmail: "ann@example.org",
		ExporterName: "Ann Example", CasewardVersion: "test", SchemaVersion: version}
}

func writeFile(t *testing.T, path string, body []byte) string {
	t.Helper()
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// bundleOf is a case exported as a JSON bundle by key, of schema version v.
func bundleOf(t *testing.T, key export.Key, v int) []byte {
	t.Helper()
	body, _, err := export.JSON(key, caseManifest("json", v), export.Content{SchemaVersion: v, Case: export.CaseJSON{Reference: "INC-2026-0001", Title: "Suspicious logins"}})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func writeBundle(t *testing.T, key export.Key) string {
	t.Helper()
	return writeFile(t, filepath.Join(t.TempDir(), "INC-2026-0001.json"), bundleOf(t, key, export.SchemaVersion))
}

// writePDF saves a PDF export and its .sig in dir.
func writePDF(t *testing.T, key export.Key, dir, name string, body []byte) string {
	t.Helper()
	signed, err := export.Sign(key, caseManifest("pdf", export.SchemaVersion), body)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, filepath.Join(dir, name), body)
	writeFile(t, file+".sig", signed.SignatureFile())
	return file
}

func csvZip(t *testing.T, key export.Key, files []export.ZipFile) []byte {
	t.Helper()
	z, _, err := export.SignedZip(key, caseManifest("csv", export.SchemaVersion), files)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// verifyCLI runs `caseward export verify args…` and returns its output and
// exit status, as main would end.
func verifyCLI(args ...string) (string, int) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"export", "verify"}, args...), noEnv, nil, &out, &errOut)
	if err == nil {
		return out.String() + errOut.String(), 0
	}
	code := exitCode(err, &errOut)
	return out.String() + errOut.String(), code
}

// The command needs no database: run as its own process in an empty folder,
// it verifies, refuses, and leaves the folder empty (no ./data/caseward.db).
func TestExportVerifyRunsInAnEmptyFolderAndCreatesNothing(t *testing.T) {
	files := t.TempDir()
	pdf := writePDF(t, testKey(), files, "INC-2026-0001-20261205T090000Z.pdf", []byte("%PDF-1.7 a report\n"))
	altered := writeFile(t, filepath.Join(files, "altered.json"), bytes.Replace(bundleOf(t, testKey(), export.SchemaVersion), []byte("Suspicious"), []byte("suspicious"), 1))
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{writeBundle(t, testKey())}, 0, "valid: case export (json) of INC-2026-0001"},
		{[]string{pdf}, 0, "valid: case export (pdf) of INC-2026-0001"},
		{[]string{altered}, 1, "NOT VALID: content: "},
		{[]string{filepath.Join(files, "INC-2026-0001-20261205T090000Z.pdf.sig")}, 2, "not an export Caseward writes"},
	} {
		cmd := exec.Command(os.Args[0], append([]string{"export", "verify"}, c.args...)...)
		cmd.Dir = empty
		cmd.Env = append(os.Environ(), runMainEnv+"=1", "DATABASE_URL=", "CASEWARD_DATA_DIR=")
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != c.code || !strings.Contains(string(out), c.says) {
			t.Errorf("%v: exit %d (%v), want %d saying %q:\n%s", c.args, code, err, c.code, c.says, out)
		}
	}
	if entries, err := os.ReadDir(empty); err != nil || len(entries) != 0 {
		t.Fatalf("the folder it ran in holds %v (%v)", entries, err)
	}
	if after, _ := os.ReadDir(files); len(after) != 3 {
		t.Fatalf("the files' folder changed: %v", after)
	}
}

// Success names what, when, by whom, the key and its fingerprint, and says
// to compare the fingerprint with the published one.
func TestExportVerifySaysWhatWasVerified(t *testing.T) {
	key := testKey()
	sum := sha256.Sum256(key.Public)
	fp := fmt.Sprintf("%x", sum)
	out, code := verifyCLI(writeBundle(t, key))
	want := "valid: case export (json) of INC-2026-0001\n" +
		"exported: 2026-12-05T09:00:00Z by Ann Example <ann@example.org> (Caseward test, schema_version 4)\n" +
		"key: export-1, fingerprint " + fp + "\n" +
		"The file is exactly as signed by the holder of this key. Compare the fingerprint with the one your organisation publishes " +
		"(Caseward's Exports page, or GET /api/v1/export-keys): only then do you know it was your organisation's Caseward.\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d, output:\n%s\nwant:\n%s", code, out, want)
	}
	zip := writeFile(t, filepath.Join(t.TempDir(), "INC-2026-0001.zip"), csvZip(t, key, []export.ZipFile{{Name: "case.csv", Body: []byte("a\r\n")}, {Name: "notes.csv", Body: []byte("b\r\n")}}))
	out, code = verifyCLI("--key-fingerprint", strings.ToUpper(fp), zip)
	if code != 0 || !strings.Contains(out, "valid: case export (csv) of INC-2026-0001\n") || !strings.Contains(out, "files: case.csv, notes.csv\n") ||
		!strings.Contains(out, "The key is the one you pinned.") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// Every bad input fails with one line naming the check: exit status 1, or 2
// for a usage error.
func TestExportVerifyRefusesBadInputInOneLine(t *testing.T) {
	key, foreign := testKey(), seededKey(10)
	dir := t.TempDir()
	pub := base64.StdEncoding.EncodeToString(key.Public)
	der, _ := x509.MarshalPKIXPublicKey(key.Public)
	pemFile := writeFile(t, filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	bundle := bundleOf(t, key, export.SchemaVersion)
	pdf := writePDF(t, key, dir, "a.pdf", []byte("%PDF-1.7 report A\n"))
	otherPDF := writePDF(t, key, dir, "b.pdf", []byte("%PDF-1.7 report B\n"))
	files := []export.ZipFile{{Name: "case.csv", Body: []byte("field,value\r\n")}, {Name: "notes.csv", Body: []byte("id,body\r\n")}}
	zipOf := func(name string, entries ...export.ZipFile) string {
		return writeFile(t, filepath.Join(dir, name), exporttest.Rezip(t, entries))
	}
	good := exporttest.Unzip(t, csvZip(t, key, files))
	sig := good[2]
	v3 := writeFile(t, filepath.Join(dir, "v3.json"), bundleOf(t, key, 3))
	for name, c := range map[string]struct {
		args []string
		code int
		says string
	}{
		"altered content":    {[]string{writeFile(t, filepath.Join(dir, "altered.json"), bytes.Replace(bundle, []byte("Suspicious"), []byte("suspicious"), 1))}, 1, "NOT VALID: content: "},
		"a truncated bundle": {[]string{writeFile(t, filepath.Join(dir, "cut.json"), bundle[:len(bundle)/2])}, 1, "NOT VALID: format: "},
		"a truncated zip": {[]string{writeFile(t, filepath.Join(dir, "cut.zip"), func() []byte { z := csvZip(t, key, files); return z[:len(z)-30] }())},
			1, "NOT VALID: format: "},
		"a foreign key, pinned":            {[]string{"--public-key", pemFile, writeBundle(t, foreign)}, 1, "NOT VALID: pinned key: "},
		"a foreign key, by fingerprint":    {[]string{"--key-fingerprint", export.Fingerprint(key.Public), writeBundle(t, foreign)}, 1, "NOT VALID: pinned fingerprint: "},
		"signed by another key than named": {[]string{writeFile(t, filepath.Join(dir, "resigned.pdf"), []byte("%PDF-1.7 report A\n")), resigned(t, dir, pdf+".sig", foreign)}, 1, "NOT VALID: signature: "},
		"another PDF's .sig":               {[]string{pdf, otherPDF + ".sig"}, 1, "NOT VALID: content: the file's SHA-256 is not the one its signature signs: the file was altered, or b.pdf.sig belongs to another export (INC-2026-0001, exported 2026-12-05T09:00:00Z)"},
		"a zip's signature for a PDF":      {[]string{writeFile(t, filepath.Join(dir, "c.pdf"), []byte("%PDF-1.7 report A\n")), writeFile(t, filepath.Join(dir, "zip.sig"), sig.Body)}, 1, "NOT VALID: signature file: the signature file does not belong to this export: zip.sig is for a case export as csv"},
		"a PDF without its .sig":           {[]string{writeFile(t, filepath.Join(dir, "alone.pdf"), []byte("%PDF-1.7\n"))}, 1, "CANNOT VERIFY: no signature: put alone.pdf.sig (downloaded with it) beside it"},
		"a zip with an extra entry":        {[]string{zipOf("extra.zip", good[0], good[1], export.ZipFile{Name: "x.csv"}, sig)}, 1, "NOT VALID: format: not a Caseward export as Caseward writes it: zip: x.csv is not among the signed files"},
		"a zip with a missing entry":       {[]string{zipOf("missing.zip", good[0], sig)}, 1, "zip: notes.csv is missing"},
		"a zip with a renamed entry":       {[]string{zipOf("renamed.zip", good[0], export.ZipFile{Name: "notes2.csv", Body: good[1].Body}, sig)}, 1, "zip: notes2.csv is not among the signed files, and notes.csv is missing (renamed?)"},
		"a zip with an altered entry":      {[]string{zipOf("altered.zip", good[0], export.ZipFile{Name: "notes.csv", Body: []byte("id,body\r\n1,x\r\n")}, sig)}, 1, "NOT VALID: content: the exported bytes do not match the manifest's sha256: notes.csv was altered"},
		"an unknown format":                {[]string{writeFile(t, filepath.Join(dir, "notes.txt"), []byte("hello\n"))}, 2, "not an export Caseward writes"},
		"a v3 file without a key":          {[]string{v3}, 1, "CANNOT VERIFY: key: this export (schema_version 3) does not carry its public key: pass --public-key"},
		"a v3 file, a fingerprint only":    {[]string{"--key-fingerprint", export.Fingerprint(key.Public), v3}, 1, "CANNOT VERIFY: key: "},
		"a v3 file, another key":           {[]string{"--public-key", base64.StdEncoding.EncodeToString(foreign.Public), v3}, 1, "NOT VALID: signature: "},
		"a signature file for a bundle":    {[]string{writeBundle(t, key), pdf + ".sig"}, 2, "carries its signature inside"},
		"no file":                          {nil, 2, "name the export file"},
		"a missing file":                   {[]string{filepath.Join(dir, "nope.pdf")}, 2, "read the export: "},
		"a bad fingerprint":                {[]string{"--key-fingerprint", "abc", pdf}, 2, "--key-fingerprint: want the 64 hex digits"},
		"a key and another fingerprint":    {[]string{"--public-key", pub, "--key-fingerprint", export.Fingerprint(foreign.Public), pdf}, 2, "--public-key has fingerprint"},
		"an unknown flag":                  {[]string{"--data-dir", dir, pdf}, 2, "flag provided but not defined: -data-dir"},
	} {
		t.Run(name, func(t *testing.T) {
			out, code := verifyCLI(c.args...)
			t.Logf("exit %d: %s", code, out)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if code != c.code || !strings.Contains(out, c.says) {
				t.Fatalf("exit %d, want %d saying %q:\n%s", code, c.code, c.says, out)
			}
			if c.code == 1 && len(lines) != 1 {
				t.Fatalf("%d lines, want one:\n%s", len(lines), out)
			}
		})
	}
	// The good ones, for contrast: pinned by key file, base64 and fingerprint, flags after the file.
	for _, args := range [][]string{{pdf}, {"--public-key", pemFile, pdf}, {pdf, "--public-key", pub}, {"--public-key", pub, v3},
		{"--key-fingerprint", export.Fingerprint(key.Public), pdf, pdf + ".sig"}} {
		if out, code := verifyCLI(args...); code != 0 {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
}

// resigned writes sigFile's manifest signed by another key, as a .sig.
func resigned(t *testing.T, dir, sigFile string, by export.Key) string {
	t.Helper()
	data, err := os.ReadFile(sigFile)
	if err != nil {
		t.Fatal(err)
	}
	manifest, _, err := export.ParseSignatureFile(data)
	if err != nil {
		t.Fatal(err)
	}
	m := export.Signed{Bytes: manifest, Signature: ed25519.Sign(by.Private, manifest)}
	m.Manifest.KeyID, m.Manifest.KeyFingerprint = "export-1", export.Fingerprint(testKey().Public)
	return writeFile(t, filepath.Join(dir, "resigned.pdf.sig"), m.SignatureFile())
}

// The older signature file, FILE.signature.json, is still read.
func TestExportVerifyReadsTheOlderSignatureFile(t *testing.T) {
	key := testKey()
	dir := t.TempDir()
	body := []byte("%PDF-1.7 a report\n")
	signed, err := export.Sign(key, caseManifest("pdf", 3), body)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, filepath.Join(dir, "INC-2026-0001.pdf"), body)
	writeFile(t, file+".signature.json", signed.SignatureFile())
	out, code := verifyCLI("--public-key", base64.StdEncoding.EncodeToString(key.Public), file)
	if code != 0 || !strings.Contains(out, "fingerprint "+export.Fingerprint(key.Public)+" (of the key given") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
