package export

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
)

// ErrBadSignature means the manifest was not signed by the key it names.
var ErrBadSignature = errors.New("the signature does not match the manifest")

// ErrBadHash means the exported bytes are not those the manifest describes.
var ErrBadHash = errors.New("the exported bytes do not match the manifest's sha256")

// ErrMalformed means the file is not exactly as Caseward writes it: a member
// repeated, unknown or missing, bytes after the end, another layout.
var ErrMalformed = errors.New("not a Caseward export as Caseward writes it")

// ErrNoKey means the export carries no public key (schema_version 1–3) and
// none was given to check it with.
var ErrNoKey = errors.New("the export carries no public key (made before schema_version 4): the key to check it with must be given")

// ErrKeyMismatch means the export was signed with another key than the one
// the verification pins.
var ErrKeyMismatch = errors.New("the export was signed with another key than the pinned one")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// KeyLookup returns the public key for a key id: the key a verification pins.
// A nil KeyLookup pins none: a file of schema_version 4 is then checked with
// the key it carries (whose fingerprint the reader compares with the one the
// organisation publishes), and an older file cannot be checked (ErrNoKey).
type KeyLookup func(id string) (ed25519.PublicKey, error)

// Pinned is the KeyLookup that pins pub, whatever the key id.
func Pinned(pub ed25519.PublicKey) KeyLookup {
	return func(string) (ed25519.PublicKey, error) { return pub, nil }
}

var (
	manifestMembers = []string{"kind", "format", "case_id", "case_reference", "filters", "files", "sha256", "exported_at",
		"exporter_id", "exporter_email", "exporter_name", "caseward_version", "schema_version", "key_id",
		"public_key", "key_fingerprint", "chain_check"}
	manifestRequired = []string{"kind", "format", "sha256", "exported_at", "exporter_id", "exporter_email",
		"caseward_version", "schema_version", "key_id"}
	// v4Members are the members schema_version 4 added: none is in an older manifest.
	v4Members = []string{"files", "exporter_name", "public_key", "key_fingerprint"}
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
	if err := checkManifestChain(m, b); err != nil {
		return m, err
	}
	return m, checkManifestV4(m, b)
}

// checkManifestV4 holds a manifest to what schema_version 4 added: the
// public key and its fingerprint, and a CSV zip's file list. An older
// manifest has none of it; a v4 one is laid out byte for byte as Caseward
// writes it, so that no reader can see in it anything but what was signed.
func checkManifestV4(m Manifest, b []byte) error {
	if m.SchemaVersion < 4 {
		members, err := readObject(b, manifestMembers...)
		if err != nil {
			return malformed("manifest: %v", err)
		}
		for _, name := range v4Members {
			if _, has := members[name]; has {
				return malformed("manifest: %q in a manifest of schema_version %d", name, m.SchemaVersion)
			}
		}
		return nil
	}
	if again, err := compactJSON(m); err != nil || !bytes.Equal(again, b) {
		return malformed("manifest: not laid out as Caseward writes it (member order, spaces, escapes or values differ)")
	}
	pub, err := base64.StdEncoding.Strict().DecodeString(m.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return malformed("manifest: public_key is not the base64 of a %d-byte Ed25519 public key", ed25519.PublicKeySize)
	}
	if m.KeyFingerprint != Fingerprint(pub) {
		return malformed("manifest: key_fingerprint is not the SHA-256 of public_key")
	}
	switch {
	case m.Files == nil:
		return nil // required where it belongs: by VerifyZip
	case m.Format != "csv":
		return malformed("manifest: a file list in a %s export as %s", m.Kind, m.Format)
	}
	return checkFileList(m)
}

// checkFileList checks a CSV zip's file list: names as Caseward writes them,
// each once, and the manifest's sha256 the hash of their listing.
func checkFileList(m Manifest) error {
	if len(m.Files) == 0 {
		return malformed("manifest: a CSV zip's manifest lists its files")
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if err := checkZipName(f.Name); err != nil {
			return malformed("manifest: files: %v", err)
		}
		if seen[f.Name] {
			return malformed("manifest: files: %s listed twice", f.Name)
		}
		seen[f.Name] = true
		if !hexSHA256.MatchString(f.SHA256) {
			return malformed("manifest: files: the sha256 of %s is not 64 hex digits", f.Name)
		}
	}
	sum := sha256.Sum256(FileListing(m.Files))
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		return malformed("manifest: sha256 is not the SHA-256 of the listing of its files")
	}
	return nil
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

