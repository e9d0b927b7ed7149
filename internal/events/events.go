// Package events says what Caseward tells people and other tools about: the
// kinds of event, how a recorded change becomes one, and the in-process
// signal that new ones were committed. The events themselves live in the
// transactional outbox (store), written in the transaction of the change.
package events

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The kinds of event worth telling. People choose, per kind, which channels
// reach them; webhooks filter on them.
const (
	CaseCreated         = "case.created"
	CaseAssigned        = "case.assigned"
	CaseStatusChanged   = "case.status_changed"
	ClockDueSoon        = "clock.due_soon" // a regulator clock at 24 h, 6 h or 1 h left
	ClockOverdue        = "clock.overdue"
	SuspensionStarted   = "suspension.started"
	SuspensionReplanned = "suspension.replanned"
	SuspensionRestored  = "suspension.restored"
	SuspensionCancelled = "suspension.cancelled"
	UpdatePublished     = "update.published" // a stakeholder update
	MilestoneOverdue    = "milestone.overdue"
	TaskAssigned        = "task.assigned"
	TaskOverdue         = "task.overdue"
	EvidenceHandedOver  = "evidence.handed_over"
	WebhookDisabled     = "webhook.disabled"   // for admins: a webhook failed too long
	MailUndeliverable   = "mail.undeliverable" // for admins: mail that could not be sent
)

// Changed is every other change: it feeds live updates (the SPA refreshes
// what it shows) but nobody subscribes to it.
const Changed = "changed"

// Kinds lists the kinds worth telling, in the order the SPA shows them.
var Kinds = []string{
	CaseCreated, CaseAssigned, CaseStatusChanged,
	ClockDueSoon, ClockOverdue,
	SuspensionStarted, SuspensionReplanned, SuspensionRestored, SuspensionCancelled, UpdatePublished,
	MilestoneOverdue, TaskAssigned, TaskOverdue, EvidenceHandedOver,
	WebhookDisabled, MailUndeliverable,
}

// labels say each kind in plain words.
var labels = map[string]string{
	CaseCreated:         "A case is opened",
	CaseAssigned:        "A case is assigned to someone",
	CaseStatusChanged:   "A case moves to another status",
	ClockDueSoon:        "A regulator clock has 24 h, 6 h or 1 h left",
	ClockOverdue:        "A regulator clock runs out",
	SuspensionStarted:   "A service is suspended",
	SuspensionReplanned: "A suspension's expected restoration moves",
	SuspensionRestored:  "A suspended service is restored",
	SuspensionCancelled: "A suspension is cancelled",
	UpdatePublished:     "A stakeholder update is posted",
	MilestoneOverdue:    "A restoration milestone is overdue",
	TaskAssigned:        "A task is assigned to someone",
	TaskOverdue:         "A task is overdue",
	EvidenceHandedOver:  "Evidence is handed over",
	WebhookDisabled:     "A webhook is switched off after failing",
	MailUndeliverable:   "Mail cannot be delivered",
}

// Label says kind in plain words.
func Label(kind string) string { return labels[kind] }

// ForAdmins reports whether kind is a notice about Caseward's own deliveries,
// told to admins only.
func ForAdmins(kind string) bool { return kind == WebhookDisabled || kind == MailUndeliverable }

// Known reports whether kind is one of Kinds.
func Known(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Event is one row of the outbox. Empty strings stand for absent ids.
type Event struct {
	Seq        int64 // commit order; the live stream's Last-Event-ID
	ID         string
	Kind       string
	OccurredAt time.Time
	ActorID    string
	CaseID     string
	EntityType string
	EntityID   string
	Action     string          // the audit action it came from, or the scheduler's
	Data       json.RawMessage // {"changes": {field: [old, new]}} for recorded changes
}

// Notable reports whether e is of a kind people subscribe to.
func (e Event) Notable() bool { return e.Kind != Changed }

// silent lists the actions that tell nobody: reads, sign-ins, personal
// settings and secrets; and the alert queue's own changes, which name no
// case and so would reach every signed-in user, department heads too, who
// may not read alerts (an import or a merge is told on its case).
func silent(action string) bool {
	switch {
	case strings.HasPrefix(action, "auth."), strings.HasPrefix(action, "export."), strings.HasPrefix(action, "view."),
		strings.HasPrefix(action, "notify."): // what a person chooses to be told
		return true
	}
	switch action {
	case "evidence.download", "user.password_change", "user.password_reset", "user.profile_update",
		"alert.create", "alert.repeat", "alert.ignore":
		return true
	}
	return false
}

// byAction maps the recorded actions that are worth telling as they are.
var byAction = map[string]string{
	"case.create":              CaseCreated,
	"case.transition":          CaseStatusChanged,
	"suspension.create":        SuspensionStarted,
	"suspension.replan":        SuspensionReplanned,
	"suspension.restore":       SuspensionRestored,
	"suspension.cancel":        SuspensionCancelled,
	"suspension.update_posted": UpdatePublished,
	"custody.transferred":      EvidenceHandedOver,
}

// Recorded is what an audit event says about a change, the part FromChange reads.
type Recorded struct {
	Action     string
	OccurredAt time.Time
	ActorID    string
	CaseID     string
	EntityType string
	EntityID   string
	Changes    json.RawMessage // {field: [old, new]}
}

// FromChange returns the event a recorded change tells, and false for one
// that tells nobody. Its ID and Seq are set when it is written.
func FromChange(r Recorded) (Event, bool) {
	if silent(r.Action) {
		return Event{}, false
	}
	changes := r.Changes
	if len(changes) == 0 {
		changes = json.RawMessage("{}")
	}
	kind, ok := byAction[r.Action]
	if !ok {
		kind = Changed
		switch r.Action {
		case "case.update":
			if changed(changes, "owner_id") {
				kind = CaseAssigned
			}
		case "task.create", "task.update":
			if changed(changes, "assignee_id") {
				kind = TaskAssigned
			}
		}
	}
	data, _ := json.Marshal(struct {
		Changes json.RawMessage `json:"changes"`
	}{changes})
	return Event{
		Kind: kind, OccurredAt: r.OccurredAt, ActorID: r.ActorID, CaseID: r.CaseID,
		EntityType: r.EntityType, EntityID: r.EntityID, Action: r.Action, Data: data,
	}, true
}

// changed reports whether changes sets field to a value (not to nothing).
func changed(changes json.RawMessage, field string) bool {
	var c map[string][2]any
	if json.Unmarshal(changes, &c) != nil {
		return false
	}
	v, ok := c[field]
	return ok && v[1] != nil && v[1] != ""
}

// CaseIDs returns the cases evs are about, repeats kept; an event about no
// case (or whose case id is not one) adds none.
func CaseIDs(evs []Event) []uuid.UUID {
	var ids []uuid.UUID
	for _, e := range evs {
		if id, err := uuid.Parse(e.CaseID); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}
