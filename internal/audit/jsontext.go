package audit

import (
	"strconv"
	"time"

	"github.com/caseward/caseward/internal/jsonenc"
)

// AppendJSONLine appends e as one line of a JSON-lines export: the API's
// AuditEvent, with absent values null and changes as stored.
func AppendJSONLine(b []byte, e Event) []byte {
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = append(b, `,"occurred_at":"`...)
	b = e.OccurredAt.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	for _, f := range [...]struct {
		name, value string
		nullable    bool // absent (empty) is null
	}{
		{"actor_id", e.ActorID, true}, {"actor_email", e.ActorEmail, true}, {"action", e.Action, false},
		{"entity_type", e.EntityType, false}, {"entity_id", e.EntityID, true}, {"case_id", e.CaseID, true},
		{"request_id", e.RequestID, true}, {"ip", e.IP, true},
	} {
		b = append(b, ',', '"')
		b = append(b, f.name...)
		b = append(b, '"', ':')
		if f.nullable && f.value == "" {
			b = append(b, "null"...)
		} else {
			b = jsonenc.String(b, f.value)
		}
	}
	b = append(b, `,"changes":`...)
	if len(e.Changes) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, e.Changes...)
	}
	b = append(b, `,"prev_hash":`...)
	b = jsonenc.String(b, e.PrevHash)
	b = append(b, `,"hash":`...)
	b = jsonenc.String(b, e.Hash)
	return append(b, '}', '\n')
}