// ErrBrokenChain means an audit export is as signed, but its events' hash
// chain does not hold.
var ErrBrokenChain = errors.New("the signature holds, but the exported events do not verify")

// chainVerdict is the verdict a chain check gives on its own.
func chainVerdict(c ChainCheck) error {
	if c.Valid {
		return nil
	}
	return fmt.Errorf("%w: first bad seq %d", ErrBrokenChain, *c.FirstInvalidSeq)
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

// signingKey is the key a manifest is checked with: the one it carries
// (schema_version 4), which must be the pinned one when keyFor pins one, or
// for older manifests the one keyFor gives.
func signingKey(keyFor KeyLookup, m Manifest) (ed25519.PublicKey, error) {
	var own ed25519.PublicKey
	if m.SchemaVersion >= 4 {
		own, _ = base64.StdEncoding.DecodeString(m.PublicKey) // checked by parseManifest
	}
	if keyFor == nil {
		if own == nil {
			return nil, ErrNoKey
		}
		return own, nil
	}
	pinned, err := keyFor(m.KeyID)
	if err != nil {
		return nil, err
	}
	if len(pinned) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("the key given for %q is not a %d-byte Ed25519 public key", m.KeyID, ed25519.PublicKeySize)
	}
	if own != nil && !own.Equal(pinned) {
		return nil, fmt.Errorf("%w: the export's key has fingerprint %s, the pinned key %s", ErrKeyMismatch, m.KeyFingerprint, Fingerprint(pinned))
	}
	return pinned, nil
}

// verifySigned checks signature over the manifest's exact bytes with the key
// signingKey settles on, and that body hashes to the manifest's sha256.
func verifySigned(keyFor KeyLookup, manifest, signature, body []byte) (Manifest, error) {
	m, err := parseManifest(manifest)
	if err != nil {
		return m, err
	}
	pub, err := signingKey(keyFor, m)
	if err != nil {
		return m, err
	}
	if !ed25519.Verify(pub, manifest, signature) {
		return m, ErrBadSignature
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != m.SHA256 {
		return m, ErrBadHash
	}
	return m, nil
}

// VerifyDetached checks a PDF or an audit CSV against its detached manifest
// and signature (the X-Caseward-Manifest and X-Caseward-Signature values, or
// its .sig file) with the key pub.
func VerifyDetached(pub ed25519.PublicKey, manifest, signature, body []byte) (Manifest, error) {
	return VerifyDetachedWith(Pinned(pub), manifest, signature, body)
}

// VerifyDetachedWith is VerifyDetached with the key keyFor gives (nil: the
// manifest's own, see KeyLookup).
func VerifyDetachedWith(keyFor KeyLookup, manifest, signature, body []byte) (Manifest, error) {
	if len(signature) != ed25519.SignatureSize {
		return Manifest{}, malformed("the signature is not %d bytes", ed25519.SignatureSize)
	}
	// What the manifest is for comes first: a file that carries its own
	// signature is not checked against bytes it does not describe.
	if m, err := parseManifest(manifest); err == nil {
		switch {
		case m.Format != "csv" && m.Format != "pdf":
			return m, malformed("a %s export carries its signature inside: verify the file without a detached one", m.Format)
		case m.Files != nil || (m.Kind == "case" && m.Format == "csv" && m.SchemaVersion >= 4):
			return m, malformed("a CSV zip carries its signature inside (SIGNATURE.json): verify the zip alone")
		}
	}
	m, err := verifySigned(keyFor, manifest, signature, body)
	if err != nil {
		return m, err
	}
	if m.ChainCheck != nil {
		return m, chainVerdict(*m.ChainCheck)
	}
	return m, nil
}
