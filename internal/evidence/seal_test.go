package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/uuid"
)

// The content hash and the seal digest are what docs/audit.md says they are,
// so that a tool outside Caseward can check custody rows against their seals.
func TestCustodySealMatchesTheDocumentedForm(t *testing.T) {
	ev := CustodyEvent{
		ID: uuid.MustParse("01936f6e-0000-7000-8000-0000000000f1"), EvidenceID: uuid.MustParse("01936f6e-0000-7000-8000-0000000000e1"),
		Action: Transferred, ActorID: uuid.MustParse("01936f6e-0000-7000-8000-000000000001"), FromParty: "Ann", ToParty: "Bob <lab>",
		Location: "Room 4", Purpose: "analysis", OccurredAt: time.Date(2026, 11, 29, 9, 30, 0, 123456789, time.FixedZone("", 3600)),
		TimeZone: "Europe/London", Note: "sealed bag 7",
	}
	canonical := `{"id":"01936f6e-0000-7000-8000-0000000000f1","evidence_id":"01936f6e-0000-7000-8000-0000000000e1","action":"transferred",` +
		`"actor_id":"01936f6e-0000-7000-8000-000000000001","from_party":"Ann","to_party":"Bob \u003clab\u003e","location":"Room 4",` +
		`"purpose":"analysis","occurred_at":"2026-11-29T08:30:00.123456Z","time_zone":"Europe/London","note":"sealed bag 7"}`
	want := sha256.Sum256([]byte(canonical))
	if got := ev.ContentHash(); got != hex.EncodeToString(want[:]) {
		t.Fatalf("content hash %s, want SHA-256 of %s", got, canonical)
	}
	other := ev
	other.ID = uuid.MustParse("01936f6e-0000-7000-8000-0000000000a0")
	lines := other.ID.String() + " " + other.ContentHash() + "\n" + ev.ID.String() + " " + ev.ContentHash() + "\n"
	digest := sha256.Sum256([]byte(lines))
	if got := SealDigest([]CustodyEvent{ev, other}); got != hex.EncodeToString(digest[:]) {
		t.Fatalf("seal digest %s, want SHA-256 of the sorted lines", got)
	}
}
