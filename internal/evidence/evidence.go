// Package evidence keeps what a case's investigators collect: items with their
// files (hashed on arrival, stored in a blob store, never changed) and the chain
// of custody of every hand-over or touch, after NIST SP 800-61r2 §3.2 and
// ISO/IEC 27037.
package evidence

import (
	"time"

	"github.com/google/uuid"
)

// Kind says what an item is.
type Kind string

// Kinds lists the valid kinds.
var Kinds = []Kind{"log", "disk_image", "memory_dump", "network_capture", "email", "screenshot", "document", "other"}

// MaxItemsPerCase is the most evidence one case may hold: the API lists a
// case's evidence whole, so the contract bounds it and creation enforces it.
const MaxItemsPerCase = 10000

// Item is a piece of evidence. The file fields are set once, at upload.
type Item struct {
	ID             uuid.UUID
	CaseID         uuid.UUID
	Title          string
	Kind           Kind
	Description    string
	Source         string
	CollectedAt    time.Time
	CollectedByID  uuid.UUID
	File           *File
	LastVerifiedAt *time.Time
	LastVerifiedOK *bool
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// File is an item's stored file.
type File struct {
	Name        string
	Size        int64
	SHA256      string
	ContentType string
	StorageKey  string
}

// Action is what happened to an item in its chain of custody.
type Action string

// The custody actions.
const (
	Collected   Action = "collected"
	Transferred Action = "transferred"
	Accessed    Action = "accessed"
	Analysed    Action = "analysed"
	Verified    Action = "verified"
	Exported    Action = "exported"
	Returned    Action = "returned"
	Disposed    Action = "disposed"
	// IntegrityFailure is recorded by Caseward when a download finds the
	// stored file missing or no longer matching its hash.
	IntegrityFailure Action = "integrity_failure"
)

// RecordableActions are those a person records; collected, verified and
// accessed on download are recorded by Caseward itself.
var RecordableActions = []Action{Transferred, Accessed, Analysed, Exported, Returned, Disposed}

// CustodyEvent is one link of the chain of custody.
type CustodyEvent struct {
	ID         uuid.UUID
	EvidenceID uuid.UUID
	Action     Action
	ActorID    uuid.UUID
	FromParty  string
	ToParty    string
	Location   string
	Purpose    string
	OccurredAt time.Time
	TimeZone   string // the recorder's zone, kept as given (IANA name or offset)
	Note       string
	CreatedAt  time.Time
	Seal       *uuid.UUID // the seal recorded in the audit trail with it; nil if none (see SealField)
}
