package audit

import (
	"encoding/json"
	"strconv"
	"time"
)

// AppendJSONString appends s as a JSON string exactly as encoding/json writes
// it (HTML characters escaped), which the canonical form depends on. Plain
// printable ASCII, by far the common case, is copied without the encoder.
func AppendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, _ := json.Marshal(s) // a string always encodes
			return append(b, quoted...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

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
			b = AppendJSONString(b, f.value)
		}
	}
	b = append(b, `,"changes":`...)
	if len(e.Changes) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, e.Changes...)
	}
	b = append(b, `,"prev_hash":`...)
	b = AppendJSONString(b, e.PrevHash)
	b = append(b, `,"hash":`...)
	b = AppendJSONString(b, e.Hash)
	return append(b, '}', '\n')
}
