package narrative

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/evidence"
)

var (
	ana      = uuid.MustParse("0190a000-0000-7000-8000-000000000001")
	ben      = uuid.MustParse("0190a000-0000-7000-8000-000000000002")
	payroll  = uuid.MustParse("0190a000-0000-7000-8000-000000000003")
	susp     = uuid.MustParse("0190a000-0000-7000-8000-000000000004")
	pentest  = uuid.MustParse("0190a000-0000-7000-8000-000000000005")
	disk     = uuid.MustParse("0190a000-0000-7000-8000-000000000006")
	caseID   = uuid.MustParse("0190a000-0000-7000-8000-000000000007")
	finance  = uuid.MustParse("0190a000-0000-7000-8000-000000000008")
	stranger = uuid.MustParse("0190a000-0000-7000-8000-0000000000ff")
)

var names = Names{
	People:      map[uuid.UUID]string{ana: "Ana Silva", ben: "Łukasz Żółkiewski"},
	Cases:       map[uuid.UUID]string{caseID: "INC-2026-0007"},
	Services:    map[uuid.UUID]string{payroll: "Payroll"},
	Suspensions: map[uuid.UUID]string{susp: "Payroll"},
	Milestones:  map[uuid.UUID]string{pentest: "Penetration test passed"},
	Evidence:    map[uuid.UUID]string{disk: "Disk image of FS01"},
	Departments: map[uuid.UUID]string{finance: "Finance"},
}

func event(action, entityType string, entityID uuid.UUID, changes map[string][2]any) audit.Event {
	raw, err := json.Marshal(changes)
	if err != nil {
		panic(err)
	}
	return audit.Event{Seq: 1, OccurredAt: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), ActorID: ana.String(), ActorEmail: "ana@example.org",
		Action: action, EntityType: entityType, EntityID: entityID.String(), CaseID: caseID.String(), Changes: raw}
}

