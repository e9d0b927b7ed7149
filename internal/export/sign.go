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
	// ChainCheck is an audit export's verdict over the events it holds (from
	// schema_version 3; case exports have none), so the signature covers what
	// the file asserts in every format: a CSV's rows carry no chain check.
	ChainCheck *ChainCheck `json:"chain_check,omitempty"`
}

// SchemaVersion is the version of the export formats. 2: the JSON-lines audit
// export's chain check is a line of its own, covered by the signature (in 1 it
// sat unsigned beside the manifest, and is recomputed from the signed events
// when such a file is verified). 3: an audit export's manifest carries the
// chain check too, so a CSV's is signed (before, only unsigned HTTP trailers
// carried it).
const SchemaVersion = 3

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
