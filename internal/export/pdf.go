package export

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/narrative"
)

// PDF renders a case report a regulator or an auditor can read without
// Caseward: the case at a glance, the people on it, the incident's
// chronology as the team recorded it, the case's history told from its audit
// trail, every note in full, the post-incident review with the phase
// durations, the regulator notification, suspensions with their plans,
// evidence with its whole chain of custody, the observables (TLP:RED ones
// only when the exporter included them), the anchor of the audit chain, and
// a last page on how to verify the signed file.
func PDF(s Snapshot) ([]byte, error) {
	d := newDoc()
	p := d.p
	k := s.Case
	p.SetTitle(clean(k.Reference+" "+k.Title), true)
	p.SetSubject("Case report", true)
	p.SetCreator("Caseward "+s.CasewardVersion, true)
	p.SetCreationDate(s.ExportedAt)
	p.SetModificationDate(s.ExportedAt)
	p.AddPage()

	r := report{doc: d, s: s}
	r.cover()
	r.people()
	r.chronology()
	r.history()
	r.notes()
	r.linkedCases()
	r.review()
	r.regulator()
	r.suspensions()
	r.evidence()
	r.observablesPart()
	r.anchor()
	r.verification()
	d.footers(visual(fmt.Sprintf("%s · exported %s by %s", k.Reference, stamp(s.ExportedAt), s.exporter()), false))

	var w deflateWriter
	if err := p.Output(&w); err != nil {
		return nil, fmt.Errorf("render pdf of %s: %w", k.Reference, err)
	}
	return w.pdf, nil
}

// report is one PDF being written from a snapshot.
type report struct {
	*doc
	s Snapshot
}

// who names a person where the name stands alone (a value, a cell), so
// starts with a capital: "A former user".
func (r report) who(id uuid.UUID) string {
	n := r.s.Name(id)
	if n == "a former user" {
		return "A former user"
	}
	return n
}

// exporter names who made the export.
func (s Snapshot) exporter() string {
	if s.Exporter.Name != "" {
		return s.Exporter.Name
	}
	if s.Exporter.Email != "" {
		return s.Exporter.Email
	}
	return s.Name(s.Exporter.ID)
}

// cover is the case at a glance: what, how bad, when, whose, and what the
// report holds.
func (r report) cover() {
	k := r.s.Case
	r.p.Bookmark("Summary", 0, -1)
	r.font(sans, "", 10)
	r.grey()
	r.p.CellFormat(textW, 5, "Incident case report", "", 1, "L", false, 0, "")
	r.black()
	r.font(sans, "B", 22)
	r.p.CellFormat(textW, 11, clean(k.Reference), "", 1, "L", false, 0, "")
	r.font(sans, "", 14)
	r.text(k.Title, 6.5)
	r.p.Ln(4)
	department := "None"
	if r.s.Department != nil {
		department = r.s.Department.Name
	}
	access := "Everyone who may read cases"
	if k.Restricted {
		access = "Restricted to the case's owner and members"
	}
	r.pairs([]pair{
		{label: "Status", value: label(k.Status)},
		{label: "Severity", value: label(k.Severity)},
		{label: "Category", value: label(k.Category)},
		{label: "Breach status", value: label(k.BreachStatus)},
		{label: "Regulator notification", value: label(k.RegulatorStatusAt(r.s.ExportedAt))},
		{label: "Detected", value: stamp(k.DetectedAt)},
		{label: "Became aware", value: stamp(k.AwareAt)},
		{label: "Opened", value: stamp(k.CreatedAt)},
		{label: "Last updated", value: stamp(k.UpdatedAt)},
		{label: "Owner", value: r.who(k.OwnerID)},
		{label: "Department", value: department},
		{label: "Access", value: access},
	})
	if k.Summary != "" {
		r.subheading("Summary", false)
		r.font(sans, "", 10)
		r.text(k.Summary, 5)
	}
	r.subheading("About this report", false)
	r.font(sans, "", 10)
	r.text(fmt.Sprintf("Exported %s by %s with Caseward %s. It holds %s, %s, %s, %s and %s of the case, "+
		"as they stood at that moment. The file is signed: the last page says how to check that it is "+
		"exactly the file Caseward produced.%s", stamp(r.s.ExportedAt), r.s.exporter(), r.s.CasewardVersion,
		plural(len(r.s.Chronology), "chronology entry", "chronology entries")+", "+plural(len(r.s.Notes), "note", "notes"), plural(len(r.s.Suspensions), "suspension", "suspensions"),
		plural(len(r.s.Evidence), "evidence item", "evidence items"), plural(len(r.s.Observables), "observable", "observables"),
		plural(len(r.s.Audit), "audit event", "audit events"), r.redNote()), 5)
}

