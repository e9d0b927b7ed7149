// Package exporttest holds what tests of exports share: reading a zipped
// export's entries and writing them back as any zip tool would.
package exporttest

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/caseward/caseward/internal/export"
)

// Unzip returns a zip's entries in order.
func Unzip(t testing.TB, z []byte) []export.ZipFile {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	var out []export.ZipFile
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, export.ZipFile{Name: f.Name, Body: b})
	}
	return out
}

// Rezip zips entries as given, as any zip tool would.
func Rezip(t testing.TB, entries []export.ZipFile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.Body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
