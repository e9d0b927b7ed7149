// Package cases is the incident record: its fields, the status workflow, the
// regulator clock, notes, and the use cases that change them.
//
// Need-to-know is in the types. A case's records (notes, timeline,
// suspensions, evidence, the people it names, everything an export reads)
// are read by passing a Visible, which only a scoped read of the case makes:
// See, in the caller's Scope, or SeeAsSystem, for jobs that act for Caseward
// itself. So a read that skips the scope check does not compile, and the zero
// Visible reads nothing (ErrNotSeen). Records read by their own id
// (a suspension, an evidence item) apply the scope in their own query.
package cases

import (
	"time"

	"github.com/google/uuid"
)

// Category says what kind of incident a case is.
type Category string

// Categories lists the valid categories.
var Categories = []Category{"malware", "unauthorised_access", "data_leak", "vulnerability", "phishing", "denial_of_service", "other"}

// Severity ranks a case; Rank orders them.
type Severity string

// Severities lists the severities from least to most severe.
var Severities = []Severity{"low", "medium", "high", "critical"}

// Rank is 1 for low up to 4 for critical, 0 when unknown.
func (s Severity) Rank() int {
	for i, known := range Severities {
		if s == known {
			return i + 1
		}
	}
	return 0
}

// BreachStatus is whether personal data was breached, as far as anyone knows.
type BreachStatus string

// The breach statuses.
const (
	BreachSuspected BreachStatus = "suspected"
	BreachConfirmed BreachStatus = "confirmed"
	BreachRuledOut  BreachStatus = "ruled_out"
)

// BreachStatuses lists the valid breach statuses.
var BreachStatuses = []BreachStatus{BreachSuspected, BreachConfirmed, BreachRuledOut}

// Case is an incident.
type Case struct {
	ID                         uuid.UUID
	Reference                  string // INC-<year>-<seq>
	Title                      string
	Summary                    string
	Category                   Category
	Severity                   Severity
	Status                     Status
	BreachStatus               BreachStatus
	OwnerID                    uuid.UUID
	DepartmentID               *uuid.UUID
	DetectedAt                 time.Time
	AwareAt                    time.Time
	PersonalDataInvolved       bool
	DataSubjectsEstimate       *int64
	RegulatorNotifiedAt        *time.Time
	RegulatorReference         string
	RegulatorDecisionRationale string // set: a recorded decision not to notify
	RegulatorDelayReason       string // set: why a notification came after the deadline
	// NextClockDueAt and NextClockLabel are the nearest running deadline among
	// all the case's notification obligations (its own GDPR Art. 33 clock
	// included) and which phase it is; kept by the store (internal/regimes).
	NextClockDueAt *time.Time
	NextClockLabel string
	Restricted     bool
	MemberIDs      []uuid.UUID
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time

	// ActiveSuspensions is read with one case (never written, and left 0 in
	// lists): how many of its suspensions are active, which decides whether
	// it may close.
	ActiveSuspensions int
	// OpenTasks is read likewise: how many of its tasks are todo or in
	// progress (a review's follow-ups aside), which also keeps it from closing.
	OpenTasks int
}

// NoteKind says what a note is.
type NoteKind string

// The note kinds.
const (
	NoteUpdate    NoteKind = "update"
	NoteDecision  NoteKind = "decision"
	NoteStatement NoteKind = "statement"
)

// Person is a user a case names, by name only.
type Person struct {
	ID   uuid.UUID
	Name string
}

// Note is a timeline entry written by a person.
type Note struct {
	ID        uuid.UUID
	CaseID    uuid.UUID
	Kind      NoteKind
	Body      string
	AuthorID  uuid.UUID
	CreatedAt time.Time
}
