// Package export renders a case's complete history (JSON bundle, CSV zip, PDF
// report) and the audit log, and signs every export so that an auditor can
// check it later without trusting Caseward.
package export

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
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

// Manifest says what was exported, by whom and when, and the SHA-256 of the
// signed bytes. Its JSON (this field order, compact) is what the signature covers.
type Manifest struct {
	Kind          string `json:"kind"` // case or audit
	Format        string `json:"format"`
	CaseID        string `json:"case_id,omitempty"`
	CaseReference string `json:"case_reference,omitempty"`
	// Filters are the audit export's query parameters: what range it covers.
	Filters         map[string]string `json:"filters,omitempty"`
	SHA256          string            `json:"sha256"`
	ExportedAt      time.Time         `json:"exported_at"`
	ExporterID      string            `json:"exporter_id"`
	ExporterEmail   string            `json:"exporter_email"`
	CasewardVersion string            `json:"caseward_version"`
	SchemaVersion   int               `json:"schema_version"`
	KeyID           string            `json:"key_id"`
}

// SchemaVersion is the version of the export formats.
const SchemaVersion = 1

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

// SignHashed signs a manifest whose SHA256 is already set.
func SignHashed(key Key, m Manifest) (Signed, error) {
	m.KeyID = key.ID
	m.ExportedAt = m.ExportedAt.UTC().Truncate(time.Second)
	// Without HTML escaping, so that `jq -cj .manifest` reproduces the bytes.
	b, err := compactJSON(m)
	if err != nil {
		return Signed{}, fmt.Errorf("manifest: %w", err)
	}
	return Signed{Manifest: m, Bytes: b, Signature: ed25519.Sign(key.Private, b)}, nil
}

// Headers returns the response headers that carry a signed manifest.
func (s Signed) Headers() map[string]string {
	return map[string]string{
		"X-Caseward-Manifest":  base64.StdEncoding.EncodeToString(s.Bytes),
		"X-Caseward-Signature": base64.StdEncoding.EncodeToString(s.Signature),
		"X-Caseward-Key-Id":    s.Manifest.KeyID,
	}
}

// ErrBadSignature means the manifest was not signed by the key given.
var ErrBadSignature = errors.New("the signature does not match the manifest")

// ErrBadHash means the exported bytes are not those the manifest describes.
var ErrBadHash = errors.New("the exported bytes do not match the manifest's sha256")

// VerifyDetached checks a signature over manifest bytes and the body's hash.
func VerifyDetached(pub ed25519.PublicKey, manifest, signature, body []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("manifest is not JSON: %w", err)
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

// VerifyDetachedWith is VerifyDetached with the key looked up by the manifest's key id.
func VerifyDetachedWith(keyFor func(id string) (ed25519.PublicKey, error), manifest, signature, body []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("manifest is not JSON: %w", err)
	}
	pub, err := keyFor(m.KeyID)
	if err != nil {
		return m, err
	}
	return VerifyDetached(pub, manifest, signature, body)
}
