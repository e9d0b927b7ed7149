// Package mywork is the landing page's "My work": for each role, the few
// things its user should act on next, read in one call. Every list is capped
// and says how many more there are; every read applies the caller's
// need-to-know scope in the store's SQL, as the lists it links to do.
package mywork

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
)

// Limit is how many items each list shows.
const Limit = 8

// CountCap is the most matches a list counts: beyond it, "more" is a lower
// bound ("100+"), so that a landing page never counts every row of a large
// table. At 1 000, counting evidence held by someone holding 2 000 items took
// 200–600 ms at 100 000 cases; a landing page needs no more than "99+".
const CountCap = 100

// ClockHorizon is how far ahead a running regulator clock is shown.
const ClockHorizon = 24 * time.Hour

// More is how many matches a list leaves out, and whether that is a lower bound.
type More struct {
	N      int
	Capped bool // more than N: the count stopped at CountCap
}

// MoreOf is what a list of shown items out of total (counted up to CountCap+1) leaves out.
func MoreOf(shown, total int) More {
	if total > CountCap {
		return More{N: CountCap - shown, Capped: true}
	}
	if total < shown {
		total = shown
	}
	return More{N: total - shown}
}

// HeldItem is an evidence item whose latest hand-over went to the user.
type HeldItem struct {
	EvidenceID    uuid.UUID
	Title         string
	Kind          string
	CaseID        uuid.UUID
	CaseReference string
	CaseTitle     string
	HeldSince     time.Time // the latest hand-over's time
}

// WorkTask is an open task assigned to the user, with its case named.
type WorkTask struct {
	Task          cases.Task
	CaseReference string
	CaseTitle     string
}

// Export is one recorded export: a case's or the audit trail's.
type Export struct {
	Seq           int64
	Action        string // export.case or export.audit
	OccurredAt    time.Time
	ActorID       *uuid.UUID
	ActorEmail    string
	ActorName     string
	CaseID        *uuid.UUID
	CaseReference string
}

// ChainState is the audit chain's state as the last walk of it found it,
// without walking it again.
type ChainState struct {
	LastVerification *audit.Verification // nil when never verified
	LatestSeq        int64               // the newest event's number, 0 for an empty trail
}

// Setup is which parts of a new installation exist.
type Setup struct {
	Departments bool
	Services    bool
	Users       bool // a user other than an administrator
}

// Done reports whether nothing is left to set up.
func (s Setup) Done() bool { return s.Departments && s.Services && s.Users }

// Work is one user's landing page. Sections that are not for the caller's
// role are nil.
type Work struct {
	Role string

	OpenCases     []cases.Case
	OpenCasesMore More
	Clocks        []cases.Case // running regulator clocks due within ClockHorizon, and overdue
	ClocksMore    More
	Held          []HeldItem
	HeldMore      More
	Tasks         []WorkTask // open tasks assigned to the user, the soonest due first
	TasksMore     More

	Suspended     []restoration.DashboardItem // the department's active suspensions
	SuspendedMore More

	Exports     []Export
	ExportsMore More
	Chain       *ChainState

	Setup *Setup // administrators, while something is left to set up

	GeneratedAt time.Time
}

// Store is what My work reads. Each list method returns at most limit items
// and how many match, counted up to CountCap+1.
type Store interface {
	// OwnOpenCases lists the cases owner owns that are not closed, the
	// soonest running regulator deadline first, then the newest.
	OwnOpenCases(ctx context.Context, owner uuid.UUID, limit int) ([]cases.Case, int, error)
	// ClocksDue lists the cases scope may see whose nearest clock (any obligation) runs and
	// is due before before (overdue ones included), the soonest first.
	ClocksDue(ctx context.Context, scope cases.Scope, before time.Time, limit int) ([]cases.Case, int, error)
	// HeldEvidence lists the items on cases scope may see whose latest
	// hand-over (collection, transfer or return) went to user, by email or
	// name, newest hand-over first.
	HeldEvidence(ctx context.Context, scope cases.Scope, user uuid.UUID, limit int) ([]HeldItem, int, error)
	// AssignedTasks lists the open tasks assigned to user on cases scope may
	// see, the soonest due first (undated last).
	AssignedTasks(ctx context.Context, scope cases.Scope, user uuid.UUID, limit int) ([]WorkTask, int, error)
	// RecentExports lists the newest export events of the audit trail.
	RecentExports(ctx context.Context, limit int) ([]audit.Event, int, error)
	LastAuditVerification(ctx context.Context) (*audit.Verification, error)
	LatestAuditSeq(ctx context.Context) (int64, error)
	SetupState(ctx context.Context) (Setup, error)
}

