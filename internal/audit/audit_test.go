package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"
)

// The worked example of docs/audit.md: if this changes, so must the document.
func TestCanonicalFormMatchesTheDocumentedExample(t *testing.T) {
	e := Event{
		Seq:        1,
		OccurredAt: time.Date(2026, 11, 29, 9, 30, 0, 123456000, time.UTC),
		ActorID:    "01936f6e-0000-7000-8000-000000000001",
		ActorEmail: "ann@example.org",
		Action:     "case.update",
		EntityType: "case",
		EntityID:   "01936f6e-0000-7000-8000-0000000000aa",
		CaseID:     "01936f6e-0000-7000-8000-0000000000aa",
		RequestID:  "req-42",
		IP:         "192.0.2.7",
		Changes:    json.RawMessage(`{"severity":["high","critical"]}`),
		PrevHash:   GenesisHash,
	}
	want := `{"action":"case.update","actor_email":"ann@example.org","actor_id":"01936f6e-0000-7000-8000-000000000001",` +
		`"case_id":"01936f6e-0000-7000-8000-0000000000aa","changes":{"severity":["high","critical"]},` +
		`"entity_id":"01936f6e-0000-7000-8000-0000000000aa","entity_type":"case","ip":"192.0.2.7",` +
		`"occurred_at":"2026-11-29T09:30:00.123456Z","request_id":"req-42","seq":1}`
	if got := string(e.Canonical()); got != want {
		t.Fatalf("canonical form\n got %s\nwant %s", got, want)
	}
	var v map[string]any
	if err := json.Unmarshal(e.Canonical(), &v); err != nil {
		t.Fatalf("canonical form is not JSON: %v", err)
	}
	sum := sha256.Sum256([]byte(GenesisHash + want))
	if e.ComputeHash() != hex.EncodeToString(sum[:]) {
		t.Fatal("hash is not SHA-256 over prev_hash followed by the canonical JSON")
	}
	t.Logf("documented hash: %s", e.ComputeHash())
}

func TestChainLinksEvents(t *testing.T) {
	first := Chain(Event{}, Event{Action: "a", OccurredAt: time.Now()})
	second := Chain(first, Event{Action: "b", OccurredAt: time.Now()})
	if first.Seq != 1 || first.PrevHash != GenesisHash || second.Seq != 2 || second.PrevHash != first.Hash {
		t.Fatalf("bad links: %+v %+v", first, second)
	}
	forged := second
	forged.Action = "c"
	if forged.ComputeHash() == second.Hash {
		t.Fatal("changing a field does not change the hash")
	}
}

func TestSensitiveFieldsAreRedacted(t *testing.T) {
	raw, err := Changes{"password": {"old", "new"}, "refresh_token": {nil, "x"}, "name": {"A", "B"}}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":["A","B"],"password":["[redacted]","[redacted]"],"refresh_token":["[redacted]","[redacted]"]}`
	if string(raw) != want {
		t.Fatalf("got %s", raw)
	}
}
