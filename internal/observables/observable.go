package observables

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
)

// Limits of an observable and of a case's observables.
const (
	MaxPerCase     = 10000 // observables one case may hold
	MaxBulk        = MaxFound
	MaxTags        = 20
	MaxTag         = 64   // characters
	MaxDescription = 4000 // characters
	MaxSource      = 200  // characters
	MaxEvidence    = 20   // evidence items one observable may point to
	MaxPasted      = 1 << 20
)

// Observable is one value seen in a case.
type Observable struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	Type        Type
	Value       string // canonical (Normalise)
	TLP         TLP
	PAP         PAP
	IOC         bool // an indicator of compromise, not just something seen
	Tags        []string
	Description string
	Source      string // where it was seen: a tool, a log, a report
	FirstSeenAt *time.Time
	LastSeenAt  *time.Time
	EvidenceIDs []uuid.UUID // evidence of the same case, sorted
	CreatedByID uuid.UUID
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
	// Sightings is how many other cases the reader may see hold the same
	// value; filled on reads, never stored.
	Sightings int
}

// Draft is an observable as given: the value raw, the markings optional
// (TLP and PAP amber when empty).
type Draft struct {
	Type        Type
	Value       string
	TLP         TLP
	PAP         PAP
	IOC         bool
	Tags        []string
	Description string
	Source      string
	FirstSeenAt *time.Time
	LastSeenAt  *time.Time
	EvidenceIDs []uuid.UUID
}

// Change changes some of an observable's fields (nil: unchanged). Its type
// and value are what it is: to change them, delete it and add another.
type Change struct {
	TLP         *TLP
	PAP         *PAP
	IOC         *bool
	Tags        *[]string
	Description *string
	Source      *string
	FirstSeenAt **time.Time
	LastSeenAt  **time.Time
	EvidenceIDs *[]uuid.UUID
}

// Sighting is an observable found by value across cases, with its case.
type Sighting struct {
	Observable
	CaseReference string
	CaseTitle     string
}

// Store is what observables need from the database. A case's observables are
// read through its scoped read (cases.Visible); reads across cases apply
// the caller's scope in their own query.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	cases.Reader
	// CaseObservablesByValue returns the observables of the case v with
	// the given types and values (canonical), keyed by type and value.
	CaseObservablesByValue(ctx context.Context, v cases.Visible, keys []Key) (map[Key]Observable, error)
	// CreateObservables inserts os with their evidence links.
	CreateObservables(ctx context.Context, os []Observable) error
	// UpdateObservable stores o's markings, notes and links if its version
	// is still version, and returns it as stored.
	UpdateObservable(ctx context.Context, o Observable, version int64) (Observable, error)
	// DeleteObservable deletes o if its version is still version.
	DeleteObservable(ctx context.Context, o Observable, version int64) error
	// ObservableCase returns the case an observable belongs to (NotFound
	// for no such observable), to be read in the caller's scope first.
	ObservableCase(ctx context.Context, id uuid.UUID) (uuid.UUID, error)
	// Observable returns one observable of the case v.
	Observable(ctx context.Context, v cases.Visible, id uuid.UUID) (Observable, error)
	// CaseObservables returns a page of the case v's observables, newest
	// first, after the observable afterID.
	CaseObservables(ctx context.Context, v cases.Visible, afterID uuid.UUID, limit int) ([]Observable, error)
	CountObservables(ctx context.Context, v cases.Visible) (int, error)
	// Sightings counts, for each value, the cases other than the case v
	// that hold it and that scope may see.
	Sightings(ctx context.Context, v cases.Visible, scope cases.Scope, values []string) (map[string]int, error)
	// ObservablesByValue returns a page of the observables whose value is
	// one of values, in the cases scope may see, newest first, after afterID.
	ObservablesByValue(ctx context.Context, scope cases.Scope, values []string, afterID uuid.UUID, limit int) ([]Sighting, error)
	// CaseEvidenceIDs reports which of ids are evidence of the case v.
	CaseEvidenceIDs(ctx context.Context, v cases.Visible, ids []uuid.UUID) (map[uuid.UUID]bool, error)
}

// Key names a value of a type: one observable of a case at most.
type Key struct {
	Type  Type
	Value string
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}
