package main

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/caseward/caseward/internal/export"
)

var (
	errFingerprintPin  = errors.New("the export was signed with another key than the pinned fingerprint's")
	errNotItsSignature = errors.New("the signature file does not belong to this export")
	errNoSignature     = errors.New("no signature")
	errNotThisFile     = errors.New("the file's SHA-256 is not the one its signature signs")
	errChain           = export.ErrBrokenChain
)

// fileKind is what a saved export is, told from its first bytes.
type fileKind struct {
	name string // for messages: "PDF", "CSV zip" …
	// kind and format are what a detached signature's manifest must say.
	kind, format string
	detached     bool // its signature travels beside it
}

var (
	jsonBundle = fileKind{name: "JSON bundle"}
	jsonLines  = fileKind{name: "JSON-lines audit export"}
	signedZip  = fileKind{name: "CSV zip"}                                              // a case's, or the audit log's (audit_events.csv)
	oldZip     = fileKind{name: "CSV zip", kind: "case", format: "csv", detached: true} // before schema_version 4: no SIGNATURE.json inside
	pdfReport  = fileKind{name: "PDF", kind: "case", format: "pdf", detached: true}
	auditCSV   = fileKind{name: "audit CSV", kind: "audit", format: "csv", detached: true} // before the audit CSV zip
)

// sniff tells what body is; ok is false for anything Caseward does not write.
func sniff(body []byte) (fileKind, bool) {
	switch {
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			return signedZip, true // VerifyZip says what is wrong with it
		}
		for _, f := range zr.File {
			if f.Name == export.SignatureName {
				return signedZip, true
			}
		}
		return oldZip, true
	case bytes.HasPrefix(body, []byte("%PDF-")):
		return pdfReport, true
	case bytes.HasPrefix(body, []byte(strings.Join(export.AuditHeader, ",")+"\r\n")):
		return auditCSV, true
	case bytes.HasPrefix(body, []byte("{")) && bytes.Contains(body[:min(len(body), 64)], []byte(`"manifest_base64"`)):
		return fileKind{}, false // a signature file, given first
	case bytes.HasPrefix(body, []byte("{")):
		oldLines := bytes.HasPrefix(body, []byte(`{"chain_check":`)) // schema_version 1, perhaps of no events
		if bytes.Count(body, []byte("\n")) <= 1 && !oldLines {
			return jsonBundle, true
		}
		return jsonLines, true
	}
	return fileKind{}, false
}

// verifyExport checks the file opts names, by its kind, and the pinned
// fingerprint if any.
func verifyExport(opts verifyOptions) (export.Verified, error) {
	body, err := os.ReadFile(opts.file)
	if err != nil {
		return export.Verified{}, usageError{fmt.Sprintf("read the export: %v", err)}
	}
	kind, ok := sniff(body)
	if !ok {
		return export.Verified{}, usageError{fmt.Sprintf("%s is not an export Caseward writes (a JSON bundle, a CSV zip, a PDF, "+
			"or the audit log as JSON lines or CSV; name the export first, then its signature file)", filepath.Base(opts.file))}
	}
	embedded := kind == jsonBundle || kind == jsonLines || kind == signedZip
	if embedded && (opts.sigFile != "" || opts.manifest != "") {
		return export.Verified{}, usageError{fmt.Sprintf("a %s carries its signature inside: verify it without a signature file", kind.name)}
	}
	var keyFor export.KeyLookup
	if opts.pinned != nil {
		keyFor = export.Pinned(opts.pinned)
	}
	var v export.Verified
	switch kind {
	case jsonBundle:
		v.Manifest, err = export.VerifyJSON(bytes.NewReader(body), keyFor)
	case jsonLines:
		v, err = export.VerifyJSONLines(body, keyFor)
	case signedZip:
		v.Manifest, err = export.VerifyZip(bytes.NewReader(body), int64(len(body)), keyFor)
		v.Chain = v.Manifest.ChainCheck // an audit CSV zip's, signed
	default:
		v, err = verifyDetached(opts, kind, body, keyFor)
	}
	if err == nil && opts.fingerprint != "" && v.Manifest.KeyFingerprint != "" && v.Manifest.KeyFingerprint != opts.fingerprint {
		err = fmt.Errorf("%w: its key's fingerprint is %s, the pinned one %s", errFingerprintPin, v.Manifest.KeyFingerprint, opts.fingerprint)
	}
	return v, err
}

// verifyDetached checks a PDF, an audit CSV or an older CSV zip against its
// signature: --manifest and --signature, the SIGFILE named, FILE.sig, or the
// older FILE.signature.json.
func verifyDetached(opts verifyOptions, kind fileKind, body []byte, keyFor export.KeyLookup) (export.Verified, error) {
	manifest, sig, sigName, err := detachedSignature(opts)
	if err != nil {
		return export.Verified{}, err
	}
	m, err := export.VerifyDetachedWith(keyFor, manifest, sig, body)
	v := export.Verified{Manifest: m, Chain: m.ChainCheck}
	switch {
	case m.Kind != "" && (m.Kind != kind.kind || m.Format != kind.format):
		return v, fmt.Errorf("%w: %s is for a %s export as %s (%s), not for this %s", errNotItsSignature, sigName, m.Kind, m.Format, what(m), kind.name)
	case errors.Is(err, export.ErrBadHash):
		return v, fmt.Errorf("%w: the file was altered, or %s belongs to another export (%s, exported %s)",
			errNotThisFile, sigName, what(m), m.ExportedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return v, err
}

// maxSignatureFile bounds the signature file read: Caseward's are a few KiB.
const maxSignatureFile = 1 << 20

// detachedSignature finds and reads the signature of a detached export.
func detachedSignature(opts verifyOptions) (manifest, sig []byte, name string, err error) {
	if opts.manifest != "" {
		manifest, err1 := base64Arg(opts.manifest)
		sig, err2 := base64Arg(opts.signature)
		if err := errors.Join(err1, err2); err != nil {
			return nil, nil, "", usageError{fmt.Sprintf("--manifest/--signature: %v", err)}
		}
		return manifest, sig, "--manifest", nil
	}
	path := opts.sigFile
	if path == "" {
		for _, candidate := range []string{opts.file + ".sig", opts.file + ".signature.json"} {
			if _, err := os.Stat(candidate); err == nil {
				path = candidate
				break
			}
		}
	}
	if path == "" {
		base := filepath.Base(opts.file)
		return nil, nil, "", fmt.Errorf("%w: put %s.sig (downloaded with it) beside it, or name its signature file after it", errNoSignature, base)
	}
	data, err := readBounded(path, maxSignatureFile)
	if err != nil {
		return nil, nil, "", usageError{fmt.Sprintf("read the signature file: %v", err)}
	}
	name = filepath.Base(path)
	if manifest, sig, err = export.ParseSignatureFile(data); err != nil {
		return nil, nil, name, fmt.Errorf("%s: %w", name, err)
	}
	return manifest, sig, name, nil
}

func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // only read
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("%s: larger than %d bytes: not a signature file", path, limit)
	}
	return b, err
}

// base64Arg reads a base64 value given inline or in a file.
func base64Arg(v string) ([]byte, error) {
	if b, err := os.ReadFile(v); err == nil {
		v = strings.TrimSpace(string(b))
	}
	return base64.StdEncoding.Strict().DecodeString(v)
}
