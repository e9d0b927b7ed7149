package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"time"
)

// ZipFile is one file of a zip export, in the order it goes into the zip.
type ZipFile struct {
	Name string
	Body []byte
}

// signedZip zips files (deflated, each dated modified) and signs the zip's
// bytes with a detached signature, which travels in the response headers.
// It keeps the CSV export as it was until the signature moves inside the
// zip (SIGNATURE.json): swap this one call for that.
func signedZip(key Key, m Manifest, files []ZipFile) ([]byte, Signed, error) {
	body, err := zipFiles(files, m.ExportedAt)
	if err != nil {
		return nil, Signed{}, err
	}
	signed, err := Sign(key, m, body)
	return body, signed, err
}

// zipFiles writes files into a zip, in order.
func zipFiles(files []ZipFile, modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: modified.UTC().Truncate(time.Second)})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Name, err)
		}
		if _, err := w.Write(f.Body); err != nil {
			return nil, fmt.Errorf("zip %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}
