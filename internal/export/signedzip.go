package export

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"strings"
	"time"
)

// SignatureName is the last entry of a signed zip: its signature file.
const SignatureName = "SIGNATURE.json"

// Bounds on what VerifyZip reads, so that a crafted zip (a "zip bomb") costs
// little: Caseward's own CSV zips hold a handful of entries.
const (
	maxZipEntries  = 64
	maxSigFileSize = 1 << 16
)

// maxZipBytes bounds the bytes a zip's entries decompress to, together
// (a variable so that a test can lower it).
var maxZipBytes int64 = 1 << 30

var zipName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// checkZipName accepts the plain file names Caseward gives a zip's entries:
// no folders, no spaces or line breaks (a listing line holds one name).
func checkZipName(name string) error {
	if !zipName.MatchString(name) || strings.EqualFold(name, SignatureName) {
		return fmt.Errorf("%q is not a file name Caseward writes", name)
	}
	return nil
}

// FileListing is what a CSV zip's manifest sha256 covers: for each file, in
// zip order, "<hex sha256>  <name>\n", as sha256sum prints it.
func FileListing(files []FileHash) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Name)
	}
	return b.Bytes()
}

// SignedZip zips files in order and, as the last entry, SIGNATURE.json: the
// signature file of m (schema_version 4 or later) with the files and their
// SHA-256 listed, and the hash of that listing as its sha256.
func SignedZip(key Key, m Manifest, files []ZipFile) ([]byte, Signed, error) {
	if len(files) == 0 {
		return nil, Signed{}, fmt.Errorf("signed zip: no files")
	}
	var buf bytes.Buffer
	z := NewZipSigner(&buf, m.ExportedAt)
	for _, f := range files {
		w, err := z.Create(f.Name)
		if err != nil {
			return nil, Signed{}, err
		}
		if _, err := w.Write(f.Body); err != nil {
			return nil, Signed{}, fmt.Errorf("zip %s: %w", f.Name, err)
		}
	}
	signed, err := z.Sign(key, m)
	if err != nil {
		return nil, Signed{}, err
	}
	return buf.Bytes(), signed, nil
}

// ZipSigner writes a signed zip as it goes, in constant memory: each entry is
// hashed while it is written (compressed, with a data descriptor after it),
// and Sign lists the entries with their SHA-256, signs the manifest and adds
// SIGNATURE.json as the last entry. SignedZip and the audit CSV export use it.
type ZipSigner struct {
	zw       *zip.Writer
	modified time.Time
	files    []FileHash
	seen     map[string]bool
	current  hash.Hash // of the entry being written
}

// NewZipSigner starts a signed zip to w; exportedAt is every entry's time.
func NewZipSigner(w io.Writer, exportedAt time.Time) *ZipSigner {
	return &ZipSigner{zw: zip.NewWriter(w), modified: exportedAt.UTC().Truncate(time.Second), seen: map[string]bool{}}
}

// Create starts the next entry, named as Caseward names them, and ends the one before.
func (z *ZipSigner) Create(name string) (io.Writer, error) {
	if err := checkZipName(name); err != nil {
		return nil, fmt.Errorf("signed zip: %w", err)
	}
	if z.seen[name] {
		return nil, fmt.Errorf("signed zip: %s twice", name)
	}
	z.seen[name] = true
	z.endEntry()
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified})
	if err != nil {
		return nil, fmt.Errorf("zip %s: %w", name, err)
	}
	z.current = sha256.New()
	z.files = append(z.files, FileHash{Name: name})
	return io.MultiWriter(w, z.current), nil
}

func (z *ZipSigner) endEntry() {
	if z.current != nil {
		z.files[len(z.files)-1].SHA256 = hex.EncodeToString(z.current.Sum(nil))
		z.current = nil
	}
}

// Flush pushes what the zip writer buffers to the underlying writer.
func (z *ZipSigner) Flush() error { return z.zw.Flush() }

