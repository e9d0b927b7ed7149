package regimes

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// PhaseStatus is derived from a phase's rule, its record and the time.
type PhaseStatus string

// The phase statuses.
const (
	// Waiting: its deadline runs from a phase not submitted yet.
	Waiting PhaseStatus = "waiting"
	// Open: no fixed deadline and nothing recorded yet.
	Open        PhaseStatus = "no_deadline"
	Due         PhaseStatus = "due"
	Overdue     PhaseStatus = "overdue"
	Submitted   PhaseStatus = "submitted"
	NotRequired PhaseStatus = "not_required"
)

// Obligation is a regime that applies to a case. The GDPR Art. 33 one is
// derived from the case's regulator fields (FromCase): it has no ID and its
// phase is changed through the case.
type Obligation struct {
	ID          uuid.UUID // uuid.Nil when FromCase
	CaseID      uuid.UUID
	RegimeID    uuid.UUID
	RegimeName  string
	FromCase    bool
	CreatedByID *uuid.UUID
	CreatedAt   *time.Time
	Phases      []Phase
}

// Phase is one phase of an obligation: its definition and what was done.
type Phase struct {
	ID                uuid.UUID // uuid.Nil when its obligation is FromCase
	ObligationID      uuid.UUID
	CaseID            uuid.UUID
	Def               PhaseDef
	SubmittedAt       *time.Time
	Reference         string
	DecisionRationale string
	DelayReason       string
	Version           int64
	UpdatedAt         time.Time
	// Derived by Derive.
	DueAt  *time.Time
	Status PhaseStatus
}

// Derive sets each phase's due time and status at now; the case gives
// awareness. Phases of one obligation are in position order.
func (o *Obligation) Derive(c cases.Case, now time.Time) {
	submitted := map[int]*time.Time{}
	for _, p := range o.Phases {
		submitted[p.Def.Position] = p.SubmittedAt
	}
	for i := range o.Phases {
		p := &o.Phases[i]
		p.DueAt = p.Def.Rule.due(c.AwareAt, submitted)
		p.Status = p.status(now)
	}
}

func (p Phase) status(now time.Time) PhaseStatus {
	switch {
	case p.SubmittedAt != nil:
		return Submitted
	case p.DecisionRationale != "":
		return NotRequired
	case p.Def.Rule.Kind == NoDeadline:
		return Open
	case p.DueAt == nil:
		return Waiting
	case now.Before(*p.DueAt):
		return Due
	}
	return Overdue
}

// Running reports whether the phase's clock runs (overdue included).
func (p Phase) Running() bool { return p.Status == Due || p.Status == Overdue }

// Late reports whether the phase was submitted after its deadline.
func (p Phase) Late() bool {
	return p.SubmittedAt != nil && p.DueAt != nil && p.SubmittedAt.After(*p.DueAt)
}

// FromCaseObligation is the GDPR Art. 33 obligation as the case's regulator
// fields hold it, or false when no personal data is involved.
func FromCaseObligation(c cases.Case, now time.Time) (Obligation, bool) {
	if !c.PersonalDataInvolved {
		return Obligation{}, false
	}
	hours := 72
	o := Obligation{CaseID: c.ID, RegimeID: GDPRArt33, RegimeName: "GDPR Art. 33", FromCase: true,
		Phases: []Phase{{CaseID: c.ID, Def: PhaseDef{Position: 1, Name: "Notify the supervisory authority", Audience: "regulator",
			Rule:     Rule{Kind: FromAwareness, Hours: &hours},
			Guidance: "Art. 33(1); a decision not to notify is recorded with its rationale (Art. 33(5))."},
			SubmittedAt: c.RegulatorNotifiedAt, Reference: c.RegulatorReference, DecisionRationale: c.RegulatorDecisionRationale,
			DelayReason: c.RegulatorDelayReason, Version: c.Version, UpdatedAt: c.UpdatedAt}}}
	o.Derive(c, now)
	return o, true
}

// Clock is a case's nearest running clock: when and which phase.
type Clock struct {
	DueAt time.Time
	Label string
}

// Nearest is the earliest running deadline among the case's GDPR Art. 33
// clock (its regulator fields) and the phases of its recorded obligations,
// overdue ones included; nil when none runs. Ties go to the GDPR clock, then
// to the obligations in the order given. The label is "<regime> · <phase>".
func Nearest(c cases.Case, obligations []Obligation) *Clock {
	var best *Clock
	consider := func(due time.Time, label string) {
		if best == nil || due.Before(best.DueAt) {
			best = &Clock{DueAt: due.UTC(), Label: label}
		}
	}
	if due := c.RunningClockDue(); due != nil {
		consider(*due, GDPRLabel)
	}
	for _, o := range obligations {
		o.Phases = append([]Phase(nil), o.Phases...) // Derive below leaves the caller's statuses alone
		o.Derive(c, time.Time{})                     // the status at the zero time: every timed unsubmitted phase runs
		for _, p := range o.Phases {
			if p.Running() {
				consider(*p.DueAt, o.RegimeName+" · "+p.Def.Name)
			}
		}
	}
	return best
}
