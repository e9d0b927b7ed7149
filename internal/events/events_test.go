package events

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Every kind has its words, and the kinds are what the contract lists.
func TestEveryKindIsLabelled(t *testing.T) {
	for _, k := range Kinds {
		if Label(k) == "" {
			t.Errorf("kind %s has no label", k)
		}
	}
	if len(labels) != len(Kinds) {
		t.Errorf("%d labels for %d kinds", len(labels), len(Kinds))
	}
}

// A recorded change becomes the event people care about: an owner set is an
// assignment, other edits only "changed", reads tell nobody.
func TestFromChange(t *testing.T) {
	for _, tc := range []struct {
		action, changes, want string
	}{
		{"case.create", `{}`, CaseCreated},
		{"case.update", `{"owner_id":[null,"0190"]}`, CaseAssigned},
		{"case.update", `{"owner_id":["0190",null]}`, Changed},
		{"case.update", `{"title":["a","b"]}`, Changed},
		{"case.transition", `{"status":["open","contained"]}`, CaseStatusChanged},
		{"task.create", `{"title":[null,"x"]}`, Changed},
		{"task.create", `{"assignee_id":[null,"0190"]}`, TaskAssigned},
		{"task.update", `{"assignee_id":["0190","0191"]}`, TaskAssigned},
		{"custody.transferred", `{}`, EvidenceHandedOver},
		{"suspension.update_posted", `{}`, UpdatePublished},
		{"note.create", `{}`, Changed},
		{"evidence.download", `{}`, ""},
		{"auth.login", `{}`, ""},
		{"export.case", `{}`, ""},
		{"user.password_change", `{}`, ""},
		{"alert.create", `{"title":[null,"Phishing"]}`, ""},
		{"alert.repeat", `{"occurrences":[1,2]}`, ""},
		{"alert.ignore", `{"status":["new","ignored"]}`, ""},
		{"alert.import", `{"status":["new","imported"]}`, Changed},
	} {
		e, ok := FromChange(Recorded{Action: tc.action, Changes: json.RawMessage(tc.changes)})
		if got := map[bool]string{true: e.Kind, false: ""}[ok]; got != tc.want {
			t.Errorf("%s %s: kind %q, want %q", tc.action, tc.changes, got, tc.want)
		}
		if ok && !json.Valid(e.Data) {
			t.Errorf("%s: data %s is not JSON", tc.action, e.Data)
		}
	}
}

// An event encodes as the contract's Event (snake_case, absent ids null,
// data an object) and reads back the same.
func TestEventJSONIsTheContractsAndRoundTrips(t *testing.T) {
	e := Event{Seq: 7, ID: "01900000-0000-7000-8000-000000000001", Kind: CaseCreated,
		OccurredAt: time.Date(2026, 12, 6, 1, 2, 3, 456000, time.FixedZone("CET", 3600)), CaseID: "01900000-0000-7000-8000-000000000002",
		EntityType: "case", Action: "case.create", Data: json.RawMessage(`{"changes":{"title":[null,"Łódź — لودز"]}}`)}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["occurred_at"] != "2026-12-06T00:02:03.000456Z" || m["actor_id"] != nil || m["case_id"] != e.CaseID || m["kind"] != "case.created" {
		t.Fatalf("encoded %s", b)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != e.ID || back.Seq != 7 || !back.OccurredAt.Equal(e.OccurredAt) || back.ActorID != "" || back.CaseID != e.CaseID ||
		string(back.Data) != string(e.Data) {
		t.Fatalf("read back %+v", back)
	}
	if b, _ := json.Marshal(Event{ID: "x"}); !strings.Contains(string(b), `"data":{}`) {
		t.Fatalf("an event without data encodes %s", b)
	}
}
