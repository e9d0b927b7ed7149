package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// safeCell defuses spreadsheet formula injection: a cell a spreadsheet would
// read as a formula gets a leading apostrophe (OWASP CSV injection).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

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

// CSV renders the case as a zip of CSV files, one per record type: UTF-8, a
// header row, RFC 4180 quoting and CRLF line ends.
func CSV(c Case) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, t := range tables(c) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: t.name, Method: zip.Deflate, Modified: c.ExportedAt})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", t.name, err)
		}
		w := csv.NewWriter(f)
		w.UseCRLF = true
		if err := w.Write(t.header); err != nil {
			return nil, err
		}
		for _, row := range t.rows {
			record := make([]string, len(row))
			for i, v := range row {
				record[i] = cell(v)
			}
			if err := w.Write(record); err != nil {
				return nil, err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("csv %s: %w", t.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}

func tables(c Case) []table {
	k := c.Case
	caseTable := table{name: "case.csv", header: []string{"field", "value"}, rows: [][]any{
		{"reference", k.Reference}, {"title", k.Title}, {"summary", k.Summary}, {"category", string(k.Category)},
		{"severity", string(k.Severity)}, {"status", string(k.Status)}, {"breach_status", string(k.BreachStatus)},
		{"owner_id", k.OwnerId.String()}, {"department_id", k.DepartmentId}, {"detected_at", k.DetectedAt}, {"aware_at", k.AwareAt},
		{"personal_data_involved", k.PersonalDataInvolved}, {"data_subjects_estimate", k.DataSubjectsEstimate},
		{"regulator_notification_due_at", k.RegulatorNotificationDueAt}, {"regulator_notified_at", k.RegulatorNotifiedAt},
		{"regulator_reference", k.RegulatorReference}, {"regulator_status", string(k.RegulatorStatus)},
		{"regulator_decision_rationale", k.RegulatorDecisionRationale}, {"regulator_delay_reason", k.RegulatorDelayReason},
		{"restricted", k.Restricted}, {"version", k.Version}, {"created_at", k.CreatedAt}, {"updated_at", k.UpdatedAt},
		{"exported_at", c.ExportedAt}, {"exported_by", c.Exporter.Email}, {"caseward_version", c.CasewardVersion},
	}}
	susp := table{name: "suspensions.csv", header: []string{"id", "service_id", "status", "reason", "decided_by", "recorded_by_id",
		"suspended_at", "expected_restoration_at", "restored_at", "downtime_seconds", "affected_users_estimate", "impact", "workaround",
		"milestones_done", "milestones_total", "slipping"}}
	miles := table{name: "milestones.csv", header: []string{"id", "suspension_id", "position", "title", "status", "owner_id", "due_at", "completed_at"}}
	for _, s := range c.Suspensions {
		susp.rows = append(susp.rows, []any{s.Id.String(), s.ServiceId.String(), string(s.Status), s.Reason, s.DecidedBy, s.RecordedById.String(),
			s.SuspendedAt, s.ExpectedRestorationAt, s.RestoredAt, s.DowntimeSeconds, s.AffectedUsersEstimate, s.Impact, s.Workaround,
			s.MilestonesDone, s.MilestonesTotal, s.Slipping})
		for _, m := range s.Milestones {
			miles.rows = append(miles.rows, []any{m.Id.String(), m.SuspensionId.String(), m.Position, m.Title, string(m.Status), m.OwnerId, m.DueAt, m.CompletedAt})
		}
	}
	ev := table{name: "evidence.csv", header: []string{"id", "title", "kind", "description", "source", "collected_at", "collected_by_id",
		"file_name", "file_size", "sha256", "content_type", "last_verified_at", "last_verified_ok"}}
	cust := table{name: "custody.csv", header: []string{"id", "evidence_id", "action", "actor_id", "from_party", "to_party", "location",
		"purpose", "occurred_at", "time_zone", "note"}}
	for _, e := range c.Evidence {
		ev.rows = append(ev.rows, []any{e.Id.String(), e.Title, string(e.Kind), e.Description, e.Source, e.CollectedAt, e.CollectedById.String(),
			e.FileName, e.FileSize, e.Sha256, e.ContentType, e.LastVerifiedAt, e.LastVerifiedOk})
		for _, x := range e.Custody {
			cust.rows = append(cust.rows, []any{x.Id.String(), x.EvidenceId.String(), string(x.Action), x.ActorId.String(), x.FromParty, x.ToParty,
				x.Location, x.Purpose, x.OccurredAt, x.TimeZone, x.Note})
		}
	}
	notes := table{name: "notes.csv", header: []string{"id", "kind", "author_id", "created_at", "body"}}
	for _, n := range c.Notes {
		notes.rows = append(notes.rows, []any{n.Id.String(), string(n.Kind), n.AuthorId.String(), n.CreatedAt, n.Body})
	}
	timeline := table{name: "timeline.csv", header: []string{"seq", "occurred_at", "kind", "action", "actor_email", "changes"}}
	for _, t := range c.Timeline {
		timeline.rows = append(timeline.rows, []any{t.Seq, t.OccurredAt, string(t.Kind), t.Action, t.ActorEmail, t.Changes})
	}
	auditT := table{name: "audit_events.csv", header: AuditHeader}
	for _, a := range c.AuditEvents {
		auditT.rows = append(auditT.rows, AuditRow(a))
	}
	return []table{caseTable, susp, miles, ev, cust, notes, timeline, auditT}
}
