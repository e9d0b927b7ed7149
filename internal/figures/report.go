package figures

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// Months is how many calendar months (UTC, the current one included) the
// opened and closed counts cover.
const Months = 12

// Percentile is the percentile the report gives beside the mean.
const Percentile = 0.9

// Query is what the report is computed over: the cases Scope may see, as at Now,
// with months counted from Since (the first day of the first month, UTC).
type Query struct {
	Scope cases.Scope
	Now   time.Time
	Since time.Time
}

// Month is one calendar month (UTC) of the report: the cases opened in it and
// the cases whose last closing fell in it.
type Month struct {
	Month          string // YYYY-MM
	Opened, Closed int
}

// Duration is a mean and 90th percentile over Count cases, in seconds; both
// nil when Count is 0.
type Duration struct {
	Count    int
	MeanSecs *float64
	P90Secs  *float64
}

// SeverityTimes are the times to containment and to closure of one severity.
type SeverityTimes struct {
	Severity  cases.Severity
	ToContain Duration
	ToClose   Duration
}

// DepartmentDowntime is the downtime of a department's services.
type DepartmentDowntime struct {
	DepartmentID   uuid.UUID
	DepartmentName string
	Services       int   // services that were down
	Seconds        int64 // their downtime, each service's overlapping suspensions once
}

// Regulator counts the cases needing a regulator notification by outcome.
type Regulator struct {
	OnTime       int // notified by the deadline
	Late         int // notified after it
	Overdue      int // not notified, deadline passed: late too
	Running      int // not notified, deadline still ahead
	NotNotifying int // decided not to notify, with a rationale
}

// Report is the reporting page's figures.
type Report struct {
	Now       time.Time
	Months    []Month
	Severity  []SeverityTimes // low to critical
	Downtime  []DepartmentDowntime
	Regulator Regulator
}

// Report computes the figures over the cases the caller may see.
func (s *Service) Report(ctx context.Context) (Report, error) {
	now := s.now(ctx).UTC()
	r, err := s.store.Figures(ctx, Query{Scope: cases.ScopeFrom(ctx), Now: now, Since: MonthStart(now, Months)})
	if err != nil {
		return Report{}, err
	}
	r.Now = now
	r.Months = fillMonths(r.Months, now)
	return r, nil
}

// MonthStart is the first instant (UTC) of the first of the n months ending
// with now's.
func MonthStart(now time.Time, n int) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month()-time.Month(n-1), 1, 0, 0, 0, 0, time.UTC)
}

// fillMonths returns the Months months ending with now's, oldest first, with
// the counts found and zero for the others.
func fillMonths(found []Month, now time.Time) []Month {
	by := make(map[string]Month, len(found))
	for _, m := range found {
		by[m.Month] = m
	}
	start := MonthStart(now, Months)
	out := make([]Month, Months)
	for i := range out {
		key := start.AddDate(0, i, 0).Format("2006-01")
		m := by[key]
		m.Month = key
		out[i] = m
	}
	return out
}