// history tells the audit trail, oldest first, one sentence an event.
func (r report) history() {
	r.heading("Case history")
	if len(r.s.Audit) == 0 {
		r.font(sans, "", 10)
		r.text("The audit trail holds no event of this case.", 5)
		return
	}
	names := r.s.Names()
	rows := make([][]string, 0, len(r.s.Audit))
	for _, e := range r.s.Audit {
		en := narrative.Describe(e, names)
		rows = append(rows, []string{stamp(e.OccurredAt), en.Actor, en.Sentence})
	}
	r.table([]column{{"When", 34, false}, {"Who", 40, false}, {"What", textW - 74, false}}, rows)
}

// notes prints every note in full, numbered for the decisions to refer to.
func (r report) notes() {
	r.heading("Notes")
	if len(r.s.Notes) == 0 {
		r.font(sans, "", 10)
		r.text("No note was written on this case.", 5)
		return
	}
	for i, n := range r.s.Notes {
		r.p.Ln(3)
		r.font(sans, "B", 9.5)
		head := fmt.Sprintf("%d. %s by %s", i+1, label(n.Kind), r.s.Name(n.AuthorID))
		lines := r.wrap(head, r.wrapWidth(textW-45))
		r.room(float64(len(lines))*5 + 3*4.8)
		r.font(sans, "", 8.5)
		r.grey()
		r.p.SetX(pageW - margin - 45)
		r.p.CellFormat(45, 5, stamp(n.CreatedAt), "", 0, "R", false, 0, "")
		r.black()
		r.font(sans, "B", 9.5)
		for _, l := range lines {
			r.draw(margin, textW-45, 5, l, false)
			r.p.Ln(5)
		}
		r.font(sans, "", 9.5)
		r.text(n.Body, 4.8)
	}
}

// regulator is the notification duty (GDPR Art. 33): what was due, what
// was done, and the reasons recorded for not notifying or notifying late.
func (r report) regulator() {
	k := r.s.Case
	r.heading("Decisions and regulator notification")
	due := "Not required: no personal data is involved"
	if d := k.NotificationDueAt(); d != nil {
		due = stamp(*d) + " (72 hours after becoming aware)"
	}
	subjects := ""
	if k.DataSubjectsEstimate != nil {
		subjects = thousands(*k.DataSubjectsEstimate)
	}
	late := ""
	if k.NotifiedLate() {
		late = "Yes, " + duration(k.RegulatorNotifiedAt.Sub(*k.NotificationDueAt())) + " after the deadline"
	}
	r.pairs([]pair{
		{label: "Personal data involved", value: yesNo(k.PersonalDataInvolved)},
		{label: "Data subjects (estimate)", value: subjects},
		{label: "Notification due", value: due},
		{label: "Status", value: label(k.RegulatorStatusAt(r.s.ExportedAt))},
		{label: "Regulator notified", value: stampPtr(k.RegulatorNotifiedAt, "Not recorded")},
		{label: "Regulator's reference", value: k.RegulatorReference},
		{label: "Notified late", value: late},
		{label: "Decision not to notify", value: k.RegulatorDecisionRationale},
		{label: "Reason for the delay", value: k.RegulatorDelayReason},
	})
	var decisions [][]string
	for i, n := range r.s.Notes {
		if n.Kind == cases.NoteDecision {
			decisions = append(decisions, []string{fmt.Sprintf("Note %d", i+1), stamp(n.CreatedAt), r.who(n.AuthorID)})
		}
	}
	r.subheading("Decisions recorded", false)
	r.font(sans, "", 10)
	if len(decisions) == 0 {
		r.text("No note was recorded as a decision.", 5)
		return
	}
	r.text(fmt.Sprintf("%s recorded as decisions, printed in full under Notes:", plural(len(decisions), "note was", "notes were")), 5)
	r.table([]column{{"Note", 24, false}, {"Written", 45, false}, {"By", textW - 69, false}}, decisions)
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// redNote tells the cover's reader about TLP:RED observables: how many the
// export left out, or that it holds some.
func (r report) redNote() string {
	switch {
	case r.s.Withheld > 0:
		return " " + plural(r.s.Withheld, "TLP:RED observable was", "TLP:RED observables were") + " withheld from it."
	case r.s.RedIncluded && hasRed(r.s.Observables):
		return " It holds TLP:RED observables, for its named recipients only."
	}
	return ""
}
