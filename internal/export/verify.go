package export

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
)

// ErrBadSignature means the manifest was not signed by the key given.
var ErrBadSignature = errors.New("the signature does not match the manifest")

// ErrBadHash means the exported bytes are not those the manifest describes.
var ErrBadHash = errors.New("the exported bytes do not match the manifest's sha256")

// ErrMalformed means the file is not exactly as Caseward writes it: a member
// repeated, unknown or missing, bytes after the end, another layout.
var ErrMalformed = errors.New("not a Caseward export as Caseward writes it")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// KeyLookup returns the public key for a key id.
type KeyLookup func(id string) (ed25519.PublicKey, error)

var (
	manifestMembers = []string{"kind", "format", "case_id", "case_reference", "filters", "sha256", "exported_at",
		"exporter_id", "exporter_email", "caseward_version", "schema_version", "key_id", "chain_check"}
	manifestRequired = []string{"kind", "format", "sha256", "exported_at", "exporter_id", "exporter_email",
		"caseward_version", "schema_version", "key_id"}
	hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// parseManifest reads a manifest strictly and checks what every one holds.
func parseManifest(b []byte) (Manifest, error) {
	var m Manifest
	if err := decodeObject(b, &m, manifestMembers, manifestRequired); err != nil {
		return m, malformed("manifest: %v", err)
	}
	switch {
	case m.Kind != "case" && m.Kind != "audit":
		return m, malformed("manifest: unknown kind %q", m.Kind)
	case !hexSHA256.MatchString(m.SHA256):
		return m, malformed("manifest: sha256 is not 64 hex digits")
	case m.KeyID == "":
		return m, malformed("manifest: no key_id")
	case m.SchemaVersion < 1:
		return m, malformed("manifest: schema_version %d", m.SchemaVersion)
	case m.SchemaVersion > SchemaVersion:
		return m, malformed("made by a newer Caseward (schema_version %d; this one reads up to %d)", m.SchemaVersion, SchemaVersion)
	}
	return m, checkManifestChain(m, b)
}

// checkManifestChain holds a manifest's chain check to its rules: an audit
// export's from schema_version 3 on, nowhere else, read strictly.
func checkManifestChain(m Manifest, b []byte) error {
	members, err := readObject(b, manifestMembers...)
	if err != nil {
		return malformed("manifest: %v", err)
	}
	raw, has := members["chain_check"]
	want := m.Kind == "audit" && m.SchemaVersion >= 3
	switch {
	case want && !has:
		return malformed("manifest: an audit export's manifest of schema_version %d carries its chain check", m.SchemaVersion)
	case !want && has:
		return malformed("manifest: a chain check in a %s export's manifest of schema_version %d", m.Kind, m.SchemaVersion)
	case !want:
		return nil
	}
	if _, err := parseChainCheck(raw); err != nil {
		return malformed("manifest: chain_check: %v", err)
	}
	return nil
}

// chainVerdict is the verdict a chain check gives on its own.
func chainVerdict(c ChainCheck) error {
	if c.Valid {
		return nil
	}
	return fmt.Errorf("the signature holds, but the exported events do not verify: first bad seq %d", *c.FirstInvalidSeq)
}

// decodeSignature reads a signature's base64, refusing any other spelling of
// the same bytes (Strict: padding bits must be zero).
func decodeSignature(s string) ([]byte, error) {
	sig, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, malformed("the signature is not the base64 of a %d-byte Ed25519 signature", ed25519.SignatureSize)
	}
	return sig, nil
}

// verifySigned checks signature over the manifest's exact bytes with the key
// its key_id names, and that body hashes to the manifest's sha256.
func verifySigned(keyFor KeyLookup, manifest, signature, body []byte) (Manifest, error) {
	m, err := parseManifest(manifest)
	if err != nil {
		return m, err
	}
	pub, err := keyFor(m.KeyID)
	if err != nil {
		return m, err
	}
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, manifest, signature) {
		return m, ErrBadSignature
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		return m, ErrBadHash
	}
	return m, nil
}

// VerifyDetached checks a CSV or PDF export against its detached manifest and
// signature (the X-Caseward-Manifest and X-Caseward-Signature values).
func VerifyDetached(pub ed25519.PublicKey, manifest, signature, body []byte) (Manifest, error) {
	return VerifyDetachedWith(func(string) (ed25519.PublicKey, error) { return pub, nil }, manifest, signature, body)
}

// VerifyDetachedWith is VerifyDetached with the key looked up by the manifest's key id.
func VerifyDetachedWith(keyFor KeyLookup, manifest, signature, body []byte) (Manifest, error) {
	if len(signature) != ed25519.SignatureSize {
		return Manifest{}, malformed("the signature is not %d bytes", ed25519.SignatureSize)
	}
	m, err := verifySigned(keyFor, manifest, signature, body)
	if err != nil {
		return m, err
	}
	if m.Format != "csv" && m.Format != "pdf" {
		return m, malformed("a %s export carries its signature inside: verify the file without a detached one", m.Format)
	}
	if m.ChainCheck != nil {
		return m, chainVerdict(*m.ChainCheck)
	}
	return m, nil
}

// ParseSignatureFile reads the detached signature an auditor keeps next to a
// CSV or PDF export (`<file>.signature.json`, saved by the web app):
// {"manifest_base64", "signature_base64", "key_id"}, one object, one final
// newline at most, nothing else.
func ParseSignatureFile(data []byte) (manifest, signature []byte, err error) {
	if n := len(data); n > 0 && data[n-1] == '\n' {
		data = data[:n-1]
	}
	var f struct {
		Manifest  string `json:"manifest_base64"`
		Signature string `json:"signature_base64"`
		KeyID     string `json:"key_id"`
	}
	names := []string{"manifest_base64", "signature_base64", "key_id"}
	if err := decodeObject(data, &f, names, names); err != nil {
		return nil, nil, malformed("signature file: %v", err)
	}
	if manifest, err = base64.StdEncoding.Strict().DecodeString(f.Manifest); err != nil {
		return nil, nil, malformed("signature file: manifest_base64 is not base64")
	}
	if signature, err = decodeSignature(f.Signature); err != nil {
		return nil, nil, err
	}
	m, err := parseManifest(manifest)
	if err != nil {
		return nil, nil, err
	}
	if m.KeyID != f.KeyID {
		return nil, nil, malformed("signature file: key_id %q is not the manifest's %q", f.KeyID, m.KeyID)
	}
	return manifest, signature, nil
}