func TestDescribeTellsEventsAsSentences(t *testing.T) {
	for _, tc := range []struct {
		e    audit.Event
		want string
	}{
		{event("suspension.create", "suspension", susp, map[string][2]any{"service_id": {nil, payroll.String()},
			"reason": {nil, "ministerial decision"}, "status": {nil, "active"}}), "suspended Payroll: ministerial decision"},
		{event("milestone.create", "milestone", pentest, map[string][2]any{"title": {nil, "Penetration test passed"},
			"due_at": {nil, "2026-12-19T10:00:00Z"}, "status": {nil, "planned"}, "suspension_id": {nil, susp.String()}}),
			"added milestone ‘Penetration test passed’ to the plan for Payroll, due 19 Dec 2026"},
		{event("suspension.replan", "suspension", susp, map[string][2]any{"expected_restoration_at": {"2026-12-12T00:00:00Z", "2026-12-19T00:00:00Z"},
			"replan_id": {nil, uuid.NewString()}, "replan_reason": {nil, "supplier delay"}}),
			"moved the expected restoration of Payroll from 12 Dec to 19 Dec 2026: supplier delay"},
		{event("case.update", "case", caseID, map[string][2]any{"severity": {"high", "critical"}}), "changed severity from High to Critical"},
		{event("case.update", "case", caseID, map[string][2]any{"category": {"malware", "unauthorised_access"},
			"owner_id": {ana.String(), ben.String()}}),
			"changed the category from Malware to Unauthorised access; handed the case to Łukasz Żółkiewski"},
		{event("case.update", "case", caseID, map[string][2]any{"member_ids": {nil, ben.String() + "," + stranger.String()}}),
			"added Łukasz Żółkiewski and a former user to the team"},
		{event("case.transition", "case", caseID, map[string][2]any{"status": {"triage", "investigating"}, "note": {nil, "logs confirm it"}}),
			"moved the case from Triage to Investigating: logs confirm it"},
		{event("case.transition", "case", caseID, map[string][2]any{"status": {"recovering", "closed"}}), "closed the case"},
		{event("case.transition", "case", caseID, map[string][2]any{"status": {"reported", "closed"}, "duplicate_link_id": {nil, uuid.NewString()}}),
			"closed the case as a duplicate"},
		{event("link.create", "case_link", uuid.New(), map[string][2]any{"kind": {nil, "duplicate_of"},
			"from_case_id": {nil, stranger.String()}, "to_case_id": {nil, caseID.String()}}), "linked a case as a duplicate of INC-2026-0007"},
		{event("link.delete", "case_link", uuid.New(), map[string][2]any{"kind": {"caused_by", nil},
			"from_case_id": {caseID.String(), nil}, "to_case_id": {stranger.String(), nil}}), "removed the link of INC-2026-0007 as caused by a case"},
		{event("note.create", "note", uuid.New(), map[string][2]any{"kind": {nil, "decision"}, "body": {nil, "We notify."}}), "recorded a decision note"},
		{event("export.case", "case", caseID, map[string][2]any{"format": {nil, "pdf"}}), "exported the case as PDF"},
		{event("export.case", "case", caseID, map[string][2]any{"format": {nil, "csv"}, "include_red": {nil, true}, "withheld": {nil, 0}}),
			"exported the case as CSV, TLP:RED observables included"},
		{event("export.case", "case", caseID, map[string][2]any{"format": {nil, "json"}, "include_red": {nil, false}, "withheld": {nil, 2}}),
			"exported the case as a JSON bundle"},
		{event("observable.create", "observable", uuid.New(), map[string][2]any{"withheld": {nil, "TLP:RED"}}),
			"added a TLP:RED observable (withheld from this export)"},
		{event("observable.update", "observable", uuid.New(), map[string][2]any{"withheld": {nil, "TLP:RED"}}),
			"changed a TLP:RED observable (withheld from this export)"},
		{event("milestone.update", "milestone", pentest, map[string][2]any{"status": {"in_progress", "done"},
			"completed_at": {nil, "2026-12-05T09:00:00Z"}, "suspension_id": {nil, susp.String()}}),
			"completed milestone ‘Penetration test passed’"},
		{event("milestone.replan", "milestone", pentest, map[string][2]any{"due_at": {"2025-12-30T00:00:00Z", "2026-01-04T00:00:00Z"},
			"replan_reason": {nil, "tester ill"}, "suspension_id": {nil, susp.String()}}),
			"moved milestone ‘Penetration test passed’ from 30 Dec 2025 to 4 Jan 2026: tester ill"},
		{event("evidence.create", "evidence", disk, map[string][2]any{"title": {nil, "Disk image of FS01"}, "kind": {nil, "disk_image"},
			"sha256": {nil, strings.Repeat("a", 64)}}), "added evidence ‘Disk image of FS01’ (Disk image)"},
		{event("custody.transferred", "evidence", disk, map[string][2]any{"from_party": {nil, "IR team"}, "to_party": {nil, "Forensics lab"},
			"purpose": {nil, "analysis"}}), "handed over evidence ‘Disk image of FS01’ from IR team to Forensics lab: analysis"},
		{event("suspension.restore", "suspension", susp, map[string][2]any{"status": {"active", "restored"},
			"restored_at": {nil, "2026-12-20T08:00:00Z"}}), "restored Payroll on 20 Dec 2026"},
		{event("user.update", "user", ben, map[string][2]any{"role": {"responder", "admin"}}),
			"changed the account of Łukasz Żółkiewski: changed their role from Responder to Administrator"},
		{event("alert.import", "alert", uuid.New(), map[string][2]any{"title": {"Phishing to finance", "Phishing to finance"},
			"source": {"mail-gateway", "mail-gateway"}, "status": {"new", "imported"}}), "opened the case from alert ‘Phishing to finance’ from mail-gateway"},
		{event("alert.ignore", "alert", uuid.New(), map[string][2]any{"title": {"Port scan", "Port scan"}, "source": {"siem", "siem"},
			"ignore_reason": {nil, "our own scanner"}}), "ignored alert ‘Port scan’ from siem: our own scanner"},
		{event("observable.create", "observable", uuid.New(), map[string][2]any{"type": {nil, "domain"}, "value": {nil, "login-firma.pl"},
			"ioc": {nil, true}, "tlp": {nil, "amber"}}), "added the domain ‘login-firma.pl’ as an indicator of compromise"},
		{event("observable.update", "observable", uuid.New(), map[string][2]any{"type": {"user_account", "user_account"},
			"value": {"CORP\\jan", "CORP\\jan"}, "tlp": {"amber", "red"}, "last_seen_at": {nil, "2026-12-05T09:00:00Z"}}),
			"changed the user account ‘CORP\\jan’ (tlp, last seen at)"},
		{event("observable.delete", "observable", uuid.New(), map[string][2]any{"type": {"ipv4", nil}, "value": {"192.0.2.1", nil}}),
			"removed the IPv4 address ‘192.0.2.1’"},
		{event("service.create", "service", payroll, map[string][2]any{"name": {nil, "Payroll"}, "department_id": {nil, finance.String()}}),
			"added the service ‘Payroll’ to Finance"},
	} {
		got := Describe(tc.e, names)
		if got.Sentence != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.e.Action, got.Sentence, tc.want)
		}
		if got.Actor != "Ana Silva" {
			t.Errorf("%s: actor %q, want Ana Silva", tc.e.Action, got.Actor)
		}
	}
}

