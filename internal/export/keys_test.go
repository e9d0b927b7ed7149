package export_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
)

// otherKey is a key the fixture's files were not signed with.
func otherKey() export.Key {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	return export.Key{ID: "export-1", Private: priv, Public: priv.Public().(ed25519.PublicKey)}
}

func caseManifest(format string, version int) export.Manifest {
	return export.Manifest{Kind: "case", Format: format, CaseID: "01936f6e-0000-7000-8000-0000000000aa", CaseReference: "INC-2026-0001",
		ExportedAt: fixedTime, ExporterID: "01936f6e-0000-7000-8000-000000000001", ExporterEmail: "ann@example.org",
		ExporterName: "Łukasz Żółkiewski", CasewardVersion: "test", SchemaVersion: version}
}

// A file of schema_version 4 carries its public key and the key's
// fingerprint, and verifies with them alone.
func TestVerifyUsesTheKeyTheFileCarries(t *testing.T) {
	x := makeExports(t)
	m, err := export.VerifyJSON(bytes.NewReader(x.bundle), nil)
	sum := sha256.Sum256(x.key.Public)
	if err != nil || m.PublicKey != base64.StdEncoding.EncodeToString(x.key.Public) || m.KeyFingerprint != hex.EncodeToString(sum[:]) {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := export.VerifyJSONLines(x.jsonl, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := export.VerifyDetachedWith(nil, x.csvSig.Bytes, x.csvSig.Signature, x.csv); err != nil {
		t.Fatal(err)
	}
	_, manifest, _ := bundleParts(t, x.bundle)
	if !strings.Contains(manifest, `"key_id":"export-1","public_key":"`+m.PublicKey+`","key_fingerprint":"`+m.KeyFingerprint+`"`) {
		t.Fatalf("members out of order: %s", manifest)
	}
}

// A pinned key or a file signed by another key than the one it names fails,
// and says which check failed.
func TestVerifyRefusesAForeignKey(t *testing.T) {
	x := makeExports(t)
	foreign := otherKey()
	foreignBundle, _, err := export.JSON(foreign, caseManifest("json", export.SchemaVersion), export.Content{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.VerifyJSON(bytes.NewReader(foreignBundle), nil); err != nil {
		t.Fatalf("a file checks with its own key: %v", err)
	}
	if _, err := export.VerifyJSON(bytes.NewReader(foreignBundle), x.keyFor); !errors.Is(err, export.ErrKeyMismatch) {
		t.Fatalf("pinned key: err = %v, want ErrKeyMismatch", err)
	}
	// The manifest as the real key made it, signed by another.
	manifest := x.csvSig.Bytes
	s := ed25519.Sign(foreign.Private, manifest)
	if _, err := export.VerifyDetachedWith(nil, manifest, s, x.csv); !errors.Is(err, export.ErrBadSignature) {
		t.Fatalf("signed by another key than it carries: err = %v", err)
	}
}

// What schema_version 4 adds is checked: the fingerprint is the key's, the
// members are as Caseward writes them, and an older manifest has none of them.
func TestVerifyRefusesInconsistentKeyMembers(t *testing.T) {
	x := makeExports(t)
	signed, err := export.Sign(x.key, caseManifest("pdf", export.SchemaVersion), []byte("%PDF"))
	if err != nil {
		t.Fatal(err)
	}
	other := base64.StdEncoding.EncodeToString(otherKey().Public)
	for name, edit := range map[string][2]string{
		"another fingerprint":             {signed.Manifest.KeyFingerprint, export.Fingerprint(otherKey().Public)},
		"another public key":              {`"public_key":"` + signed.Manifest.PublicKey, `"public_key":"` + other},
		"no fingerprint":                  {`,"key_fingerprint":"` + signed.Manifest.KeyFingerprint + `"`, ``},
		"a space":                         {`"key_id":"export-1"`, `"key_id": "export-1"`},
		"the fingerprint in capitals":     {signed.Manifest.KeyFingerprint, strings.ToUpper(signed.Manifest.KeyFingerprint)},
		"schema_version 3 with a key":     {`"schema_version":4`, `"schema_version":3`},
		"members reordered":               {`"exporter_email":"ann@example.org","exporter_name":"Łukasz Żółkiewski"`, `"exporter_name":"Łukasz Żółkiewski","exporter_email":"ann@example.org"`},
		"a file list in a PDF's manifest": {`"sha256"`, `"files":[{"name":"a.csv","sha256":"` + strings.Repeat("0", 64) + `"}],"sha256"`},
		"the exporter name escaped":       {`Łukasz`, `\u0141ukasz`},
		"an unknown member":               {`"key_id"`, `"signed_by":"the regulator","key_id"`},
	} {
		t.Run(name, func(t *testing.T) {
			edited := bytes.Replace(signed.Bytes, []byte(edit[0]), []byte(edit[1]), 1)
			if bytes.Equal(edited, signed.Bytes) {
				t.Fatalf("%q not in %s", edit[0], signed.Bytes)
			}
			// Signed again by the key it carries: only the checks of the manifest stand between.
			_, err := export.VerifyDetachedWith(x.keyFor, edited, ed25519.Sign(x.key.Private, edited), []byte("%PDF"))
			if !errors.Is(err, export.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed\n%s", err, edited)
			}
		})
	}
}

// Files of schema_version 1–3 keep verifying with the key given, and say
// that one is needed when none is.
func TestVerifyChecksOlderFilesWithTheKeyGiven(t *testing.T) {
	x := makeExports(t)
	for _, v := range []int{1, 2, 3} {
		bundle, signed, err := export.JSON(x.key, caseManifest("json", v), export.Content{SchemaVersion: v})
		if err != nil {
			t.Fatal(err)
		}
		for _, member := range []string{"public_key", "key_fingerprint", "exporter_name", "files"} {
			if bytes.Contains(signed.Bytes, []byte(`"`+member+`"`)) {
				t.Fatalf("schema_version %d manifest with %s: %s", v, member, signed.Bytes)
			}
		}
		if m, err := export.VerifyJSON(bytes.NewReader(bundle), x.keyFor); err != nil || m.SchemaVersion != v {
			t.Fatalf("schema_version %d: %+v %v", v, m, err)
		}
		if _, err := export.VerifyJSON(bytes.NewReader(bundle), nil); !errors.Is(err, export.ErrNoKey) {
			t.Fatalf("schema_version %d without a key: err = %v, want ErrNoKey", v, err)
		}
		if _, err := export.VerifyJSON(bytes.NewReader(bundle), export.Pinned(otherKey().Public)); !errors.Is(err, export.ErrBadSignature) {
			t.Fatalf("schema_version %d with another key: err = %v", v, err)
		}
	}
}

// The signature file holds the manifest, the signature, the key id and the
// fingerprint; the older three-member one is still read.
func TestSignatureFileRoundTripsAndIsReadStrictly(t *testing.T) {
	x := makeExports(t)
	body := []byte("%PDF-1.7 a report\n")
	signed, err := export.Sign(x.key, caseManifest("pdf", export.SchemaVersion), body)
	if err != nil {
		t.Fatal(err)
	}
	file := signed.SignatureFile()
	want := `{"manifest_base64":"` + base64.StdEncoding.EncodeToString(signed.Bytes) + `","signature_base64":"` +
		base64.StdEncoding.EncodeToString(signed.Signature) + `","key_id":"export-1","key_fingerprint":"` + export.Fingerprint(x.key.Public) + "\"}\n"
	if string(file) != want {
		t.Fatalf("signature file:\n%s\nwant\n%s", file, want)
	}
	manifest, sig, err := export.ParseSignatureFile(file)
	if err != nil || !bytes.Equal(manifest, signed.Bytes) || !bytes.Equal(sig, signed.Signature) {
		t.Fatalf("%v", err)
	}
	if _, err := export.VerifyDetachedWith(nil, manifest, sig, body); err != nil {
		t.Fatal(err)
	}
	old := bytes.Replace(file, []byte(`,"key_fingerprint":"`+signed.Manifest.KeyFingerprint+`"`), nil, 1)
	indented := bytes.ReplaceAll(file, []byte(`","`), []byte("\",\n  \""))
	if _, _, err := export.ParseSignatureFile(old); err != nil {
		t.Fatalf("the older three-member file: %v", err)
	}
	if _, _, err := export.ParseSignatureFile(indented); err != nil {
		t.Fatalf("spaced out: %v", err)
	}
	v3, err := export.Sign(x.key, caseManifest("pdf", 3), body)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"another fingerprint":            bytes.Replace(file, []byte(`"key_fingerprint":"`), []byte(`"key_fingerprint":"0`), 1),
		"another key id":                 bytes.Replace(file, []byte(`"key_id":"export-1"`), []byte(`"key_id":"export-2"`), 1),
		"an unknown member":              bytes.Replace(file, []byte(`{`), []byte(`{"note":"x",`), 1),
		"two final newlines":             append(bytes.Clone(file), '\n'),
		"a fingerprint for an older one": []byte(strings.TrimSuffix(string(v3.SignatureFile()), "}\n") + `,"key_fingerprint":"` + export.Fingerprint(x.key.Public) + "\"}\n"),
	} {
		if _, _, err := export.ParseSignatureFile(bad); !errors.Is(err, export.ErrMalformed) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if bytes.Contains(v3.SignatureFile(), []byte("key_fingerprint")) {
		t.Fatalf("schema_version 3 signature file with a fingerprint: %s", v3.SignatureFile())
	}
}

// Headers carry the fingerprint too.
func TestSignedHeadersCarryTheFingerprint(t *testing.T) {
	x := makeExports(t)
	signed, err := export.Sign(x.key, caseManifest("pdf", export.SchemaVersion), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := signed.Headers()["X-Caseward-Key-Fingerprint"]; got != export.Fingerprint(x.key.Public) || len(got) != 64 {
		t.Fatalf("fingerprint header %q", got)
	}
}
