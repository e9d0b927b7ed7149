package export_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/restoration"
)

// snapshot is a small case: a suspension with a milestone nobody owns (yet)
// and a re-plan, an item without a file, and a note by someone no longer
// known.
func snapshot() export.Snapshot {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	ann, gone := uuid.MustParse("01936f6e-0000-7000-8000-000000000001"), uuid.MustParse("01936f6e-0000-7000-8000-000000000002")
	svc := directory.Service{ID: uuid.MustParse("01936f6e-0000-7000-8000-000000000010"), Name: "Patient Portal"}
	sp := restoration.Suspension{ID: uuid.MustParse("01936f6e-0000-7000-8000-000000000020"), ServiceID: svc.ID, RecordedByID: ann,
		SuspendedAt: now.Add(-48 * time.Hour), Status: restoration.Active}
	return export.Snapshot{ExportedAt: now, Exporter: export.Exporter{ID: ann, Email: "ann@example.org", Name: "=Ann Ó"},
		Case:     cases.Case{ID: uuid.New(), Reference: "INC-2026-0001", Title: "Suspicious logins", OwnerID: ann},
		People:   map[uuid.UUID]string{ann: "=Ann Ó"},
		Services: map[uuid.UUID]directory.Service{svc.ID: svc},
		Suspensions: []export.SuspensionRecord{{Suspension: sp,
			Milestones: []restoration.Milestone{{ID: uuid.New(), SuspensionID: sp.ID, Title: "Penetration test", Position: 1}},
			Replans:    []restoration.Replan{{ID: uuid.New(), SuspensionID: sp.ID, Kind: restoration.SuspensionReplan, Reason: "vendor late", ByID: ann, At: now}}}},
		Evidence: []export.EvidenceItem{{Item: evidence.Item{ID: uuid.New(), Title: "Notes on paper", CollectedByID: ann},
			Custody: []evidence.CustodyEvent{{ID: uuid.New(), Action: evidence.Collected, ActorID: ann, OccurredAt: now}}}},
		Notes: []cases.Note{{ID: uuid.New(), Body: "Decided to isolate the host.", AuthorID: gone, CreatedAt: now}},
	}
}

// Every CSV renders from a snapshot whose optional values are absent (an
// unowned milestone once made the renderer panic), and names people beside
// their ids: a person the snapshot does not know is "a former user", never
// an id, and a name is defused like any other cell.
func TestCSVNamesPeopleAndLeavesAbsentValuesEmpty(t *testing.T) {
	files, err := export.CSV(snapshot())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var names []string
	for _, f := range files {
		got[f.Name], names = string(f.Body), append(names, f.Name)
	}
	if strings.Join(names, " ") != "case.csv people.csv suspensions.csv milestones.csv replans.csv updates.csv evidence.csv custody.csv observables.csv notes.csv chronology.csv links.csv review.csv follow_ups.csv timeline.csv audit_events.csv" {
		t.Fatalf("files: %v", names)
	}
	for name, want := range map[string]string{
		"milestones.csv":  ",Penetration test,,,,,,\r\n", // no status, owner, owner name or dates
		"notes.csv":       ",a former user,",             // the author is not known
		"replans.csv":     ",vendor late,01936f6e-0000-7000-8000-000000000001,'=Ann Ó,",
		"suspensions.csv": ",Patient Portal,active,", // the service by name
		"people.csv":      "01936f6e-0000-7000-8000-000000000001,'=Ann Ó\r\n",
		"case.csv":        "exported_by_name,'=Ann Ó\r\n",
	} {
		if !strings.Contains(got[name], want) {
			t.Errorf("%s lacks %q:\n%s", name, want, got[name])
		}
	}
}

// The JSON content lists what is empty as [] and what is absent as null, and
// names the exporter and the people.
func TestJSONContentFromASnapshot(t *testing.T) {
	b, err := json.Marshal(export.NewContent(snapshot()))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"exporter":{"id":"01936f6e-0000-7000-8000-000000000001","email":"ann@example.org","name":"=Ann Ó"}`,
		`"people":[{"id":"01936f6e-0000-7000-8000-000000000001","name":"=Ann Ó"}]`, `"department":null`, `"updates":[]`,
		`"owner_id":null`, `"file_name":null`, `"timeline":[]`, `"audit_events":[]`, `"member_ids":[]`, `"reason":"vendor late"`} {
		if !strings.Contains(s, want) {
			t.Errorf("content lacks %s:\n%s", want, s)
		}
	}
}
