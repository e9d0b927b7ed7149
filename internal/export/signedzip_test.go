package export_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
)

var zipFiles = []export.ZipFile{
	{Name: "case.csv", Body: []byte("field,value\r\nreference,INC-2026-0001\r\n")},
	{Name: "notes.csv", Body: []byte("id,body\r\n1,Łukasz decided\r\n")},
	{Name: "timeline.csv", Body: []byte("seq\r\n1\r\n")},
}

func signedZip(t *testing.T, key export.Key) ([]byte, export.Signed) {
	t.Helper()
	z, signed, err := export.SignedZip(key, caseManifest("csv", export.SchemaVersion), zipFiles)
	if err != nil {
		t.Fatal(err)
	}
	return z, signed
}

func verifyZip(z []byte, keyFor export.KeyLookup) (export.Manifest, error) {
	return export.VerifyZip(bytes.NewReader(z), int64(len(z)), keyFor)
}

// A CSV zip holds its files and, last, SIGNATURE.json, whose manifest lists
// every file with its SHA-256 and hashes their sha256sum listing.
func TestSignedZipVerifies(t *testing.T) {
	x := makeExports(t)
	z, signed := signedZip(t, x.key)
	entries := exporttest.Unzip(t, z)
	if len(entries) != 4 || entries[3].Name != "SIGNATURE.json" || !bytes.Equal(entries[3].Body, signed.SignatureFile()) {
		t.Fatalf("entries: %+v", entries)
	}
	want := ""
	for _, f := range zipFiles {
		want += export.Fingerprint(f.Body) + "  " + f.Name + "\n" // the SHA-256 in hex, as sha256sum prints it
	}
	if string(export.FileListing(signed.Manifest.Files)) != want || signed.Manifest.SHA256 != export.Fingerprint([]byte(want)) {
		t.Fatalf("listing:\n%s\nwant\n%s", export.FileListing(signed.Manifest.Files), want)
	}
	for name, keyFor := range map[string]export.KeyLookup{"its own key": nil, "the pinned key": x.keyFor} {
		if m, err := verifyZip(z, keyFor); err != nil || m.CaseReference != "INC-2026-0001" || len(m.Files) != 3 {
			t.Fatalf("%s: %+v %v", name, m, err)
		}
	}
	if _, err := verifyZip(z, export.Pinned(otherKey().Public)); !errors.Is(err, export.ErrKeyMismatch) {
		t.Fatalf("another pinned key: %v", err)
	}
	// Unzipped and zipped again by another tool, the same files still verify.
	if _, err := verifyZip(exporttest.Rezip(t, entries), nil); err != nil {
		t.Fatalf("rezipped: %v", err)
	}
}

