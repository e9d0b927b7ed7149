package export

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/links"
)

// LinkJSON is one link of the case to another case the exporter may see,
// worded from the exported case (relation) with the other case's reference,
// title and status. Links to cases the exporter may not see are not in the
// export at all. Who made a link is in the audit log, not here: the case's
// people (which name every person an export refers to) do not include them.
type LinkJSON struct {
	ID             uuid.UUID `json:"id"`
	Kind           string    `json:"kind"`
	Relation       string    `json:"relation"`
	FromCaseID     uuid.UUID `json:"from_case_id"`
	ToCaseID       uuid.UUID `json:"to_case_id"`
	OtherCaseID    uuid.UUID `json:"other_case_id"`
	OtherReference string    `json:"other_reference"`
	OtherTitle     string    `json:"other_title"`
	OtherStatus    string    `json:"other_status"`
	CreatedAt      time.Time `json:"created_at"`
}

// relationWords words a relation for the PDF: "Duplicate of".
var relationWords = map[links.Relation]string{
	links.RelatedTo: "Related to", links.IsDuplicate: "Duplicate of", links.HasDuplicate: "Has duplicate",
	links.WasCausedBy: "Caused by", links.Caused: "Caused",
}

func linksJSON(s Snapshot) []LinkJSON {
	out := make([]LinkJSON, len(s.Links))
	for i, l := range s.Links {
		out[i] = LinkJSON{ID: l.ID, Kind: string(l.Kind), Relation: string(l.RelationFrom(s.Case.ID)), FromCaseID: l.FromCaseID,
			ToCaseID: l.ToCaseID, OtherCaseID: l.Other.ID, OtherReference: l.Other.Reference, OtherTitle: l.Other.Title,
			OtherStatus: string(l.Other.Status), CreatedAt: l.CreatedAt}
	}
	return out
}

// linksTable is links.csv.
func linksTable(s Snapshot) table {
	t := table{name: "links.csv", header: []string{"id", "kind", "relation", "other_case_id", "other_reference", "other_title",
		"other_status", "created_at"}}
	for _, l := range linksJSON(s) {
		t.rows = append(t.rows, []any{l.ID, l.Kind, l.Relation, l.OtherCaseID, l.OtherReference, l.OtherTitle, l.OtherStatus, l.CreatedAt})
	}
	return t
}

// linkedCases lists the cases linked to this one that the exporter may see.
func (r report) linkedCases() {
	r.heading("Linked cases")
	if len(r.s.Links) == 0 {
		r.font(sans, "", 10)
		r.text("No linked case.", 5)
		return
	}
	rows := make([][]string, 0, len(r.s.Links))
	for _, l := range r.s.Links {
		rows = append(rows, []string{relationWords[l.RelationFrom(r.s.Case.ID)], l.Other.Reference, l.Other.Title, label(l.Other.Status)})
	}
	r.table([]column{{"Link", 30, false}, {"Case", 32, false}, {"Title", textW - 92, false}, {"Status", 30, false}}, rows)
}
