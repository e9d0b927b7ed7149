package export_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
)

// The CSV audit export's chain check is in its signed manifest: it verifies
// as written, and a manifest whose chain check was edited does not.
func TestVerifyDetachedSignsTheCSVChainCheck(t *testing.T) {
	x := makeExports(t)
	m, err := export.VerifyDetachedWith(x.keyFor, x.csvSig.Bytes, x.csvSig.Signature, x.csv)
	if err != nil || m.ChainCheck == nil || !m.ChainCheck.Valid || m.ChainCheck.Checked != 3 {
		t.Fatalf("%+v %v\n%s", m, err, x.csvSig.Bytes)
	}
	_, brokenSig := auditCSV(t, x.key, brokenEvents(x))
	for name, edit := range map[string][2]string{
		"checked changed":          {`"checked":3`, `"checked":2`},
		"valid:false made true":    {`"valid":false,"checked":1,"first_invalid_seq":2`, `"valid":true,"checked":3,"first_invalid_seq":null`},
		"the chain check removed":  {`,"chain_check":{"valid":true,"checked":3,"first_invalid_seq":null}`, ``},
		"the chain check set null": {`"chain_check":{"valid":true,"checked":3,"first_invalid_seq":null}`, `"chain_check":null`},
	} {
		t.Run(name, func(t *testing.T) {
			manifest := x.csvSig.Bytes
			if strings.Contains(edit[0], "false") {
				manifest = brokenSig.Bytes
			}
			edited := bytes.Replace(manifest, []byte(edit[0]), []byte(edit[1]), 1)
			if bytes.Equal(edited, manifest) {
				t.Fatalf("%q not in %s", edit[0], manifest)
			}
			if m, err := export.VerifyDetachedWith(x.keyFor, edited, x.csvSig.Signature, x.csv); err == nil {
				t.Fatalf("verified: %+v", m)
			}
		})
	}
}

// A CSV audit export of a broken chain is reported broken by the verifier,
// from the chain check in the signed manifest.
func TestVerifyDetachedReportsABrokenCSVChain(t *testing.T) {
	x := makeExports(t)
	file, sig := auditCSV(t, x.key, brokenEvents(x))
	m, err := export.VerifyDetachedWith(x.keyFor, sig.Bytes, sig.Signature, file)
	if err == nil || !strings.HasSuffix(err.Error(), "first bad seq 2") || errors.Is(err, export.ErrBadSignature) {
		t.Fatalf("err = %v, want one ending in: first bad seq 2", err)
	}
	if m.ChainCheck == nil || m.ChainCheck.Valid || *m.ChainCheck.FirstInvalidSeq != 2 {
		t.Fatalf("%+v", m.ChainCheck)
	}
}

// A manifest's chain check is where the schema puts it and nowhere else.
func TestVerifyRefusesAChainCheckOutOfPlace(t *testing.T) {
	x := makeExports(t)
	check := export.ChainCheck{Valid: true, Checked: 3}
	for name, m := range map[string]export.Manifest{
		"a case export with one":               {Kind: "case", Format: "pdf", SchemaVersion: export.SchemaVersion, ChainCheck: &check},
		"an audit export of schema 2 with one": {Kind: "audit", Format: "csv", SchemaVersion: 2, ChainCheck: &check},
		"an audit export of schema 3 without":  {Kind: "audit", Format: "csv", SchemaVersion: 3},
	} {
		t.Run(name, func(t *testing.T) {
			m.ExportedAt, m.ExporterEmail = fixedTime, "ann@example.org"
			s, err := export.Sign(x.key, m, x.csv)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := export.VerifyDetachedWith(x.keyFor, s.Bytes, s.Signature, x.csv); !errors.Is(err, export.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed (%+v)", err, got)
			}
		})
	}
}

// A CSV audit export of schema_version 2, made before the manifest carried
// the chain check, still verifies, with no chain check to report.
func TestVerifyDetachedAcceptsACSVOfSchemaVersion2(t *testing.T) {
	x := makeExports(t)
	s, err := export.Sign(x.key, auditManifest("csv", 2), x.csv)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := export.VerifyDetachedWith(x.keyFor, s.Bytes, s.Signature, x.csv); err != nil || m.ChainCheck != nil {
		t.Fatalf("%+v %v", m, err)
	}
}