func TestDescribeFallsBackToWhatThingsAre(t *testing.T) {
	gone := Names{}
	e := event("milestone.update", "milestone", pentest, map[string][2]any{"status": {"planned", "blocked"}, "suspension_id": {nil, susp.String()}})
	if got := Describe(e, gone); got.Actor != "a former user" || got.Sentence != "marked milestone ‘a milestone’ as blocked" {
		t.Errorf("unresolved milestone: %+v", got)
	}
	e = event("suspension.cancel", "suspension", susp, map[string][2]any{"status": {"active", "cancelled"}})
	if got := Describe(e, gone); got.Sentence != "cancelled the suspension of a service" {
		t.Errorf("unresolved suspension: %q", got.Sentence)
	}
	e = event("case.delete", "case", caseID, nil)
	if got := Describe(e, names); got.Sentence != "recorded an event Caseward does not describe (case delete)" {
		t.Errorf("unknown action: %q", got.Sentence)
	}
	failed := audit.Event{Action: "auth.login_failed", EntityType: "user", ActorEmail: "mallory@example.org", Changes: json.RawMessage(`{}`)}
	if got := Describe(failed, names); got.Actor != "Someone" || got.Sentence != "failed to sign in as mallory@example.org" {
		t.Errorf("failed sign-in: %+v", got)
	}
	system := audit.Event{Action: "custody.seal_legacy", EntityType: "custody", ActorEmail: "caseward", Changes: json.RawMessage(`{}`)}
	if got := Describe(system, names); got.Actor != "Caseward" {
		t.Errorf("system actor: %q", got.Actor)
	}
}

var uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// TestNoSentenceHoldsAnID tells every action with changes full of ids that
// resolve to nothing, with and without names, and finds no id in any
// sentence, nor an enum value as the code spells it.
func TestNoSentenceHoldsAnID(t *testing.T) {
	id := func() string { return uuid.NewString() }
	changes := map[string][2]any{}
	for _, f := range []string{"owner_id", "department_id", "service_id", "suspension_id", "corrects_id", "replan_id", "update_id", "order"} {
		changes[f] = [2]any{id(), id()}
	}
	changes["member_ids"] = [2]any{id() + "," + id(), id()}
	changes["status"] = [2]any{"in_progress", "ruled_out"}
	changes["kind"] = [2]any{"disk_image", "memory_dump"}
	changes["category"] = [2]any{"unauthorised_access", "denial_of_service"}
	changes["expected_restoration_at"] = [2]any{"2026-12-12T00:00:00Z", "2026-12-19T00:00:00Z"}
	for _, action := range audit.Actions {
		for _, n := range []Names{{}, names} {
			e := event(action, strings.Split(action, ".")[0], uuid.New(), changes)
			got := Describe(e, n)
			for _, s := range []string{got.Actor, got.Sentence} {
				if uuidPattern.MatchString(s) || strings.Contains(s, "_") || strings.Contains(s, action) {
					t.Errorf("%s: %q holds an id, a raw value or the action", action, s)
				}
			}
			if got.Sentence == "" || got.Actor == "" {
				t.Errorf("%s: empty entry %+v", action, got)
			}
		}
	}
}

// TestEveryRecordedActionHasASentence finds the actions the code records
// (string literals named like them, and the custody actions people record)
// and checks that each is in audit.Actions and has a sentence, so a new
// action without one fails here.
func TestEveryRecordedActionHasASentence(t *testing.T) {
	literal := regexp.MustCompile(`"((?:alert|case|note|task|suspension|milestone|evidence|custody|export|service|department|view|user|auth|audit|session)\.[a-z_]+)"`)
	files := regexp.MustCompile(`\.(csv|pdf|json|jsonl|bin|sig|zip|txt|ttf)$`)
	found := map[string]bool{}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"internal", "api", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				strings.Contains(path, string(filepath.Separator)+"gen"+string(filepath.Separator)) ||
				strings.Contains(path, filepath.Join("internal", "events")) { // event kinds, not actions
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				if !files.MatchString(m[1]) {
					found[m[1]] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range evidence.RecordableActions {
		found["custody."+string(a)] = true
	}
	if len(found) < 30 {
		t.Fatalf("found only %d actions in the code: the search is broken", len(found))
	}
	for a := range found {
		if !slices.Contains(audit.Actions, a) {
			t.Errorf("the code records %q, which audit.Actions does not list", a)
		}
	}
	told := Actions()
	for _, a := range audit.Actions {
		if !slices.Contains(told, a) {
			t.Errorf("no sentence for %q", a)
		}
	}
	for _, a := range told {
		if !slices.Contains(audit.Actions, a) {
			t.Errorf("a sentence for %q, which audit.Actions does not list", a)
		}
	}
}

func TestDateIsDayMonthYearInUTC(t *testing.T) {
	at := time.Date(2026, 12, 19, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	if got := Date(at); got != "20 Dec 2026" {
		t.Errorf("Date = %q", got)
	}
}

// A sentence is one line of text the contract accepts, whatever the values
// it quotes held.
func TestSentenceIsOneLine(t *testing.T) {
	e := event("evidence.create", "evidence", uuid.New(), map[string][2]any{"title": {nil, "invoice\u202Efdp.exe\nline two"}, "kind": {nil, "document"}})
	got := Describe(e, Names{})
	if want := "added evidence ‘invoice fdp.exe line two’ (Document)"; got.Sentence != want {
		t.Errorf("sentence %q, want %q", got.Sentence, want)
	}
	long := event("case.transition", "case", caseID, map[string][2]any{"status": {"triage", "investigating"}, "note": {nil, strings.Repeat("x", 5000)}})
	if n := len([]rune(Describe(long, names).Sentence)); n > 1000 {
		t.Errorf("a sentence of %d characters", n)
	}
}
