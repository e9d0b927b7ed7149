// Package audit is Caseward's tamper-evident trail: every change and every
// sensitive read becomes an Event chained to the one before by a SHA-256 hash.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/jsonenc"
)

// GenesisHash is the prev_hash of the first event.
var GenesisHash = strings.Repeat("0", 64)

// TimeLayout is how occurred_at appears in the canonical form: UTC, always six
// fractional digits, so that the text is the same on every dialect.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Event is one row of the trail. Empty strings stand for absent values.
type Event struct {
	Seq        int64
	OccurredAt time.Time
	ActorID    string
	ActorEmail string
	Action     string
	EntityType string
	EntityID   string
	CaseID     string
	RequestID  string
	IP         string
	Changes    json.RawMessage // {field: [old, new]}, exactly as hashed
	PrevHash   string
	Hash       string
}

// Canonical returns the bytes that are hashed: a compact JSON object of every
// field but prev_hash and hash, keys in alphabetical order, strings for every
// value but seq (a number) and changes (embedded verbatim). docs/audit.md
// describes it for tools outside Caseward.
func (e Event) Canonical() []byte {
	return e.appendCanonical(make([]byte, 0, 512))
}

func (e Event) appendCanonical(b []byte) []byte {
	field := func(name, value string) {
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		b = jsonenc.String(b, value)
		b = append(b, ',')
	}
	changes := e.Changes
	if len(changes) == 0 {
		changes = json.RawMessage("{}")
	}
	b = append(b, '{')
	field("action", e.Action)
	field("actor_email", e.ActorEmail)
	field("actor_id", e.ActorID)
	field("case_id", e.CaseID)
	b = append(b, `"changes":`...)
	b = append(b, changes...)
	b = append(b, ',')
	field("entity_id", e.EntityID)
	field("entity_type", e.EntityType)
	field("ip", e.IP)
	b = append(b, `"occurred_at":"`...)
	b = e.OccurredAt.UTC().AppendFormat(b, TimeLayout)
	b = append(b, `",`...)
	field("request_id", e.RequestID)
	b = append(b, `"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	return append(b, '}')
}

// ComputeHash returns hex(SHA-256(prev_hash ‖ canonical JSON)).
func (e Event) ComputeHash() string {
	var buf [512]byte
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write(e.appendCanonical(buf[:0]))
	return hex.EncodeToString(h.Sum(nil))
}

// Chain seals e as the successor of prev (the zero Event for the first one):
// it sets Seq, PrevHash and Hash.
func Chain(prev, e Event) Event {
	e.Seq = prev.Seq + 1
	e.PrevHash = prev.Hash
	if prev.Seq == 0 {
		e.PrevHash = GenesisHash
	}
	e.OccurredAt = e.OccurredAt.UTC().Truncate(time.Microsecond)
	e.Hash = e.ComputeHash()
	return e
}

// Changes records what a change did: field → [old, new].
type Changes map[string][2]any

// sensitive fields are never written to the trail, whatever a caller passes.
func sensitive(field string) bool {
	f := strings.ToLower(field)
	return strings.Contains(f, "password") || strings.Contains(f, "token") || strings.Contains(f, "secret")
}

// Encode returns the canonical JSON of c (keys sorted), with sensitive fields
// reduced to a marker that says they changed.
func (c Changes) Encode() (json.RawMessage, error) {
	clean := make(map[string][2]any, len(c))
	for k, v := range c {
		if sensitive(k) {
			v = [2]any{"[redacted]", "[redacted]"}
		}
		clean[k] = v
	}
	return json.Marshal(clean)
}

// Diff lists the fields whose values differ between two snapshots of an
// entity, as old → new. A field missing from old counts as nil.
func Diff(old, next map[string]any) Changes {
	c := Changes{}
	for k, v := range next {
		if old[k] != v {
			c[k] = [2]any{old[k], v}
		}
	}
	return c
}

// The value helpers render fields for Changes the same way in every package:
// absent values as nil, times as RFC 3339 UTC.

// TimeValue is t in RFC 3339 UTC, or nil when absent.
func TimeValue(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// TextValue is s, or nil when empty.
func TextValue(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// IntValue is *n, or nil when absent.
func IntValue(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}
