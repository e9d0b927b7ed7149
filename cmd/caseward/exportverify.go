package main

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/export"
)

const exportVerifyUsage = "usage: caseward export verify [--public-key FILE|B64] [--key-fingerprint HEX] FILE [SIGFILE]"

// errExportInvalid means the export was checked and does not verify.
var errExportInvalid = errors.New("the export does not verify")

// verifyOptions are the arguments of `caseward export verify`.
type verifyOptions struct {
	file, sigFile       string
	pinned              ed25519.PublicKey // --public-key
	fingerprint         string            // --key-fingerprint, lowercase hex
	manifest, signature string            // --manifest and --signature (base64 or files): the response headers
}

// exportCommand handles `caseward export verify FILE [SIGFILE]`: checks a
// saved export offline with what the file carries (or the key pinned). It
// opens no database and writes nothing. Exit status: 0 valid; 1 not valid
// or not checkable, in one line naming the check; 2 a usage error.
func exportCommand(args []string, stdout, stderr io.Writer) error {
	if len(args) < 1 || args[0] != "verify" {
		return usageError{exportVerifyUsage}
	}
	opts, err := parseVerifyArgs(args[1:], stderr)
	if err != nil {
		return err
	}
	v, err := verifyExport(opts)
	var usage usageError
	switch {
	case errors.As(err, &usage):
		return err
	case errors.Is(err, export.ErrNoKey):
		fmt.Fprintf(stdout, "CANNOT VERIFY: key: this export (schema_version %d) does not carry its public key: pass --public-key "+
			"with the key published on Caseward's Exports page (public_key or public_key_pem of GET /api/v1/export-keys)\n", v.Manifest.SchemaVersion)
		return reportedError{errExportInvalid}
	case err != nil:
		fmt.Fprintf(stdout, "%s\n", oneLine(err))
		return reportedError{errExportInvalid}
	}
	printVerified(stdout, v, opts)
	return nil
}

// parseVerifyArgs reads the flags and the one or two file names, in any order.
func parseVerifyArgs(args []string, stderr io.Writer) (verifyOptions, error) {
	fs := flagSet("export verify", stderr)
	publicKey := fs.String("public-key", "", "pin the export key: its base64 (public_key of /api/v1/export-keys), or a file holding it or its PEM")
	fingerprint := fs.String("key-fingerprint", "", "pin the export key by its fingerprint (64 hex digits, as the Exports page shows it)")
	manifest := fs.String("manifest", "", "instead of a signature file: the X-Caseward-Manifest header value (base64), or a file holding it")
	signature := fs.String("signature", "", "instead of a signature file: the X-Caseward-Signature header value (base64), or a file holding it")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return verifyOptions{}, usageError{exportVerifyUsage}
			}
			return verifyOptions{}, usageError{fmt.Sprintf("%v; %s", err, exportVerifyUsage)}
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) < 1 || len(files) > 2 {
		return verifyOptions{}, usageError{"name the export file, and its signature file if it is not FILE.sig; " + exportVerifyUsage}
	}
	opts := verifyOptions{file: files[0], manifest: *manifest, signature: *signature}
	if len(files) == 2 {
		opts.sigFile = files[1]
	}
	if (opts.manifest == "") != (opts.signature == "") || (opts.manifest != "" && opts.sigFile != "") {
		return opts, usageError{"give --manifest and --signature together, and not with a signature file"}
	}
	if *publicKey != "" {
		pub, err := givenKey(*publicKey)
		if err != nil {
			return opts, err
		}
		opts.pinned = pub
	}
	if *fingerprint != "" {
		fp := strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(*fingerprint))
		if _, err := hex.DecodeString(fp); err != nil || len(fp) != 64 {
			return opts, usageError{"--key-fingerprint: want the 64 hex digits of the key's SHA-256"}
		}
		if opts.pinned != nil && export.Fingerprint(opts.pinned) != fp {
			return opts, usageError{fmt.Sprintf("--public-key has fingerprint %s, not the --key-fingerprint %s", export.Fingerprint(opts.pinned), fp)}
		}
		opts.fingerprint = fp
	}
	return opts, nil
}

