package cases

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/page"
)

// SortKey names what a case list is ordered by.
type SortKey string

// The sort keys.
const (
	SortOpened   SortKey = "opened"
	SortUpdated  SortKey = "updated"
	SortSeverity SortKey = "severity"
	// SortRegulatorDue orders the cases with a running clock by when the
	// nearest one (of any obligation: NextClockDueAt) ends, then every other
	// case after them, newest first, in either direction.
	SortRegulatorDue SortKey = "regulator_due"
)

// Cursor is the keyset position after the last case of a page: its sort value
// (a time for opened/updated, a rank for severity, the clock's end for
// regulator_due) and its id for ties. NoClock marks a regulator_due cursor
// past the running clocks, among the other cases: Time is then its opening.
type Cursor struct {
	Time    time.Time `json:"t,omitzero"`
	Rank    int       `json:"r,omitempty"`
	NoClock bool      `json:"n,omitempty"`
	ID      uuid.UUID `json:"id"`
}

// Valid reports whether this server could have issued c: a rank of a known
// severity (or none), a time within the years 1 to 9999.
func (c Cursor) Valid() bool {
	y := c.Time.UTC().Year()
	return c.Rank >= 0 && c.Rank <= len(Severities) && y >= 1 && y <= 9999
}

// Query selects and orders cases; zero values do not filter.
type Query struct {
	Scope           Scope
	Statuses        []Status
	Severities      []Severity
	BreachStatuses  []BreachStatus
	Categories      []Category
	DepartmentID    *uuid.UUID
	OwnerID         *uuid.UUID
	RegulatorStatus RegulatorStatus
	Clock           ClockFilter // the nearest running clock of any obligation
	Text            string
	OpenedAfter     time.Time
	OpenedBefore    time.Time
	Sort            SortKey
	Ascending       bool
	After           *Cursor
	Limit           int
	Now             time.Time // the clock regulator statuses are derived at
}

// CursorAfter returns the cursor that continues a list after c.
func CursorAfter(c Case, key SortKey) Cursor {
	switch key {
	case SortUpdated:
		return Cursor{Time: c.UpdatedAt, ID: c.ID}
	case SortSeverity:
		return Cursor{Rank: c.Severity.Rank(), ID: c.ID}
	case SortRegulatorDue:
		if due := c.NextClockDueAt; due != nil {
			return Cursor{Time: *due, ID: c.ID}
		}
		return Cursor{Time: c.CreatedAt, NoClock: true, ID: c.ID}
	default:
		return Cursor{Time: c.CreatedAt, ID: c.ID}
	}
}

// RunningClockDue is when c's regulator clock ends if it still runs (overdue
// included), or nil when it was notified, decided against or never started.
func (c Case) RunningClockDue() *time.Time {
	due := c.NotificationDueAt()
	if due == nil || c.RegulatorNotifiedAt != nil || c.RegulatorDecisionRationale != "" {
		return nil
	}
	return due
}

// CountCap is where the list's total stops counting: past it the list shows
// "10 000+" instead of reading every matching case.
const CountCap = 10_000

// Count returns how many cases the caller may see match q, at most limit, and
// whether more match (the total is then limit+).
func (s *Service) Count(ctx context.Context, q Query, limit int) (int, bool, error) {
	q.Scope = ScopeFrom(ctx)
	q.Now = s.now(ctx)
	n, err := s.store.CountCases(ctx, q, limit+1)
	if err != nil {
		return 0, false, err
	}
	if n > limit {
		return limit, true, nil
	}
	return n, false, nil
}

// List returns one page of the cases the caller may see, and whether more follow.
func (s *Service) List(ctx context.Context, q Query) ([]Case, bool, error) {
	q.Scope = ScopeFrom(ctx)
	q.Now = s.now(ctx)
	if q.Sort == "" {
		q.Sort = SortOpened
	}
	return page.Read(q.Limit, func(n int) ([]Case, error) {
		q.Limit = n
		return s.store.ListCases(ctx, q)
	})
}

// ClockFilter filters cases by their nearest running notification clock,
// across every obligation they carry.
type ClockFilter string

// The clock filters.
const (
	ClockDue     ClockFilter = "due"     // a clock runs and has not ended
	ClockOverdue ClockFilter = "overdue" // a clock ran out without its phase recorded
)
