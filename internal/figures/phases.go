// Package figures derives how long incidents take: each case's phase
// durations, and the reporting page's figures over the cases a caller may see
// (docs/figures.md has the definitions).
package figures

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/restoration"
)

// Store is what the figures need from the database; every read applies the
// caller's need-to-know scope in SQL.
type Store interface {
	cases.Reader
	// CasePhaseTimes returns when the case was first contained and last
	// closed, nil for a phase it has not reached.
	CasePhaseTimes(ctx context.Context, v cases.Visible) (contained, closed *time.Time, err error)
	CaseSuspensions(ctx context.Context, v cases.Visible) ([]restoration.Suspension, error)
	CaseServices(ctx context.Context, v cases.Visible) ([]directory.Service, error)
	// Figures computes the report over the cases q.Scope may see.
	Figures(ctx context.Context, q Query) (Report, error)
}

// Service reads the figures.
type Service struct {
	store Store
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store) *Service { return &Service{store: store, now: clock.Now} }

// ServiceDowntime is how long one service was down for a case: the union of
// the case's suspensions of it (cancelled ones count nothing, active ones up
// to now, overlapping ones once).
type ServiceDowntime struct {
	ServiceID   uuid.UUID
	ServiceName string
	Downtime    time.Duration
	Running     bool // a suspension of it is still active
}

// Phases are a case's phase durations, each measured from its detection.
type Phases struct {
	DetectedAt, AwareAt   time.Time
	ContainedAt, ClosedAt *time.Time
	ToAwareness           time.Duration
	ToContainment         *time.Duration // nil until contained
	ToClosure             *time.Duration // nil while open
	Downtime              []ServiceDowntime
	Now                   time.Time
}

// Phases returns the phase durations of a case the caller may see.
func (s *Service) Phases(ctx context.Context, id uuid.UUID) (Phases, error) {
	v, err := cases.See(ctx, s.store, id, false)
	if err != nil {
		return Phases{}, err
	}
	contained, closed, err := s.store.CasePhaseTimes(ctx, v)
	if err != nil {
		return Phases{}, err
	}
	susp, err := s.store.CaseSuspensions(ctx, v)
	if err != nil {
		return Phases{}, err
	}
	svcs, err := s.store.CaseServices(ctx, v)
	if err != nil {
		return Phases{}, err
	}
	names := make(map[uuid.UUID]string, len(svcs))
	for _, sv := range svcs {
		names[sv.ID] = sv.Name
	}
	c := v.Case()
	return PhasesOf(c, contained, closed, susp, names, s.now(ctx)), nil
}

// PhasesOf derives the phases of c at now.
func PhasesOf(c cases.Case, contained, closed *time.Time, susp []restoration.Suspension, names map[uuid.UUID]string, now time.Time) Phases {
	p := Phases{DetectedAt: c.DetectedAt, AwareAt: c.AwareAt, ContainedAt: contained, ClosedAt: closed,
		ToAwareness: c.AwareAt.Sub(c.DetectedAt), Now: now}
	if contained != nil {
		d := contained.Sub(c.DetectedAt)
		p.ToContainment = &d
	}
	if closed != nil {
		d := closed.Sub(c.DetectedAt)
		p.ToClosure = &d
	}
	spans := map[uuid.UUID][]restoration.Span{}
	running := map[uuid.UUID]bool{}
	for _, s := range susp {
		if _, ok := spans[s.ServiceID]; !ok {
			spans[s.ServiceID] = nil
		}
		if s.Status == restoration.Active {
			running[s.ServiceID] = true
		}
		if sp, ok := restoration.DownSpan(s, now); ok {
			spans[s.ServiceID] = append(spans[s.ServiceID], sp)
		}
	}
	for id, list := range spans {
		var total time.Duration
		for _, sp := range restoration.MergeSpans(list) {
			total += sp.To.Sub(sp.From)
		}
		p.Downtime = append(p.Downtime, ServiceDowntime{ServiceID: id, ServiceName: names[id], Downtime: total, Running: running[id]})
	}
	slices.SortFunc(p.Downtime, func(a, b ServiceDowntime) int {
		if c := strings.Compare(a.ServiceName, b.ServiceName); c != 0 {
			return c
		}
		return strings.Compare(a.ServiceID.String(), b.ServiceID.String())
	})
	return p
}