// Sign ends the last entry, signs m (schema_version 4 or later) with the
// entries listed in its files and the hash of their listing as its sha256,
// and ends the zip with SIGNATURE.json.
func (z *ZipSigner) Sign(key Key, m Manifest) (Signed, error) {
	switch {
	case m.SchemaVersion < 4:
		return Signed{}, fmt.Errorf("signed zip: a manifest of schema_version %d lists no files", m.SchemaVersion)
	case len(z.files) == 0:
		return Signed{}, fmt.Errorf("signed zip: no files")
	}
	z.endEntry()
	m.Files = z.files
	m.ExportedAt = z.modified
	sum := sha256.Sum256(FileListing(m.Files))
	m.SHA256 = hex.EncodeToString(sum[:])
	signed, err := SignHashed(key, m)
	if err != nil {
		return Signed{}, err
	}
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: SignatureName, Method: zip.Deflate, Modified: z.modified})
	if err != nil {
		return Signed{}, fmt.Errorf("zip %s: %w", SignatureName, err)
	}
	if _, err := w.Write(signed.SignatureFile()); err != nil {
		return Signed{}, fmt.Errorf("zip %s: %w", SignatureName, err)
	}
	if err := z.zw.Close(); err != nil {
		return Signed{}, fmt.Errorf("zip: %w", err)
	}
	return signed, nil
}

// VerifyZip checks a CSV zip as ZipSigner writes it (a case's CSV files, or
// the audit log's audit_events.csv): SIGNATURE.json last,
// its manifest signed (with the key keyFor pins, or its own, see KeyLookup),
// and before it exactly the files the manifest lists, in its order, each
// with the SHA-256 it lists. An entry missing, extra, repeated, renamed or
// altered is refused, and named. What it reads is bounded (entries, bytes).
// An audit zip's verdict is also its signed chain check's (ErrBrokenChain).
func VerifyZip(r io.ReaderAt, size int64, keyFor KeyLookup) (Manifest, error) {
	if err := checkZipEnvelope(r, size); err != nil {
		return Manifest{}, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Manifest{}, malformed("not a zip Caseward wrote: %v", err)
	}
	entries, err := zipEntries(zr)
	if err != nil {
		return Manifest{}, err
	}
	sigFile, err := readEntry(entries[len(entries)-1], maxSigFileSize)
	if err != nil {
		return Manifest{}, err
	}
	manifest, sig, err := ParseSignatureFile(sigFile)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", SignatureName, err)
	}
	m, err := parseManifest(manifest)
	if err != nil {
		return m, err
	}
	if m.Format != "csv" || m.Files == nil {
		return m, malformed("%s: the manifest is for a %s export as %s, not a CSV zip", SignatureName, m.Kind, m.Format)
	}
	if m.Kind == "audit" && (len(m.Files) != 1 || m.Files[0].Name != AuditCSVName) {
		return m, malformed("%s: an audit CSV zip holds %s alone", SignatureName, AuditCSVName)
	}
	if m, err = verifySigned(keyFor, manifest, sig, FileListing(m.Files)); err != nil {
		return m, err
	}
	files := entries[:len(entries)-1]
	if err := sameNames(files, m.Files); err != nil {
		return m, err
	}
	budget := maxZipBytes
	for i, f := range files {
		sum, n, err := hashEntry(f, budget)
		if err != nil {
			return m, err
		}
		budget -= n
		if sum != m.Files[i].SHA256 {
			return m, fmt.Errorf("%w: %s was altered (its SHA-256 is not the one signed)", ErrBadHash, f.Name)
		}
	}
	if m.ChainCheck != nil { // an audit CSV zip: the chain check its manifest signs
		return m, chainVerdict(*m.ChainCheck)
	}
	return m, nil
}