// Every change to what the zip holds is refused, naming the file.
func TestVerifyZipRefusesChangedEntries(t *testing.T) {
	x := makeExports(t)
	z, _ := signedZip(t, x.key)
	entries := exporttest.Unzip(t, z)
	files, sig := entries[:3], entries[3]
	with := func(parts ...[]export.ZipFile) []export.ZipFile {
		var out []export.ZipFile
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	one := func(name string, body []byte) []export.ZipFile { return []export.ZipFile{{Name: name, Body: body}} }
	altered := append([]byte(nil), files[1].Body...)
	altered[len(altered)-3] ^= 1
	foreignZip, _, err := export.SignedZip(otherKey(), caseManifest("csv", export.SchemaVersion), zipFiles)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		entries []export.ZipFile
		want    error
		says    string
	}{
		"an extra entry":             {with(files, one("extra.csv", []byte("x")), []export.ZipFile{sig}), export.ErrMalformed, "extra.csv is not among the signed files"},
		"a missing entry":            {with(files[:1], files[2:], []export.ZipFile{sig}), export.ErrMalformed, "notes.csv is missing"},
		"a renamed entry":            {with(files[:1], one("notes2.csv", files[1].Body), files[2:], []export.ZipFile{sig}), export.ErrMalformed, "notes2.csv is not among the signed files, and notes.csv is missing"},
		"an altered entry":           {with(files[:1], one("notes.csv", altered), files[2:], []export.ZipFile{sig}), export.ErrBadHash, "notes.csv was altered"},
		"a repeated entry":           {with(files, files[1:2], []export.ZipFile{sig}), export.ErrMalformed, "notes.csv appears twice"},
		"entries reordered":          {with(files[1:2], files[:1], files[2:], []export.ZipFile{sig}), export.ErrMalformed, "notes.csv is entry 1, signed as entry 2"},
		"the signature not last":     {with(files[:2], []export.ZipFile{sig}, files[2:]), export.ErrMalformed, "SIGNATURE.json is not the last entry"},
		"no signature":               {files, export.ErrMalformed, "no SIGNATURE.json"},
		"a folder":                   {with(files, one("more/", nil), []export.ZipFile{sig}), export.ErrMalformed, `"more/"`},
		"another export's signature": {with(files, one("SIGNATURE.json", exporttest.Unzip(t, foreignZip)[3].Body)), export.ErrKeyMismatch, ""},
		"a path as a name":           {with(files, one("../case.csv", nil), []export.ZipFile{sig}), export.ErrMalformed, `"../case.csv"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := verifyZip(exporttest.Rezip(t, c.entries), x.keyFor)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("err = %v, want %v saying %q", err, c.want, c.says)
			}
		})
	}
}

// A zip cut short, with bytes around it or with a comment is refused.
func TestVerifyZipRefusesAlteredArchives(t *testing.T) {
	x := makeExports(t)
	z, _ := signedZip(t, x.key)
	var commented bytes.Buffer
	zw := zip.NewWriter(&commented)
	if err := zw.SetComment("approved"); err != nil {
		t.Fatal(err)
	}
	for _, e := range exporttest.Unzip(t, z) {
		w, err := zw.Create(e.Name)
		if err == nil {
			_, err = w.Write(e.Body)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"truncated":          z[:len(z)-10],
		"cut in half":        z[:len(z)/2],
		"bytes appended":     append(bytes.Clone(z), "PS"...),
		"bytes prepended":    append([]byte("MZ"), z...),
		"a comment":          commented.Bytes(),
		"not a zip":          []byte("field,value\r\n"),
		"a flipped CRC byte": flipCRC(t, z),
	} {
		if m, err := verifyZip(bad, x.keyFor); err == nil {
			t.Errorf("%s: verified %+v", name, m)
		}
	}
}

// flipCRC changes the stored CRC-32 of the first entry in its local header
// and in the central directory, leaving the compressed data as it was.
func flipCRC(t *testing.T, z []byte) []byte {
	t.Helper()
	out := bytes.Clone(z)
	out[14] ^= 0xff // local header: CRC-32 at offset 14
	cd := bytes.Index(out, []byte("PK\x01\x02"))
	out[cd+16] ^= 0xff // central directory: CRC-32 at offset 16
	return out
}

// SignedZip refuses names a listing or an unzip could misread.
func TestSignedZipRefusesOddNames(t *testing.T) {
	x := makeExports(t)
	for _, name := range []string{"", "a b.csv", "dir/a.csv", "../a.csv", "SIGNATURE.json", "signature.JSON", "a\n.csv", ".hidden"} {
		if _, _, err := export.SignedZip(x.key, caseManifest("csv", export.SchemaVersion), []export.ZipFile{{Name: name}}); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
	if _, _, err := export.SignedZip(x.key, caseManifest("csv", export.SchemaVersion), []export.ZipFile{zipFiles[0], zipFiles[0]}); err == nil {
		t.Error("a name twice accepted")
	}
	if _, _, err := export.SignedZip(x.key, caseManifest("csv", export.SchemaVersion), nil); err == nil {
		t.Error("a zip of no files accepted")
	}
	if _, _, err := export.SignedZip(x.key, caseManifest("csv", 3), zipFiles); err == nil {
		t.Error("a manifest of schema_version 3 accepted")
	}
}
