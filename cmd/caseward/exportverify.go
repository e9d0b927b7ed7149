package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
)

// exportCommand handles `caseward export verify FILE`: checks a saved export
// offline. The key is --public-key when given, else the installation's, read
// from its database only once the file is otherwise readable; the database is
// opened read-only and never created or migrated. Verifying writes nothing.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 1 || args[0] != "verify" {
		return errors.New("usage: caseward export verify [--manifest M --signature S] [--public-key KEY] FILE")
	}
	fs := flagSet("export verify", stderr)
	manifestArg := fs.String("manifest", "", "for CSV and PDF exports: the X-Caseward-Manifest header value (base64) or a file holding it; "+
		"default: FILE.signature.json (saved by the web app) when it exists")
	signatureArg := fs.String("signature", "", "for CSV and PDF exports: the X-Caseward-Signature header value (base64) or a file holding it")
	publicKey := fs.String("public-key", "", "the export key: base64 (public_key from /api/v1/export-keys) or a file holding it or its PEM; "+
		"default: the keys in the installation's database")
	var file string
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[len(rest)-1], "-") {
		file, rest = rest[len(rest)-1], rest[:len(rest)-1]
	}
	cfg, err := config.Load(fs, rest, getenv)
	if err != nil {
		return err
	}
	if file == "" {
		return errors.New("name the export file to verify")
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("read export: %w", err)
	}
	keyFor := installationKeys(ctx, cfg)
	if *publicKey != "" {
		if keyFor, err = givenKey(*publicKey); err != nil {
			return err
		}
	}
	v, err := verifyFile(file, body, *manifestArg, *signatureArg, keyFor)
	var noKey *keyError
	switch {
	case errors.As(err, &noKey):
		fmt.Fprintf(stdout, "CANNOT VERIFY: %v\n", err)
		return err
	case err != nil:
		fmt.Fprintf(stdout, "NOT VALID: %v\n", err)
		if v.Note != "" {
			fmt.Fprintf(stdout, "note: %s\n", v.Note)
		}
		return errExportInvalid
	}
	m := v.Manifest
	fmt.Fprintf(stdout, "valid: %s export (%s) of %s, made %s by %s, signed with %s\n", m.Kind, m.Format,
		valueOr(m.CaseReference, "the audit log"), m.ExportedAt.Format(time.RFC3339), m.ExporterEmail, m.KeyID)
	switch {
	case v.Chain != nil:
		fmt.Fprintf(stdout, "chain check: valid, %s checked\n", countOf(int(v.Chain.Checked), "event", "events"))
	case m.Kind == "audit":
		fmt.Fprintf(stdout, "chain check: none signed (a %s export of schema_version %d carried it only in unsigned HTTP trailers)\n",
			m.Format, m.SchemaVersion)
	}
	if v.Note != "" {
		fmt.Fprintf(stdout, "note: %s\n", v.Note)
	}
	return nil
}

var errExportInvalid = errors.New("the export does not verify")

// countOf says n with the noun in the number it needs ("1 event", "3 events").
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// verifyFile checks body by its format: a detached signature (given, or in
// FILE.signature.json) for CSV and PDF; otherwise a JSON bundle (one line) or
// JSON lines, which carry their own. An audit export's chain check is the
// signed manifest's (CSV) or the one walked again over the events (JSON lines).
func verifyFile(file string, body []byte, manifestArg, signatureArg string, keyFor export.KeyLookup) (export.Verified, error) {
	detached := func(manifest, sig []byte) (export.Verified, error) {
		m, err := export.VerifyDetachedWith(keyFor, manifest, sig, body)
		return export.Verified{Manifest: m, Chain: m.ChainCheck}, err
	}
	if manifestArg != "" || signatureArg != "" {
		manifest, err1 := base64Arg(manifestArg)
		sig, err2 := base64Arg(signatureArg)
		if err := errors.Join(err1, err2); err != nil {
			return export.Verified{}, err
		}
		return detached(manifest, sig)
	}
	oldLines := bytes.HasPrefix(body, []byte(`{"chain_check":`)) // schema_version 1, perhaps of no events
	if bytes.HasPrefix(body, []byte("{")) && bytes.Count(body, []byte("\n")) <= 1 && !oldLines {
		m, err := export.VerifyJSON(bytes.NewReader(body), keyFor)
		return export.Verified{Manifest: m}, err
	}
	if envelope, err := os.ReadFile(file + ".signature.json"); err == nil {
		manifest, sig, err := export.ParseSignatureFile(envelope)
		if err != nil {
			return export.Verified{}, fmt.Errorf("%s.signature.json: %w", file, err)
		}
		return detached(manifest, sig)
	}
	if !bytes.HasPrefix(body, []byte("{")) {
		return export.Verified{}, fmt.Errorf("%w: a CSV or PDF export is checked against its signature: put %s.signature.json "+
			"beside it, or pass --manifest and --signature", export.ErrMalformed, filepath.Base(file))
	}
	return export.VerifyJSONLines(body, keyFor)
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// base64Arg reads a base64 value given inline or in a file.
func base64Arg(v string) ([]byte, error) {
	if b, err := os.ReadFile(v); err == nil {
		v = strings.TrimSpace(string(b))
	}
	out, err := base64.StdEncoding.Strict().DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("not base64: %w", err)
	}
	return out, nil
}

// keyError means the key to check with could not be had: the export was not
// found wanting, it could not be checked.
type keyError struct{ err error }

func (e *keyError) Error() string { return e.err.Error() }
func (e *keyError) Unwrap() error { return e.err }

// givenKey reads --public-key: the raw key in base64, inline or in a file, or
// a PEM public key file (public_key_pem from /api/v1/export-keys).
func givenKey(v string) (export.KeyLookup, error) {
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
		return nil, errors.New("--public-key: want an Ed25519 public key: its 32 bytes in base64, or a PEM file")
	}
	return func(string) (ed25519.PublicKey, error) { return ed25519.PublicKey(raw), nil }, nil
}

// installationKeys looks a key id up among the installation's export keys,
// reading them (read-only) on first use.
func installationKeys(ctx context.Context, cfg config.Config) export.KeyLookup {
	var keys []export.Key
	var loadErr error
	loaded := false
	return func(id string) (ed25519.PublicKey, error) {
		if !loaded {
			keys, loadErr = store.ReadExportKeys(ctx, cfg.DatabaseURL, cfg.DataDir)
			loaded = true
		}
		if errors.Is(loadErr, store.ErrNoDatabase) {
			return nil, &keyError{fmt.Errorf("the export names key %q, and there is %w (pass --public-key with the key from "+
				"/api/v1/export-keys, or --data-dir or DATABASE_URL of the installation)", id, loadErr)}
		}
		if loadErr != nil {
			return nil, &keyError{fmt.Errorf("read the installation's export keys: %w", loadErr)}
		}
		for _, k := range keys {
			if k.ID == id {
				return k.Public, nil
			}
		}
		return nil, &keyError{fmt.Errorf("no export key %q in this installation's database: pass --public-key", id)}
	}
}
