package export

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/restoration"
)

// Snapshot is everything one export of a case holds, in the domain's own
// types, read in one read-only transaction so that a signed file is one
// consistent state of the case. Every renderer (JSON, CSV, PDF) reads it.
type Snapshot struct {
	ExportedAt      time.Time // truncated to the second; also "now" for derived values
	Exporter        Exporter
	CasewardVersion string
	// KeyID and KeyFingerprint name the key that signs the export (the
	// fingerprint: lowercase hex SHA-256 of the raw Ed25519 public key), so
	// that the PDF can tell its reader which key to check it against.
	KeyID          string
	KeyFingerprint string

	Case       cases.Case
	Department *directory.Department // the case's department, if it has one
	// People names everyone the case names by user id: owner, members, note
	// authors, suspension recorders, milestone owners, re-planners, update
	// authors, collectors, custody actors and audit actors.
	People map[uuid.UUID]string
	// Services are those the suspensions name, by id.
	Services    map[uuid.UUID]directory.Service
	Suspensions []SuspensionRecord // oldest first
	Evidence    []EvidenceItem     // oldest first
	Notes       []cases.Note       // oldest first, every note in full
	// Chronology is the incident's story in its order (occurred_at, then
	// recorded_at), corrected entries as they now read, retracted ones kept.
	Chronology []chronology.Entry
	Links      []links.Listed // oldest first; only those to cases the exporter may see
	// Review is the post-incident review, nil when none was written; Phases
	// are the phase durations it is read with, as of ExportedAt.
	Review *cases.Review
	Phases figures.Phases
	// Audit is the case's audit trail, oldest first (ascending seq): the
	// export's own row is among them. Unless RedIncluded, the events about a
	// withheld TLP:RED observable have their changes withheld (withholdRed).
	Audit []audit.Event
	// Observables are the case's observables, oldest first; the TLP:RED
	// ones only when RedIncluded (the exporter asked for them), else
	// Withheld counts those left out.
	Observables []observables.Observable
	RedIncluded bool
	Withheld    int
}

// Exporter is who made the export.
type Exporter struct {
	ID    uuid.UUID
	Email string
	Name  string
}

// SuspensionRecord is a suspension with its milestones (by position), the
// re-plans of its dates and the updates posted on it (oldest first).
type SuspensionRecord struct {
	restoration.Suspension
	Milestones []restoration.Milestone
	Replans    []restoration.Replan
	Updates    []restoration.Update
}

// EvidenceItem is an item with its whole chain of custody, oldest first.
type EvidenceItem struct {
	evidence.Item
	Custody []evidence.CustodyEvent
}

// Name returns the name of the person with id, or "a former user" when the
// snapshot does not know them (never an id: a report is for people).
func (s Snapshot) Name(id uuid.UUID) string {
	if n, ok := s.People[id]; ok && n != "" {
		return n
	}
	return "a former user"
}
