package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// PDF renders a readable case report: cover, regulator section, suspensions
// with their milestones and downtime, evidence with custody, the timeline, and
// page numbers.
func PDF(s Snapshot) ([]byte, error) {
	c := NewContent(s)
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("") // UTF-8 → the core fonts' code page
	r := report{pdf: p, tr: tr}
	p.SetTitle(tr(c.Case.Reference+" "+c.Case.Title), false)
	p.SetCreator("Caseward "+c.CasewardVersion, false)
	p.SetCreationDate(c.ExportedAt)
	p.SetModificationDate(c.ExportedAt)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("Helvetica", "", 8)
		p.SetTextColor(110, 110, 110)
		p.CellFormat(0, 6, tr(fmt.Sprintf("%s · exported %s by %s", c.Case.Reference, stamp(c.ExportedAt), c.Exporter.Email)), "", 0, "L", false, 0, "")
		p.CellFormat(0, 6, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.SetMargins(18, 18, 18)
	p.SetAutoPageBreak(true, 18)
	p.AddPage()

	k := c.Case
	p.SetFont("Helvetica", "B", 24)
	p.CellFormat(0, 12, tr(k.Reference), "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "", 14)
	p.MultiCell(0, 7, tr(k.Title), "", "L", false)
	p.Ln(4)
	r.pairs([][2]string{
		{"Status", string(k.Status)}, {"Severity", string(k.Severity)}, {"Category", string(k.Category)},
		{"Breach status", string(k.BreachStatus)}, {"Detected", stamp(k.DetectedAt)}, {"Aware", stamp(k.AwareAt)},
		{"Opened", stamp(k.CreatedAt)}, {"Last updated", stamp(k.UpdatedAt)}, {"Restricted", yesNo(k.Restricted)},
	})
	if k.Summary != "" {
		r.heading("Summary")
		r.text(k.Summary)
	}

	r.heading("Regulator (UK GDPR / GDPR Art. 33)")
	r.pairs([][2]string{
		{"Personal data involved", yesNo(k.PersonalDataInvolved)}, {"Data subjects (estimate)", optInt(k.DataSubjectsEstimate)},
		{"Notification due", optTime(k.RegulatorNotificationDueAt)}, {"Status", string(k.RegulatorStatus)},
		{"Notified", optTime(k.RegulatorNotifiedAt)}, {"Regulator reference", k.RegulatorReference},
		{"Decision not to notify", k.RegulatorDecisionRationale}, {"Reason for delay", k.RegulatorDelayReason},
	})

	r.heading(fmt.Sprintf("Suspensions (%d)", len(c.Suspensions)))
	if len(c.Suspensions) == 0 {
		r.text("No service was suspended.")
	}
	names := map[string]string{}
	for _, svc := range c.Services {
		names[svc.ID.String()] = svc.Name
	}
	for _, s := range c.Suspensions {
		r.subheading(fmt.Sprintf("%s: %s", valueOr(names[s.ServiceID.String()], s.ServiceID.String()), s.Status))
		downtime := "still down"
		if d := s.DowntimeSeconds; d != nil {
			downtime = (time.Duration(*d) * time.Second).Round(time.Minute).String()
		}
		r.pairs([][2]string{
			{"Reason", s.Reason}, {"Decided by", s.DecidedBy}, {"Suspended", stamp(s.SuspendedAt)},
			{"Expected back", optTime(s.ExpectedRestorationAt)}, {"Restored", optTime(s.RestoredAt)}, {"Downtime", downtime},
			{"Progress", fmt.Sprintf("%d of %d milestones done", s.MilestonesDone, s.MilestonesTotal)},
		})
		rows := make([][]string, 0, len(s.Milestones))
		for _, m := range s.Milestones {
			rows = append(rows, []string{fmt.Sprint(m.Position), m.Title, string(m.Status), optTime(m.DueAt), optTime(m.CompletedAt)})
		}
		r.table([]string{"#", "Milestone", "Status", "Due", "Completed"}, []float64{8, 70, 24, 36, 36}, rows)
	}

	r.heading(fmt.Sprintf("Evidence (%d)", len(c.Evidence)))
	if len(c.Evidence) == 0 {
		r.text("No evidence was recorded.")
	}
	for _, e := range c.Evidence {
		r.subheading(e.Title)
		r.pairs([][2]string{
			{"Kind", string(e.Kind)}, {"Collected", stamp(e.CollectedAt)}, {"Source", e.Source},
			{"File", optString(e.FileName)}, {"Size (bytes)", optInt(e.FileSize)}, {"SHA-256", optString(e.SHA256)},
		})
		rows := make([][]string, 0, len(e.Custody))
		for _, x := range e.Custody {
			rows = append(rows, []string{stamp(x.OccurredAt), string(x.Action), strings.Trim(x.FromParty+" -> "+x.ToParty, " ->"), x.Location, x.Purpose})
		}
		r.table([]string{"When (UTC)", "Action", "From -> to", "Location", "Purpose"}, []float64{34, 22, 50, 34, 34}, rows)
	}

	r.heading(fmt.Sprintf("Timeline (%d events)", len(c.Timeline)))
	rows := make([][]string, 0, len(c.Timeline))
	for _, t := range c.Timeline { // oldest first reads best on paper
		rows = append(rows, []string{stamp(t.OccurredAt), t.Action, optString(t.ActorEmail), describe(t.Changes)})
	}
	r.table([]string{"When (UTC)", "What", "Who", "Details"}, []float64{34, 30, 40, 70}, rows)

	r.heading("Integrity")
	r.text(fmt.Sprintf("This report lists %d audit events of the case. The JSON export of the same case carries every "+
		"event with its seq, prev_hash and hash, and every export is signed with the server's Ed25519 key "+
		"(see docs/exports.md).", len(c.AuditEvents)))

	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return buf.Bytes(), nil
}

type report struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

func (r report) heading(s string) {
	r.pdf.Ln(5)
	r.pdf.SetFont("Helvetica", "B", 14)
	r.pdf.SetTextColor(30, 50, 110)
	r.pdf.CellFormat(0, 8, r.tr(s), "B", 1, "L", false, 0, "")
	r.pdf.SetTextColor(0, 0, 0)
	r.pdf.Ln(2)
}

func (r report) subheading(s string) {
	r.pdf.Ln(2)
	r.pdf.SetFont("Helvetica", "B", 11)
	r.pdf.MultiCell(0, 6, r.tr(s), "", "L", false)
}

func (r report) text(s string) {
	r.pdf.SetFont("Helvetica", "", 10)
	r.pdf.MultiCell(0, 5, r.tr(s), "", "L", false)
}

func (r report) pairs(rows [][2]string) {
	for _, kv := range rows {
		if kv[1] == "" {
			continue
		}
		r.pdf.SetFont("Helvetica", "B", 10)
		r.pdf.CellFormat(50, 5.5, r.tr(kv[0]), "", 0, "L", false, 0, "")
		r.pdf.SetFont("Helvetica", "", 10)
		r.pdf.MultiCell(0, 5.5, r.tr(kv[1]), "", "L", false)
	}
}

func (r report) table(header []string, widths []float64, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	p := r.pdf
	p.Ln(1)
	p.SetFont("Helvetica", "B", 8.5)
	p.SetFillColor(232, 236, 246)
	for i, h := range header {
		p.CellFormat(widths[i], 6, r.tr(h), "1", 0, "L", true, 0, "")
	}
	p.Ln(-1)
	p.SetFont("Helvetica", "", 8.5)
	for _, row := range rows {
		lines := 1
		for i, v := range row {
			if n := len(p.SplitLines([]byte(r.tr(v)), widths[i]-2)); n > lines {
				lines = n
			}
		}
		height := float64(lines) * 4.5
		if p.GetY()+height > 279-18 {
			p.AddPage()
		}
		x, y := p.GetXY()
		for i, v := range row {
			p.Rect(x, y, widths[i], height, "D")
			p.MultiCell(widths[i], 4.5, r.tr(v), "", "L", false)
			x += widths[i]
			p.SetXY(x, y)
		}
		p.SetXY(18, y+height)
	}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func optTime(t *time.Time) string {
	if t != nil {
		return stamp(*t)
	}
	return ""
}

func optString(s *string) string {
	if s != nil {
		return *s
	}
	return ""
}

func optInt(v *int64) string {
	if v != nil {
		return fmt.Sprint(*v)
	}
	return ""
}

// describe renders changes as "field: old -> new; …" for the report (the PDF
// core fonts have no arrow).
func describe(raw []byte) string {
	var changes map[string][]any
	_ = json.Unmarshal(raw, &changes) // an event's changes are a JSON object; a stray one shows as none
	var parts []string
	for field, v := range changes {
		if len(v) != 2 {
			continue
		}
		if v[0] == nil {
			parts = append(parts, fmt.Sprintf("%s: %v", field, v[1]))
		} else {
			parts = append(parts, fmt.Sprintf("%s: %v -> %v", field, v[0], v[1]))
		}
	}
	slices.Sort(parts)
	s := strings.Join(parts, "; ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