// Service builds the landing page's work.
type Service struct {
	store       Store
	restoration *restoration.Service
	audit       *audit.Service
	now         func(context.Context) time.Time
}

// NewService returns a Service reading store; the department head's section
// is the restoration dashboard's, and exports are named by the audit trail.
func NewService(store Store, r *restoration.Service, a *audit.Service) *Service {
	return &Service{store: store, restoration: r, audit: a, now: clock.Now}
}

// For returns the caller's work.
func (s *Service) For(ctx context.Context) (Work, error) {
	p := identity.From(ctx)
	now := s.now(ctx)
	w := Work{Role: p.Role, GeneratedAt: now}
	var err error
	switch p.Role {
	case "admin", "responder":
		err = s.casework(ctx, p, now, &w)
		if err == nil && p.Role == "admin" {
			err = s.setup(ctx, &w)
		}
	case "department_head":
		err = s.suspensions(ctx, &w)
	case "auditor":
		err = s.auditWork(ctx, &w)
	}
	if err != nil {
		return Work{}, fmt.Errorf("my work: %w", err)
	}
	return w, nil
}

func (s *Service) casework(ctx context.Context, p identity.Principal, now time.Time, w *Work) error {
	scope := cases.ScopeFor(p)
	own, n, err := s.store.OwnOpenCases(ctx, p.UserID, Limit)
	if err != nil {
		return err
	}
	w.OpenCases, w.OpenCasesMore = own, MoreOf(len(own), n)
	clocks, n, err := s.store.ClocksDue(ctx, scope, now.Add(ClockHorizon), Limit)
	if err != nil {
		return err
	}
	w.Clocks, w.ClocksMore = clocks, MoreOf(len(clocks), n)
	held, n, err := s.store.HeldEvidence(ctx, scope, p.UserID, Limit)
	if err != nil {
		return err
	}
	w.Held, w.HeldMore = held, MoreOf(len(held), n)
	tasks, n, err := s.store.AssignedTasks(ctx, scope, p.UserID, Limit)
	if err != nil {
		return err
	}
	w.Tasks, w.TasksMore = tasks, MoreOf(len(tasks), n)
	return nil
}

// suspensions is the restoration dashboard's active suspensions (a department
// head's dashboard holds only their department's), the soonest planned
// restoration first.
func (s *Service) suspensions(ctx context.Context, w *Work) error {
	items, err := s.restoration.Dashboard(ctx)
	if err != nil {
		return err
	}
	active := make([]restoration.DashboardItem, 0, len(items))
	for _, it := range items {
		if it.Suspension.Status == restoration.Active {
			active = append(active, it)
		}
	}
	sortByPlannedRestoration(active)
	shown := min(len(active), Limit)
	w.Suspended, w.SuspendedMore = active[:shown], MoreOf(shown, len(active))
	return nil
}

func (s *Service) auditWork(ctx context.Context, w *Work) error {
	events, n, err := s.store.RecentExports(ctx, Limit)
	if err != nil {
		return err
	}
	names, err := s.audit.Names(ctx, events)
	if err != nil {
		return err
	}
	w.Exports, w.ExportsMore = make([]Export, len(events)), MoreOf(len(events), n)
	for i, e := range events {
		x := Export{Seq: e.Seq, Action: e.Action, OccurredAt: e.OccurredAt, ActorEmail: e.ActorEmail}
		if id, err := uuid.Parse(e.ActorID); err == nil {
			x.ActorID, x.ActorName = &id, names.People[id]
		}
		if id, err := uuid.Parse(e.CaseID); err == nil {
			x.CaseID, x.CaseReference = &id, names.Cases[id]
		}
		w.Exports[i] = x
	}
	last, err := s.store.LastAuditVerification(ctx)
	if err != nil {
		return err
	}
	seq, err := s.store.LatestAuditSeq(ctx)
	if err != nil {
		return err
	}
	w.Chain = &ChainState{LastVerification: last, LatestSeq: seq}
	return nil
}

func (s *Service) setup(ctx context.Context, w *Work) error {
	st, err := s.store.SetupState(ctx)
	if err != nil {
		return err
	}
	if !st.Done() {
		w.Setup = &st
	}
	return nil
}
