// Package restoration is the precautionary take-down of services and the plan
// to bring them back: suspensions, their milestones, and the figures derived
// from them that department heads follow every day.
package restoration

import (
	"time"

	"github.com/google/uuid"
)

// SuspensionStatus is where a suspension stands.
type SuspensionStatus string

// The suspension statuses.
const (
	Active    SuspensionStatus = "active"
	Restored  SuspensionStatus = "restored"
	Cancelled SuspensionStatus = "cancelled"
)

// The most one case or plan may hold. The API returns a case's suspensions and
// a plan's milestones whole, so the contract bounds them and creation enforces
// the bound.
const (
	MaxSuspensionsPerCase      = 500
	MaxMilestonesPerSuspension = 500
)

// Suspension is a service taken offline within a case.
type Suspension struct {
	ID                    uuid.UUID
	CaseID                uuid.UUID
	ServiceID             uuid.UUID
	Reason                string
	DecidedBy             string // who decided, in words: "ministerial decision"
	RecordedByID          uuid.UUID
	SuspendedAt           time.Time
	ExpectedRestorationAt *time.Time
	// BaselineRestorationAt is the first expected date the suspension got: the
	// promise it is judged against, never changed afterwards.
	BaselineRestorationAt *time.Time
	ReplanCount           int // how often the expected date moved (read only)
	RestoredAt            *time.Time
	AffectedUsersEstimate *int64
	Impact                string
	Workaround            string
	Status                SuspensionStatus
	Version               int64
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

// MilestoneStatus is where a restoration step stands.
type MilestoneStatus string

// The milestone statuses.
const (
	Planned    MilestoneStatus = "planned"
	InProgress MilestoneStatus = "in_progress"
	Done       MilestoneStatus = "done"
	Blocked    MilestoneStatus = "blocked"
	// MilestoneCancelled is set only by a restore that cancels the open
	// milestones; a cancelled step counts in neither done nor total.
	MilestoneCancelled MilestoneStatus = "cancelled"
)

// MilestoneStatuses lists the statuses a caller may set on a milestone.
var MilestoneStatuses = []MilestoneStatus{Planned, InProgress, Done, Blocked}

// Closed reports whether m is done or cancelled: no longer part of the work
// left.
func (m Milestone) Closed() bool { return m.Status == Done || m.Status == MilestoneCancelled }

// Milestone is one step towards bringing a service back.
type Milestone struct {
	ID            uuid.UUID
	SuspensionID  uuid.UUID
	Title         string
	OwnerID       *uuid.UUID
	DueAt         *time.Time
	BaselineDueAt *time.Time // the first due date, never changed afterwards
	CompletedAt   *time.Time
	Status        MilestoneStatus
	Position      int
	Version       int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ReplanKind says which promise a re-plan moved.
type ReplanKind string

// The re-plan kinds.
const (
	SuspensionReplan ReplanKind = "suspension" // the expected restoration date
	MilestoneReplan  ReplanKind = "milestone"  // a milestone's due date
)

// Replan is one move of a promised date after its baseline, with its reason.
type Replan struct {
	ID           uuid.UUID
	SuspensionID uuid.UUID
	MilestoneID  *uuid.UUID // set for milestone re-plans
	Kind         ReplanKind
	From, To     *time.Time
	Reason       string
	ByID         uuid.UUID
	At           time.Time
}

// MaxReplanReason bounds a re-plan's reason, in characters.
const MaxReplanReason = 1000

// Progress is what the API derives for a suspension from its milestones and
// the clock.
type Progress struct {
	DaysSuspended          int
	Downtime               *time.Duration // restored suspensions only
	MilestonesDone         int
	MilestonesTotal        int
	OverdueMilestones      int
	ProjectedRestorationAt *time.Time
	Slipping               bool
	NextMilestone          *Milestone
	PlanStatus             PlanStatus
	// Slip is how far the projection (the restoration, once back) lies after
	// the baseline; zero when not later or without a baseline.
	Slip time.Duration
}

// Derive computes a suspension's progress at now: counts, the next open
// milestone, the honest projection (see Project), whether it slips and the
// plan status.
func Derive(s Suspension, milestones []Milestone, now time.Time) Progress {
	var p Progress
	end := now
	if s.RestoredAt != nil {
		end = *s.RestoredAt
		d := s.RestoredAt.Sub(s.SuspendedAt)
		p.Downtime = &d
	}
	if end.After(s.SuspendedAt) && s.Status != Cancelled { // a withdrawn suspension counts no days
		p.DaysSuspended = int(end.Sub(s.SuspendedAt).Hours() / 24)
	}
	for i := range milestones {
		m := &milestones[i]
		if m.Status == MilestoneCancelled {
			continue
		}
		p.MilestonesTotal++
		if m.Status == Done {
			p.MilestonesDone++
			continue
		}
		if p.NextMilestone == nil || m.Position < p.NextMilestone.Position {
			p.NextMilestone = m
		}
		if m.DueAt != nil && m.DueAt.Before(now) {
			p.OverdueMilestones++
		}
	}
	switch s.Status {
	case Active:
		p.ProjectedRestorationAt = Project(s, milestones, now)
	case Restored:
		p.ProjectedRestorationAt = s.RestoredAt
		p.OverdueMilestones, p.NextMilestone = 0, nil
	default:
		p.OverdueMilestones, p.NextMilestone = 0, nil
	}
	p.Slipping = s.Status == Active && s.ExpectedRestorationAt != nil && p.ProjectedRestorationAt != nil &&
		p.ProjectedRestorationAt.After(*s.ExpectedRestorationAt)
	if s.BaselineRestorationAt != nil && p.ProjectedRestorationAt != nil && p.ProjectedRestorationAt.After(*s.BaselineRestorationAt) {
		p.Slip = p.ProjectedRestorationAt.Sub(*s.BaselineRestorationAt)
	}
	p.PlanStatus = planStatus(s, p, now)
	return p
}
