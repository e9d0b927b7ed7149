package cases

import "slices"

// Status is where a case stands in its workflow.
type Status string

// The workflow: reported → triage → investigating → contained → recovering →
// closed; any open status may close (when the closing conditions hold), and
// closed → investigating reopens.
const (
	Reported      Status = "reported"
	Triage        Status = "triage"
	Investigating Status = "investigating"
	Contained     Status = "contained"
	Recovering    Status = "recovering"
	Closed        Status = "closed"
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{Reported, Triage, Investigating, Contained, Recovering, Closed}

// Moves returns the statuses a case in status from may move to, before the
// closing conditions are considered.
func Moves(from Status) []Status {
	switch from {
	case Closed:
		return []Status{Investigating}
	case Recovering:
		return []Status{Closed}
	}
	i := slices.Index(Statuses, from)
	if i < 0 {
		return nil
	}
	return []Status{Statuses[i+1], Closed}
}

// CanMove reports whether the workflow has the move at all.
func CanMove(from, to Status) bool { return slices.Contains(Moves(from), to) }

// UnmetClosingConditions lists, in words for the user, why c may not close yet.
func UnmetClosingConditions(c Case) []string {
	var unmet []string
	if c.BreachStatus == BreachSuspected {
		unmet = append(unmet, breachUnassessed)
	}
	if c.ActiveSuspensions > 0 {
		unmet = append(unmet, "a service is still suspended: restore or cancel every suspension")
	}
	if c.OpenTasks > 0 {
		unmet = append(unmet, OpenTasksBlocker)
	}
	if c.PersonalDataInvolved && c.RegulatorNotifiedAt == nil && c.RegulatorDecisionRationale == "" {
		unmet = append(unmet, "personal data is involved: record the regulator notification or the decision not to notify")
	}
	return unmet
}
