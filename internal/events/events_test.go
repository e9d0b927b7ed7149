package events

import (
	"encoding/json"
	"testing"
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
