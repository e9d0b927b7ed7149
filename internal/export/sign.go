// Package export renders a case's complete history (JSON bundle, CSV zip, PDF
// report) and the audit log, and signs every export so that an auditor can
// check it later without trusting Caseward.
package export

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"
)

// Key is an Ed25519 signing key; ID names it in manifests.
type Key struct {
	ID        string
	Public    ed25519.PublicKey
	Private   ed25519.PrivateKey
	CreatedAt time.Time
}

// Fingerprint is the lowercase hex SHA-256 of a raw Ed25519 public key: what
// an organisation publishes so that anyone can tell its key from another.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:])
}

// Manifest says what was exported, by whom and when, and the SHA-256 of the
// signed bytes. Its JSON (this field order, compact) is what the signature covers.
type Manifest struct {
	Kind          string `json:"kind"` // case or audit
	Format        string `json:"format"`
	CaseID        string `json:"case_id,omitempty"`
	CaseReference string `json:"case_reference,omitempty"`
	// Filters are the audit export's query parameters: what range it covers.
	Filters map[string]string `json:"filters,omitempty"`
	// Files are a CSV zip's entries in zip order (from schema_version 4); its
	// SHA256 is then the hash of their sha256sum-style listing (FileListing).
	Files         []FileHash `json:"files,omitempty"`
	SHA256        string     `json:"sha256"`
	ExportedAt    time.Time  `json:"exported_at"`
	ExporterID    string     `json:"exporter_id"`
	ExporterEmail string     `json:"exporter_email"`
	// ExporterName is the exporter's display name (from schema_version 4;
	// absent when the account has none).
	ExporterName    string `json:"exporter_name,omitempty"`
	CasewardVersion string `json:"caseward_version"`
	SchemaVersion   int    `json:"schema_version"`
	KeyID           string `json:"key_id"`
	// PublicKey (base64 of the raw 32 bytes) and KeyFingerprint (Fingerprint
	// of it) make a file checkable on its own (from schema_version 4); trust
	// comes from comparing the fingerprint with the one the organisation publishes.
	PublicKey      string `json:"public_key,omitempty"`
	KeyFingerprint string `json:"key_fingerprint,omitempty"`
	// ChainCheck is an audit export's verdict over the events it holds (from
	// schema_version 3; case exports have none), so the signature covers what
	// the file asserts in every format: a CSV's rows carry no chain check.
	ChainCheck *ChainCheck `json:"chain_check,omitempty"`
}

// FileHash is one file of a CSV zip as its manifest lists it.
type FileHash struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// SchemaVersion is the version of the export formats. 2: the JSON-lines audit
// export's chain check is a line of its own, covered by the signature (in 1 it
// sat unsigned beside the manifest, and is recomputed from the signed events
// when such a file is verified). 3: an audit export's manifest carries the
// chain check too, so a CSV's is signed (before, only unsigned HTTP trailers
// carried it). 4: the manifest carries the public key and its fingerprint, the
// exporter's name, and a CSV zip's file list; the CSV zip holds its signature
// (SIGNATURE.json).
const SchemaVersion = 4

// Signed is a manifest as signed: its exact bytes and the signature.
type Signed struct {
	Manifest  Manifest
	Bytes     []byte
	Signature []byte
}

// Sign fills in the hash of body and signs the manifest.
func Sign(key Key, m Manifest, body []byte) (Signed, error) {
	sum := sha256.Sum256(body)
	m.SHA256 = hex.EncodeToString(sum[:])
	return SignHashed(key, m)
}

// SignHashed signs a manifest whose SHA256 is already set. From
// schema_version 4 on it writes the key's public half and fingerprint in.
func SignHashed(key Key, m Manifest) (Signed, error) {
	m.KeyID = key.ID
	m.ExportedAt = m.ExportedAt.UTC().Truncate(time.Second)
	m.PublicKey, m.KeyFingerprint = "", ""
	if m.SchemaVersion < 4 { // as older Caseward wrote them, for tests of older files
		if m.Files != nil {
			return Signed{}, fmt.Errorf("manifest: a file list in a manifest of schema_version %d", m.SchemaVersion)
		}
		m.ExporterName = ""
	} else {
		if len(key.Public) != ed25519.PublicKeySize {
			return Signed{}, fmt.Errorf("manifest: export key %s has no public key", key.ID)
		}
		m.PublicKey, m.KeyFingerprint = base64.StdEncoding.EncodeToString(key.Public), Fingerprint(key.Public)
	}
	// Without HTML escaping, so that `jq -cj .manifest` reproduces the bytes.
	b, err := compactJSON(m)
	if err != nil {
		return Signed{}, fmt.Errorf("manifest: %w", err)
	}
	return Signed{Manifest: m, Bytes: b, Signature: ed25519.Sign(key.Private, b)}, nil
}

// Headers returns the response headers that carry a signed manifest.
func (s Signed) Headers() map[string]string {
	h := map[string]string{
		"X-Caseward-Manifest":  base64.StdEncoding.EncodeToString(s.Bytes),
		"X-Caseward-Signature": base64.StdEncoding.EncodeToString(s.Signature),
		"X-Caseward-Key-Id":    s.Manifest.KeyID,
	}
	if s.Manifest.KeyFingerprint != "" {
		h["X-Caseward-Key-Fingerprint"] = s.Manifest.KeyFingerprint
	}
	return h
}
