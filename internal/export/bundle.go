package export

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/caseward/caseward/api/gen"
)

// Person names who did something.
type Person struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// EvidenceRecord is an item with its full chain of custody.
type EvidenceRecord struct {
	gen.Evidence
	Custody []gen.CustodyEvent `json:"custody"`
}

// Case is everything about one case, in the API's own shapes, so that an export
// reads like the API documentation says.
type Case struct {
	SchemaVersion   int                `json:"schema_version"`
	ExportedAt      time.Time          `json:"exported_at"`
	Exporter        Person             `json:"exporter"`
	CasewardVersion string             `json:"caseward_version"`
	Case            gen.Case           `json:"case"`
	Suspensions     []gen.Suspension   `json:"suspensions"`
	Services        []gen.Service      `json:"services"` // those the suspensions name
	Evidence        []EvidenceRecord   `json:"evidence"`
	Notes           []gen.Note         `json:"notes"`
	Timeline        []gen.TimelineItem `json:"timeline"`
	AuditEvents     []gen.AuditEvent   `json:"audit_events"`
}

// compactJSON encodes v without HTML escaping or a trailing newline.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// JSON renders the bundle: {"content": …, "manifest": …, "signature": …}. The
// manifest's sha256 covers the exact bytes of content, and the signature the
// exact bytes of manifest; both are embedded verbatim.
func JSON(key Key, m Manifest, c Case) ([]byte, Signed, error) {
	content, err := compactJSON(c)
	if err != nil {
		return nil, Signed{}, fmt.Errorf("encode case bundle: %w", err)
	}
	signed, err := Sign(key, m, content)
	if err != nil {
		return nil, Signed{}, err
	}
	var out bytes.Buffer
	out.WriteString(`{"content":`)
	out.Write(content)
	out.WriteString(`,"manifest":`)
	out.Write(signed.Bytes)
	out.WriteString(`,"signature":"` + base64.StdEncoding.EncodeToString(signed.Signature) + "\"}\n")
	return out.Bytes(), signed, nil
}

// bundleParts are the members of a JSON bundle, kept byte for byte.
type bundleParts struct {
	Content   json.RawMessage `json:"content"`
	Manifest  json.RawMessage `json:"manifest"`
	Signature string          `json:"signature"`
}

// VerifyJSON checks a saved JSON bundle with the public key that keyFor returns
// for its key id.
func VerifyJSON(r io.Reader, keyFor func(id string) (ed25519.PublicKey, error)) (Manifest, error) {
	var parts bundleParts
	if err := json.NewDecoder(r).Decode(&parts); err != nil {
		return Manifest{}, fmt.Errorf("not a Caseward JSON export: %w", err)
	}
	if len(parts.Content) == 0 || len(parts.Manifest) == 0 || parts.Signature == "" {
		return Manifest{}, fmt.Errorf("not a Caseward JSON export: content, manifest or signature missing")
	}
	sig, err := base64.StdEncoding.DecodeString(parts.Signature)
	if err != nil {
		return Manifest{}, fmt.Errorf("signature is not base64: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(parts.Manifest, &m); err != nil {
		return Manifest{}, fmt.Errorf("manifest: %w", err)
	}
	pub, err := keyFor(m.KeyID)
	if err != nil {
		return m, err
	}
	return VerifyDetached(pub, parts.Manifest, sig, parts.Content)
}
