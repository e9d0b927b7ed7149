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
)

// Cursor is the keyset position after the last case of a page: its sort value
// (a time for opened/updated, a rank for severity) and its id for ties.
type Cursor struct {
	Time time.Time `json:"t,omitzero"`
	Rank int       `json:"r,omitempty"`
	ID   uuid.UUID `json:"id"`
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
	default:
		return Cursor{Time: c.CreatedAt, ID: c.ID}
	}
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
