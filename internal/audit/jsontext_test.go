package audit

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestJSONLineIsTheAPIEvent(t *testing.T) {
	e := Chain(Event{}, Event{OccurredAt: time.Date(2026, 11, 29, 8, 0, 0, 123456000, time.UTC), ActorEmail: "a<b>@example.org",
		Action: "case.update", EntityType: "case", EntityID: "01a2263a-d187-7e9c-ba7e-b5bf8b9001e0", Changes: json.RawMessage(`{"title":["a","b\n"]}`)})
	line := AppendJSONLine(nil, e)
	if !bytes.HasSuffix(line, []byte("}\n")) || bytes.Count(line, []byte("\n")) != 1 {
		t.Fatalf("not one line: %q", line)
	}
	var got map[string]any
	if err := json.Unmarshal(line, &got); err != nil {
		t.Fatalf("not JSON: %v: %s", err, line)
	}
	want := map[string]any{"seq": 1.0, "occurred_at": "2026-11-29T08:00:00.123456Z", "actor_id": nil, "actor_email": "a<b>@example.org",
		"action": "case.update", "entity_type": "case", "entity_id": "01a2263a-d187-7e9c-ba7e-b5bf8b9001e0", "case_id": nil,
		"request_id": nil, "ip": nil, "changes": map[string]any{"title": []any{"a", "b\n"}}, "prev_hash": GenesisHash, "hash": e.Hash}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Fatalf("line\n got %s\nwant %s", gotJSON, wantJSON)
	}
}
