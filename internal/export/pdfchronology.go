package export

import (
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/chronology"
)

// chronology prints the incident's story as the team recorded it, in the
// order things happened: each entry's time, kind and author, how much later
// it was written down when it was backdated, its text in full, the evidence
// it points to, and its last correction. A retracted entry is kept, marked,
// with who retracted it, when and why.
func (r report) chronology() {
	r.heading("Chronology")
	r.font(sans, "", 10)
	if len(r.s.Chronology) == 0 {
		r.text("No chronology entry was recorded on this case.", 5)
		return
	}
	r.text("The incident as the team recorded it, in the order things happened. Earlier versions of "+
		"corrected entries are in the case history and the audit trail.", 5)
	r.p.Ln(1)
	titles := r.s.evidenceTitles()
	rows := make([][]string, 0, len(r.s.Chronology))
	for _, e := range r.s.Chronology {
		rows = append(rows, []string{stamp(e.OccurredAt), label(e.Kind), r.who(e.AuthorID), r.entryState(e), r.entryText(e, titles)})
	}
	r.table([]column{{"When", 36, false}, {"Kind", 26, false}, {"Recorded by", 40, false}, {"Record", textW - 102, false}}, rows)
}

// entryState says when an entry was recorded and what became of it.
func (r report) entryState(e chronology.Entry) string {
	var parts []string
	if e.Retracted() {
		parts = append(parts, "RETRACTED "+stamp(*e.RetractedAt)+" by "+r.s.Name(*e.RetractedByID))
	}
	if e.Backdated() {
		parts = append(parts, "Recorded "+duration(e.RecordedAt.Sub(e.OccurredAt))+" later, "+stamp(e.RecordedAt))
	} else {
		parts = append(parts, "Recorded "+stamp(e.RecordedAt))
	}
	if e.CorrectedAt != nil && e.CorrectedByID != nil {
		parts = append(parts, "Corrected "+stamp(*e.CorrectedAt)+" by "+r.s.Name(*e.CorrectedByID))
	}
	return strings.Join(parts, "\n")
}

// entryText is an entry's text in full, the evidence it points to, and the
// reason it was retracted.
func (r report) entryText(e chronology.Entry, titles map[uuid.UUID]string) string {
	text := e.Body
	if len(e.EvidenceIDs) > 0 {
		names := make([]string, len(e.EvidenceIDs))
		for i, id := range e.EvidenceIDs {
			names[i] = valueOr(titles[id], "an evidence item")
		}
		text += "\nEvidence: " + strings.Join(names, "; ")
	}
	if e.Retracted() {
		text += "\nRetracted because: " + e.RetractionReason
	}
	return text
}