// checkZipEnvelope refuses bytes before the first entry or after the end of
// the archive, and an archive comment: nothing a reader sees goes unsigned.
func checkZipEnvelope(r io.ReaderAt, size int64) error {
	const eocd = 22 // the end-of-central-directory record without a comment
	head, tail := make([]byte, 4), make([]byte, eocd)
	if size < 30+eocd {
		return malformed("too short to be a zip")
	}
	if _, err := r.ReadAt(head, 0); err != nil {
		return fmt.Errorf("read zip: %w", err)
	}
	if _, err := r.ReadAt(tail, size-eocd); err != nil {
		return fmt.Errorf("read zip: %w", err)
	}
	if string(head) != "PK\x03\x04" || string(tail[:4]) != "PK\x05\x06" || binary.LittleEndian.Uint16(tail[20:]) != 0 {
		return malformed("not a zip as Caseward writes it (bytes before or after the archive, or a comment; was it cut short?)")
	}
	return nil
}

// zipEntries returns a zip's entries, checked: not too many, each a plain
// file named once, no comments, SIGNATURE.json once and last.
func zipEntries(zr *zip.Reader) ([]*zip.File, error) {
	if zr.Comment != "" {
		return nil, malformed("zip: a comment")
	}
	if n := len(zr.File); n > maxZipEntries {
		return nil, malformed("zip: %d entries (Caseward writes at most %d)", n, maxZipEntries)
	}
	seen := map[string]bool{}
	for i, f := range zr.File {
		switch {
		case seen[f.Name]:
			return nil, malformed("zip: %s appears twice", f.Name)
		case f.Name == SignatureName && i != len(zr.File)-1:
			return nil, malformed("zip: %s is not the last entry", SignatureName)
		case f.Name != SignatureName && checkZipName(f.Name) != nil:
			return nil, malformed("zip: entry %q is not a file Caseward writes", f.Name)
		case !f.Mode().IsRegular() || f.Comment != "":
			return nil, malformed("zip: %s is not a plain file", f.Name)
		}
		seen[f.Name] = true
	}
	if !seen[SignatureName] {
		return nil, malformed("zip: no %s (a CSV zip carries its signature as its last entry)", SignatureName)
	}
	return zr.File, nil
}

// sameNames checks that the zip's entries are the signed files, in order.
func sameNames(entries []*zip.File, signed []FileHash) error {
	inZip, listed := map[string]bool{}, map[string]bool{}
	for _, f := range entries {
		inZip[f.Name] = true
	}
	var extra, missing []string
	for _, f := range signed {
		listed[f.Name] = true
		if !inZip[f.Name] {
			missing = append(missing, f.Name)
		}
	}
	for _, f := range entries {
		if !listed[f.Name] {
			extra = append(extra, f.Name)
		}
	}
	switch {
	case len(extra) > 0 && len(missing) > 0:
		return malformed("zip: %s is not among the signed files, and %s is missing (renamed?)", strings.Join(extra, ", "), strings.Join(missing, ", "))
	case len(extra) > 0:
		return malformed("zip: %s is not among the signed files", strings.Join(extra, ", "))
	case len(missing) > 0:
		return malformed("zip: %s is missing", strings.Join(missing, ", "))
	}
	for i, f := range entries {
		if f.Name != signed[i].Name {
			return malformed("zip: %s is entry %d, signed as entry %d (the order differs)", f.Name, i+1, indexOf(signed, f.Name)+1)
		}
	}
	return nil
}

func indexOf(files []FileHash, name string) int {
	for i, f := range files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// hashEntry hashes an entry's decompressed bytes, reading at most budget.
func hashEntry(f *zip.File, budget int64) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, malformed("zip: %s: %v", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.CopyN(h, rc, budget+1)
	switch {
	case n > budget:
		return "", n, malformed("zip: more than %d bytes once decompressed (at %s): refused", maxZipBytes, f.Name)
	case err != nil && !errors.Is(err, io.EOF):
		return "", n, malformed("zip: %s: %v", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// readEntry reads a small entry whole, refusing one larger than limit.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, malformed("zip: %s: %v", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	switch {
	case err != nil:
		return nil, malformed("zip: %s: %v", f.Name, err)
	case int64(len(b)) > limit:
		return nil, malformed("zip: %s is larger than %d bytes", f.Name, limit)
	}
	return b, nil
}
