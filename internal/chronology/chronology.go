// Package chronology is an incident's story as the team tells it: what
// happened and when, written down when it could be, corrected with a reason
// and retracted rather than deleted, so that an auditor can trust it.
package chronology

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
)

// Kind says what part of the response an entry tells.
type Kind string

// The kinds of entry, after the phases of NIST SP 800-61r2 plus the team's
// communications and decisions.
const (
	Detection     Kind = "detection"
	Containment   Kind = "containment"
	Eradication   Kind = "eradication"
	Recovery      Kind = "recovery"
	Communication Kind = "communication"
	Decision      Kind = "decision"
	Other         Kind = "other"
)

// Kinds lists every kind, in the order the response usually runs.
var Kinds = []Kind{Detection, Containment, Eradication, Recovery, Communication, Decision, Other}

// Limits of an entry. A case's chronology is read whole (the case page, every
// export), so it is capped like its notes.
const (
	MaxEntriesPerCase = 2000
	MaxBody           = 10000 // characters
	MaxReason         = 1000  // characters
	MaxEvidence       = 20    // evidence items one entry may point to
	// ClockSkew is how far in the future an occurred_at may lie: a client's
	// clock a little ahead of the server's.
	ClockSkew = 5 * time.Minute
	// Lookback is how long before its case was opened an entry may have
	// occurred: an intrusion found today may have started years ago, but
	// not decades.
	Lookback = 10 * 365 * 24 * time.Hour
	// LateAfter is how long after it occurred an entry may be recorded and
	// still not count as backdated.
	LateAfter = time.Hour
)

// Entry is one event of the incident's story.
type Entry struct {
	ID               uuid.UUID
	CaseID           uuid.UUID
	Kind             Kind
	OccurredAt       time.Time // when it happened (UTC)
	RecordedAt       time.Time // when it was written down; set by the server, never changed
	AuthorID         uuid.UUID
	Body             string
	EvidenceIDs      []uuid.UUID // evidence of the same case, sorted
	CorrectedAt      *time.Time  // the last correction, if any
	CorrectedByID    *uuid.UUID
	RetractedAt      *time.Time // set once, when retracted; the entry is kept
	RetractedByID    *uuid.UUID
	RetractionReason string
	Version          int64
}

// Backdated reports whether the entry was written down more than LateAfter
// after it happened.
func (e Entry) Backdated() bool { return e.RecordedAt.Sub(e.OccurredAt) > LateAfter }

// Retracted reports whether the entry was withdrawn.
func (e Entry) Retracted() bool { return e.RetractedAt != nil }

// Draft is a new entry as the author gives it.
type Draft struct {
	Kind        Kind
	OccurredAt  time.Time
	Body        string
	EvidenceIDs []uuid.UUID
}

// Correction changes some of an entry's fields (nil: unchanged), with the
// reason the audit trail keeps.
type Correction struct {
	Kind        *Kind
	OccurredAt  *time.Time
	Body        *string
	EvidenceIDs *[]uuid.UUID
	Reason      string
}

// Store is what the chronology needs from the database. Entries are read
// through their case's scoped read (cases.Visible).
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	cases.Reader
	// CreateChronologyEntry inserts e with its evidence links.
	CreateChronologyEntry(ctx context.Context, e Entry) error
	// ChronologyEntryCase returns the case an entry belongs to (NotFound for
	// no such entry), to be read in the caller's scope before the entry.
	ChronologyEntryCase(ctx context.Context, id uuid.UUID) (uuid.UUID, error)
	// ChronologyEntry returns one entry of the case v.
	ChronologyEntry(ctx context.Context, v cases.Visible, id uuid.UUID) (Entry, error)
	// UpdateChronologyEntry stores e (and its evidence links) if its version
	// is still version, and returns it as stored.
	UpdateChronologyEntry(ctx context.Context, e Entry, version int64) (Entry, error)
	// CaseChronology returns every entry of the case v, by occurred_at, then
	// recorded_at, then id, in two queries whatever their number.
	CaseChronology(ctx context.Context, v cases.Visible) ([]Entry, error)
	CountChronology(ctx context.Context, v cases.Visible) (int, error)
	// CaseEvidenceIDs reports which of ids are evidence of the case v.
	CaseEvidenceIDs(ctx context.Context, v cases.Visible, ids []uuid.UUID) (map[uuid.UUID]bool, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}
