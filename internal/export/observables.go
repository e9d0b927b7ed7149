package export

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/observables"
)

// ObservableJSON is an observable as a case export holds it: as the API
// shows it, without sightings (which depend on who reads them).
type ObservableJSON struct {
	ID          uuid.UUID   `json:"id"`
	CaseID      uuid.UUID   `json:"case_id"`
	Type        string      `json:"type"`
	Value       string      `json:"value"`
	TLP         string      `json:"tlp"`
	PAP         string      `json:"pap"`
	IOC         bool        `json:"ioc"`
	Tags        []string    `json:"tags"`
	Description string      `json:"description"`
	Source      string      `json:"source"`
	FirstSeenAt *time.Time  `json:"first_seen_at"`
	LastSeenAt  *time.Time  `json:"last_seen_at"`
	EvidenceIDs []uuid.UUID `json:"evidence_ids"`
	CreatedByID uuid.UUID   `json:"created_by_id"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	Version     int64       `json:"version"`
}

// withholdRed leaves the TLP:RED observables out of s unless includeRed, and
// with them what the case's audit events say of them (their changes become
// narrative.WithheldChanges), so that no red value reaches the file by
// another way. A deleted observable is red when the trail last labelled it
// so. s then says how many observables it left out.
func withholdRed(s *Snapshot, includeRed bool) {
	s.RedIncluded = includeRed
	if includeRed {
		return
	}
	red := map[string]bool{}
	kept := make([]observables.Observable, 0, len(s.Observables))
	for _, o := range s.Observables {
		if o.TLP == observables.TLPRed {
			red[o.ID.String()] = true
			s.Withheld++
			continue
		}
		kept = append(kept, o)
	}
	present := make(map[string]bool, len(s.Observables))
	for _, o := range s.Observables {
		present[o.ID.String()] = true
	}
	for id, tlp := range lastLabels(s.Audit) {
		if !present[id] && tlp == string(observables.TLPRed) {
			red[id] = true
		}
	}
	s.Observables = kept
	if len(red) == 0 {
		return
	}
	events := slices.Clone(s.Audit)
	for i, e := range events {
		if e.EntityType == "observable" && red[e.EntityID] {
			events[i].Changes = json.RawMessage(narrative.WithheldChanges)
		}
	}
	s.Audit = events
}

// lastLabels is each observable's TLP as the trail last recorded it: the new
// label of its latest change, or the one it had when it was removed.
func lastLabels(events []audit.Event) map[string]string {
	out := map[string]string{}
	for _, e := range events {
		if e.EntityType != "observable" {
			continue
		}
		tlp, ok := audit.DecodeChanges(e.Changes)["tlp"]
		if !ok {
			continue
		}
		label := tlp[1]
		if e.Action == "observable.delete" {
			label = tlp[0]
		}
		if l, ok := label.(string); ok {
			out[e.EntityID] = l
		}
	}
	return out
}

func observablesJSON(os []observables.Observable) []ObservableJSON {
	out := make([]ObservableJSON, len(os))
	for i, o := range os {
		tags, ids := o.Tags, o.EvidenceIDs
		if tags == nil {
			tags = []string{}
		}
		if ids == nil {
			ids = []uuid.UUID{}
		}
		out[i] = ObservableJSON{ID: o.ID, CaseID: o.CaseID, Type: string(o.Type), Value: o.Value, TLP: string(o.TLP), PAP: string(o.PAP),
			IOC: o.IOC, Tags: tags, Description: o.Description, Source: o.Source, FirstSeenAt: o.FirstSeenAt, LastSeenAt: o.LastSeenAt,
			EvidenceIDs: ids, CreatedByID: o.CreatedByID, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version}
	}
	return out
}

// observablesTable is observables.csv: one observable a row, oldest first,
// with the titles of the evidence it was found in.
func observablesTable(s Snapshot) table {
	t := table{name: "observables.csv", header: []string{"id", "type", "value", "tlp", "pap", "ioc", "tags", "description", "source",
		"first_seen_at", "last_seen_at", "evidence_ids", "evidence_titles", "created_by_id", "created_by_name", "created_at", "updated_at",
		"version"}}
	titles := s.evidenceTitles()
	for _, o := range s.Observables {
		ids, names := make([]string, len(o.EvidenceIDs)), make([]string, len(o.EvidenceIDs))
		for i, id := range o.EvidenceIDs {
			ids[i], names[i] = id.String(), titles[id]
		}
		t.rows = append(t.rows, []any{o.ID, string(o.Type), o.Value, string(o.TLP), string(o.PAP), o.IOC, strings.Join(o.Tags, "; "),
			o.Description, o.Source, o.FirstSeenAt, o.LastSeenAt, strings.Join(ids, " "), strings.Join(names, "; "), o.CreatedByID,
			s.Name(o.CreatedByID), o.CreatedAt, o.UpdatedAt, o.Version})
	}
	return t
}