// givenKey reads --public-key: the raw key in base64, inline or in a file, or
// a PEM public key file (public_key_pem from /api/v1/export-keys).
func givenKey(v string) (ed25519.PublicKey, error) {
	text := v
	if b, err := os.ReadFile(v); err == nil {
		text = strings.TrimSpace(string(b))
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(text)
	if block, _ := pem.Decode([]byte(text)); block != nil && block.Type == "PUBLIC KEY" {
		var pub any
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
		raw, _ = pub.(ed25519.PublicKey)
	}
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, usageError{"--public-key: want an Ed25519 public key: its 32 bytes in base64, or a file holding that or its PEM"}
	}
	return ed25519.PublicKey(raw), nil
}

// oneLine names the check that failed, in one line.
func oneLine(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	var check string
	switch {
	case errors.Is(err, errFingerprintPin):
		check = "pinned fingerprint"
	case errors.Is(err, export.ErrKeyMismatch):
		check = "pinned key"
	case errors.Is(err, export.ErrBadSignature):
		check = "signature"
	case errors.Is(err, export.ErrBadHash), errors.Is(err, errNotThisFile):
		check = "content"
	case errors.Is(err, errNotItsSignature):
		check = "signature file"
	case errors.Is(err, errNoSignature):
		return "CANNOT VERIFY: " + msg
	case errors.Is(err, export.ErrMalformed):
		check = "format"
	case errors.Is(err, errChain):
		check = "audit chain"
	default:
		return "CANNOT VERIFY: " + msg
	}
	return "NOT VALID: " + check + ": " + msg
}

// printVerified says what was verified: what, when, by whom, with which key,
// and what the reader must still do (compare the fingerprint).
func printVerified(w io.Writer, v export.Verified, opts verifyOptions) {
	m := v.Manifest
	fmt.Fprintf(w, "valid: %s export (%s) of %s\n", m.Kind, m.Format, what(m))
	by := m.ExporterEmail
	if m.ExporterName != "" {
		by = fmt.Sprintf("%s <%s>", m.ExporterName, m.ExporterEmail)
	}
	fmt.Fprintf(w, "exported: %s by %s (Caseward %s, schema_version %d)\n", m.ExportedAt.UTC().Format(time.RFC3339), by, m.CasewardVersion, m.SchemaVersion)
	fingerprint, whose := m.KeyFingerprint, ""
	if fingerprint == "" {
		fingerprint, whose = export.Fingerprint(opts.pinned), " (of the key given: this older export does not carry its key)"
	}
	fmt.Fprintf(w, "key: %s, fingerprint %s%s\n", m.KeyID, fingerprint, whose)
	if len(m.Files) > 0 {
		names := make([]string, len(m.Files))
		for i, f := range m.Files {
			names[i] = f.Name
		}
		fmt.Fprintf(w, "files: %s\n", strings.Join(names, ", "))
	}
	switch {
	case v.Chain != nil:
		fmt.Fprintf(w, "chain check: valid, %s checked\n", countOf(int(v.Chain.Checked), "event", "events"))
	case m.Kind == "audit":
		fmt.Fprintf(w, "chain check: none signed (a %s export of schema_version %d carried it only in unsigned HTTP trailers)\n", m.Format, m.SchemaVersion)
	}
	if v.Note != "" {
		fmt.Fprintf(w, "note: %s\n", v.Note)
	}
	if opts.pinned != nil || opts.fingerprint != "" {
		fmt.Fprintln(w, "The key is the one you pinned.")
	}
	fmt.Fprintln(w, "The file is exactly as signed by the holder of this key. Compare the fingerprint with the one your organisation "+
		"publishes (Caseward's Exports page, or GET /api/v1/export-keys): only then do you know it was your organisation's Caseward.")
}

// what names what an export holds: a case reference, or the audit log's range.
func what(m export.Manifest) string {
	if m.Kind == "case" {
		return valueOr(m.CaseReference, "case "+m.CaseID)
	}
	if len(m.Filters) == 0 {
		return "the audit log (all of it)"
	}
	keys := make([]string, 0, len(m.Filters))
	for k := range m.Filters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + " " + m.Filters[k]
	}
	return "the audit log (" + strings.Join(keys, ", ") + ")"
}

// countOf says n with the noun in the number it needs ("1 event", "3 events").
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
