package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/text"
)

// safeCell defuses spreadsheet formula injection (text.SpreadsheetSafe).
func safeCell(s string) string { return text.SpreadsheetSafe(s) }

// cell renders any value for a CSV cell.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return safeCell(x)
	case *string:
		if x == nil {
			return ""
		}
		return safeCell(*x)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return ""
		}
		return cell(*x)
	case *uuid.UUID: // before fmt.Stringer, which a nil one would panic in
		if x == nil {
			return ""
		}
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case fmt.Stringer:
		return safeCell(x.String())
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return safeCell(fmt.Sprint(x))
		}
		s := string(b)
		if unq, err := strconv.Unquote(s); err == nil {
			s = unq
		}
		if s == "null" {
			return ""
		}
		return safeCell(s)
	}
}

type table struct {
	name   string
	header []string
	rows   [][]any
}

// CSV renders the case as CSV files, one per record type, in the order they
// go into the zip: UTF-8, a header row, RFC 4180 quoting and CRLF line ends.
// Where a row names a person by id, a column beside it gives their name.
func CSV(s Snapshot) ([]ZipFile, error) {
	tabs := tables(s)
	files := make([]ZipFile, 0, len(tabs)+1)
	for _, t := range tabs {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.UseCRLF = true
		if err := w.Write(t.header); err != nil {
			return nil, fmt.Errorf("csv %s: %w", t.name, err)
		}
		record := make([]string, len(t.header))
		for _, row := range t.rows {
			for i, v := range row {
				record[i] = cell(v)
			}
			if err := w.Write(record); err != nil {
				return nil, fmt.Errorf("csv %s: %w", t.name, err)
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("csv %s: %w", t.name, err)
		}
		files = append(files, ZipFile{Name: t.name, Body: buf.Bytes()})
	}
	audit, err := auditCSV(s)
	if err != nil {
		return nil, err
	}
	return append(files, audit), nil
}

// auditCSV is the case's audit trail in the audit export's CSV columns.
func auditCSV(s Snapshot) (ZipFile, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(AuditHeader); err != nil {
		return ZipFile{}, err
	}
	for _, e := range s.Audit {
		if err := w.Write(AuditRow(e)); err != nil {
			return ZipFile{}, fmt.Errorf("csv audit_events.csv: %w", err)
		}
	}
	w.Flush()
	return ZipFile{Name: "audit_events.csv", Body: buf.Bytes()}, w.Error()
}

func tables(s Snapshot) []table {
	k, now := s.Case, s.ExportedAt
	department := ""
	if s.Department != nil {
		department = s.Department.Name
	}
	caseTable := table{name: "case.csv", header: []string{"field", "value"}, rows: [][]any{
		{"reference", k.Reference}, {"title", k.Title}, {"summary", k.Summary}, {"category", string(k.Category)},
		{"severity", string(k.Severity)}, {"status", string(k.Status)}, {"breach_status", string(k.BreachStatus)},
		{"owner_id", k.OwnerID}, {"owner_name", s.Name(k.OwnerID)}, {"department_id", k.DepartmentID}, {"department_name", department},
		{"detected_at", k.DetectedAt}, {"aware_at", k.AwareAt},
		{"personal_data_involved", k.PersonalDataInvolved}, {"data_subjects_estimate", k.DataSubjectsEstimate},
		{"regulator_notification_due_at", k.NotificationDueAt()}, {"regulator_notified_at", k.RegulatorNotifiedAt},
		{"regulator_reference", k.RegulatorReference}, {"regulator_status", string(k.RegulatorStatusAt(now))},
		{"regulator_decision_rationale", k.RegulatorDecisionRationale}, {"regulator_delay_reason", k.RegulatorDelayReason},
		{"restricted", k.Restricted}, {"version", k.Version}, {"created_at", k.CreatedAt}, {"updated_at", k.UpdatedAt},
		{"exported_at", now}, {"exported_by", s.Exporter.Email}, {"exported_by_name", s.Exporter.Name}, {"caseward_version", s.CasewardVersion},
		{"observables_withheld", s.Withheld}, {"observables_red_included", s.RedIncluded},
	}}
	people := table{name: "people.csv", header: []string{"id", "name"}}
	for _, p := range peopleJSON(s.People) {
		people.rows = append(people.rows, []any{p.ID, p.Name})
	}
	susp := table{name: "suspensions.csv", header: []string{"id", "service_id", "service_name", "status", "reason", "decided_by",
		"recorded_by_id", "recorded_by_name", "suspended_at", "baseline_restoration_at", "expected_restoration_at", "restored_at",
		"downtime_seconds", "affected_users_estimate", "impact", "workaround", "milestones_done", "milestones_total", "slipping",
		"plan_status", "replan_count"}}
	miles := table{name: "milestones.csv", header: []string{"id", "suspension_id", "position", "title", "status", "owner_id", "owner_name",
		"baseline_due_at", "due_at", "completed_at"}}
	replans := table{name: "replans.csv", header: []string{"id", "suspension_id", "milestone_id", "kind", "from", "to", "reason",
		"by_id", "by_name", "at"}}
	updates := table{name: "updates.csv", header: []string{"id", "suspension_id", "audience", "body", "corrects_id",
		"expected_restoration_at", "replan_id", "author_id", "author_name", "at"}}
	for _, r := range s.Suspensions {
		sp := suspensionJSON(r, now)
		susp.rows = append(susp.rows, []any{sp.ID, sp.ServiceID, s.Services[sp.ServiceID].Name, sp.Status, sp.Reason, sp.DecidedBy,
			sp.RecordedByID, s.Name(sp.RecordedByID), sp.SuspendedAt, sp.BaselineRestorationAt, sp.ExpectedRestorationAt, sp.RestoredAt,
			sp.DowntimeSeconds, sp.AffectedUsersEstimate, sp.Impact, sp.Workaround, sp.MilestonesDone, sp.MilestonesTotal, sp.Slipping,
			sp.PlanStatus, sp.ReplanCount})
		for _, m := range r.Milestones {
			owner := ""
			if m.OwnerID != nil {
				owner = s.Name(*m.OwnerID)
			}
			miles.rows = append(miles.rows, []any{m.ID, m.SuspensionID, m.Position, m.Title, string(m.Status), m.OwnerID, owner,
				m.BaselineDueAt, m.DueAt, m.CompletedAt})
		}
		for _, x := range r.Replans {
			replans.rows = append(replans.rows, []any{x.ID, x.SuspensionID, x.MilestoneID, string(x.Kind), x.From, x.To, x.Reason,
				x.ByID, s.Name(x.ByID), x.At})
		}
		for _, u := range r.Updates {
			author := u.AuthorName
			if author == "" {
				author = s.Name(u.AuthorID)
			}
			updates.rows = append(updates.rows, []any{u.ID, u.SuspensionID, string(u.Audience), u.Body, u.CorrectsID,
				u.ExpectedRestorationAt, u.ReplanID, u.AuthorID, author, u.At})
		}
	}
	ev := table{name: "evidence.csv", header: []string{"id", "title", "kind", "description", "source", "collected_at", "collected_by_id",
		"collected_by_name", "file_name", "file_size", "sha256", "content_type", "last_verified_at", "last_verified_ok"}}
	cust := table{name: "custody.csv", header: []string{"id", "evidence_id", "action", "actor_id", "actor_name", "from_party", "to_party",
		"location", "purpose", "occurred_at", "time_zone", "note"}}
	for _, r := range s.Evidence {
		e := evidenceJSON(r)
		ev.rows = append(ev.rows, []any{e.ID, e.Title, e.Kind, e.Description, e.Source, e.CollectedAt, e.CollectedByID,
			s.Name(e.CollectedByID), e.FileName, e.FileSize, e.SHA256, e.ContentType, e.LastVerifiedAt, e.LastVerifiedOK})
		for _, x := range r.Custody {
			cust.rows = append(cust.rows, []any{x.ID, x.EvidenceID, string(x.Action), x.ActorID, s.Name(x.ActorID), x.FromParty, x.ToParty,
				x.Location, x.Purpose, x.OccurredAt, x.TimeZone, x.Note})
		}
	}
	notes := table{name: "notes.csv", header: []string{"id", "kind", "author_id", "author_name", "created_at", "body"}}
	for _, n := range s.Notes {
		notes.rows = append(notes.rows, []any{n.ID, string(n.Kind), n.AuthorID, s.Name(n.AuthorID), n.CreatedAt, n.Body})
	}
	chron := chronologyTable(s)
	timeline := table{name: "timeline.csv", header: []string{"seq", "occurred_at", "kind", "action", "actor_email", "actor_name", "summary", "changes"}}
	names := s.Names()
	for _, e := range s.Audit {
		told := narrative.Describe(e, names)
		timeline.rows = append(timeline.rows, []any{e.Seq, e.OccurredAt, TimelineKind(e.Action), e.Action, e.ActorEmail, told.Actor,
			told.Sentence, string(rawChanges(e.Changes))})
	}
	tables := []table{caseTable, people, susp, miles, replans, updates, ev, cust, observablesTable(s), notes, chron, linksTable(s)}
	return append(append(tables, reviewTables(s)...), timeline)
}

// chronologyTable is the incident's story, one entry a row in its order,
// with the titles of the evidence each points to; a retracted entry is kept
// with who retracted it and why.
func chronologyTable(s Snapshot) table {
	t := table{name: "chronology.csv", header: []string{"id", "occurred_at", "recorded_at", "backdated", "kind", "author_id", "author_name",
		"body", "evidence_ids", "evidence_titles", "corrected_at", "corrected_by_name", "retracted_at", "retracted_by_name", "retraction_reason"}}
	titles := s.evidenceTitles()
	for _, e := range s.Chronology {
		ids, names := make([]string, len(e.EvidenceIDs)), make([]string, len(e.EvidenceIDs))
		for i, id := range e.EvidenceIDs {
			ids[i], names[i] = id.String(), titles[id]
		}
		t.rows = append(t.rows, []any{e.ID, e.OccurredAt, e.RecordedAt, e.Backdated(), string(e.Kind), e.AuthorID, s.Name(e.AuthorID),
			e.Body, strings.Join(ids, " "), strings.Join(names, "; "), e.CorrectedAt, s.nameOf(e.CorrectedByID), e.RetractedAt,
			s.nameOf(e.RetractedByID), e.RetractionReason})
	}
	return t
}

// evidenceTitles names the case's evidence items by id.
func (s Snapshot) evidenceTitles() map[uuid.UUID]string {
	out := make(map[uuid.UUID]string, len(s.Evidence))
	for _, e := range s.Evidence {
		out[e.ID] = e.Title
	}
	return out
}

// nameOf names an optional person, "" when there is none.
func (s Snapshot) nameOf(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return s.Name(*id)
}
