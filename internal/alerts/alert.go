// Package alerts receives alerts from other tools (SIEM, EDR, mail
// gateways), one per source and source reference however often it is sent,
// and turns them into cases: imported as a new case, merged into one, or
// ignored with a reason.
package alerts

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/observables"
)

// Limits of an alert.
const (
	MaxSource       = 100   // characters
	MaxSourceRef    = 200   // characters
	MaxTitle        = 300   // characters, as a case's title
	MaxDescription  = 20000 // characters, as a case's summary
	MaxObservables  = 200
	MaxRaw          = 64 << 10 // bytes of raw payload kept; past it, only its hash and size
	MaxIgnoreReason = 1000     // characters
)

// Status is where an alert stands in the queue.
type Status string

// The statuses: new waits for someone; imported opened a case or was merged
// into one; ignored was set aside with a reason.
const (
	New      Status = "new"
	Imported Status = "imported"
	Ignored  Status = "ignored"
)

// Statuses lists them in the queue's order.
var Statuses = []Status{New, Imported, Ignored}

// Severity is the sending tool's severity.
type Severity string

// Severities lists them from least to most severe.
var Severities = []Severity{"info", "low", "medium", "high", "critical"}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// CaseSeverity is the case severity an alert's severity opens a case with:
// the same, but info, which cases do not have, is low.
func (s Severity) CaseSeverity() cases.Severity {
	if s == "info" {
		return "low"
	}
	return cases.Severity(s)
}

// Alert is one alert, named by its source and the source's reference.
type Alert struct {
	ID          uuid.UUID
	Source      string
	SourceRef   string
	Title       string
	Description string
	Severity    Severity
	Status      Status
	Observables []observables.Draft // canonical (observables.Canonical)
	// Raw is the payload as sent, whitespace removed; nil when it was larger
	// than MaxRaw, and on list reads.
	Raw          []byte
	RawSHA256    string // of the payload as sent, whitespace removed
	RawSize      int
	Occurrences  int64
	FirstSeenAt  time.Time
	LastSeenAt   time.Time
	CaseID       *uuid.UUID // imported or merged into
	IgnoreReason string
	DecidedByID  *uuid.UUID
	DecidedAt    *time.Time
	CreatedByID  uuid.UUID
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

// Key names an alert: its source and the source's reference.
type Key struct {
	Source, Ref string
}

// KeyOf is a's key.
func KeyOf(a Alert) Key { return Key{Source: a.Source, Ref: a.SourceRef} }

// Intake is an alert as a tool sends it.
type Intake struct {
	Source      string
	SourceRef   string
	Title       string
	Description string
	Severity    Severity
	Observables []observables.Draft
	Raw         []byte // any JSON; nil when none was sent
}

// Cursor is the position after an alert in the queue's order.
type Cursor struct {
	Time time.Time `json:"t"`
	ID   uuid.UUID `json:"id"`
}

// Valid reports whether this server could have issued c.
func (c Cursor) Valid() bool {
	y := c.Time.UTC().Year()
	return y >= 1 && y <= 9999 && c.ID != uuid.Nil
}

// CursorAfter is the cursor after a.
func CursorAfter(a Alert) Cursor { return Cursor{Time: a.LastSeenAt, ID: a.ID} }

// Query selects alerts; zero values do not filter.
type Query struct {
	Statuses []Status
	Source   string
	Text     string // in the title or the source reference, ignoring case
	After    *Cursor
	Limit    int
}

// Store is what alerts need from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	cases.Reader
	// AlertsBySourceRef returns the alerts of the given sources and
	// references, locked until the transaction ends (in key order, so that
	// two transactions never wait for each other's rows), without their raw
	// payloads.
	AlertsBySourceRef(ctx context.Context, keys []Key) (map[Key]Alert, error)
	// UpsertAlerts inserts each of as (no two of one key) or, when an alert
	// of its source and reference exists, refreshes that one (title,
	// description, severity, observables, raw payload; one more occurrence,
	// last seen at its time, version + 1), all in one statement, and returns
	// them as stored, without their raw payloads.
	UpsertAlerts(ctx context.Context, as []Alert) (map[Key]Alert, error)
	// Alert returns one alert with its raw payload; forUpdate locks it until
	// the transaction ends.
	Alert(ctx context.Context, id uuid.UUID, forUpdate bool) (Alert, error)
	// ListAlerts returns the alerts q selects, last seen first, without
	// their raw payloads.
	ListAlerts(ctx context.Context, q Query) ([]Alert, error)
	// DecideAlert stores a's status, case, reason and decider if its version
	// is still version, and returns it as stored.
	DecideAlert(ctx context.Context, a Alert, version int64) (Alert, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}
