package export_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
)

// The audit log as CSV is a zip of audit_events.csv (the same rows as the
// bare CSV before it) and SIGNATURE.json, whose manifest lists the file,
// names the filters and signs the chain check; it verifies with its own key
// or the pinned one, and its broken chain is reported from the manifest.
func TestAuditZipVerifiesWithItsSignedChainCheck(t *testing.T) {
	x := makeExports(t)
	z, signed := auditZip(t, x.key, x.events)
	entries := exporttest.Unzip(t, z)
	if len(entries) != 2 || entries[0].Name != "audit_events.csv" || !bytes.Equal(entries[0].Body, x.csv) ||
		entries[1].Name != export.SignatureName || !bytes.Equal(entries[1].Body, signed.SignatureFile()) {
		t.Fatalf("entries: %q", []string{entries[0].Name, entries[len(entries)-1].Name})
	}
	for name, keyFor := range map[string]export.KeyLookup{"its own key": nil, "the pinned key": x.keyFor} {
		m, err := verifyZip(z, keyFor)
		if err != nil || m.Kind != "audit" || m.Format != "csv" || m.Filters["from"] != "2026-01-01T00:00:00Z" ||
			m.ChainCheck == nil || !m.ChainCheck.Valid || m.ChainCheck.Checked != 3 || len(m.Files) != 1 ||
			m.SHA256 != export.Fingerprint(export.FileListing(m.Files)) {
			t.Fatalf("%s: %+v %v", name, m, err)
		}
	}
	broken, _ := auditZip(t, x.key, brokenEvents(x))
	m, err := verifyZip(broken, nil)
	if !errors.Is(err, export.ErrBrokenChain) || !strings.HasSuffix(err.Error(), "first bad seq 2") || m.ChainCheck.Valid {
		t.Fatalf("a broken chain: %+v %v", m.ChainCheck, err)
	}
	// The zip's manifest is no detached signature of the zip or of its CSV.
	if _, err := export.VerifyDetachedWith(nil, signed.Bytes, signed.Signature, entries[0].Body); !errors.Is(err, export.ErrMalformed) ||
		!strings.Contains(err.Error(), "verify the zip alone") {
		t.Fatalf("the zip's manifest used as a detached signature: %v", err)
	}
}

// An altered or removed row, another export's SIGNATURE.json, or a case
// zip's, is refused.
func TestVerifyAuditZipRefusesChanges(t *testing.T) {
	x := makeExports(t)
	z, _ := auditZip(t, x.key, x.events)
	entries := exporttest.Unzip(t, z)
	csv, sig := entries[0], entries[1]
	rows := strings.SplitAfter(string(csv.Body), "\r\n")
	other, _ := auditZip(t, x.key, x.events[:2])
	caseZip, _ := signedZip(t, x.key)
	caseEntries := exporttest.Unzip(t, caseZip)
	for name, c := range map[string]struct {
		entries []export.ZipFile
		want    error
		says    string
	}{
		"an altered row": {[]export.ZipFile{{Name: csv.Name, Body: []byte(strings.Replace(string(csv.Body), "case.update", "case.delete", 1))}, sig},
			export.ErrBadHash, "audit_events.csv was altered"},
		"a removed row": {[]export.ZipFile{{Name: csv.Name, Body: []byte(rows[0] + rows[1] + rows[3])}, sig},
			export.ErrBadHash, "audit_events.csv was altered"},
		"another audit export's SIGNATURE.json": {[]export.ZipFile{csv, exporttest.Unzip(t, other)[1]}, export.ErrBadHash, "audit_events.csv was altered"},
		"a case zip's SIGNATURE.json":           {[]export.ZipFile{csv, caseEntries[len(caseEntries)-1]}, export.ErrMalformed, "audit_events.csv is not among the signed files"},
		"another file beside the CSV":           {[]export.ZipFile{csv, {Name: "notes.csv", Body: []byte("x")}, sig}, export.ErrMalformed, "notes.csv is not among the signed files"},
		"no signature":                          {[]export.ZipFile{csv}, export.ErrMalformed, "no SIGNATURE.json"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := verifyZip(exporttest.Rezip(t, c.entries), nil)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("err = %v (%+v), want %v saying %q", err, m, c.want, c.says)
			}
		})
	}
	// Unzipped and zipped again by another tool, it still verifies.
	if _, err := verifyZip(exporttest.Rezip(t, entries), nil); err != nil {
		t.Fatalf("rezipped: %v", err)
	}
}

// A manifest that lists files other than audit_events.csv is no audit zip
// Caseward writes, even signed.
func TestVerifyAuditZipHoldsTheCSVAlone(t *testing.T) {
	x := makeExports(t)
	m := auditManifest("csv", export.SchemaVersion)
	m.ChainCheck = &export.ChainCheck{Valid: true, Checked: 3}
	z, _, err := export.SignedZip(x.key, m, []export.ZipFile{{Name: "audit_events.csv", Body: x.csv}, {Name: "extra.csv", Body: []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifyZip(z, nil); !errors.Is(err, export.ErrMalformed) || !strings.Contains(err.Error(), "holds audit_events.csv alone") {
		t.Fatalf("err = %v", err)
	}
}
