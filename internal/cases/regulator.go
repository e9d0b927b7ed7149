package cases

import "time"

// NotificationWindow is how long after becoming aware of a personal data breach
// the regulator must be notified (UK GDPR / GDPR Art. 33(1)).
const NotificationWindow = 72 * time.Hour

// RegulatorStatus is derived from the case and the clock.
type RegulatorStatus string

// The regulator statuses.
const (
	RegulatorNotRequired RegulatorStatus = "not_required"
	RegulatorDue         RegulatorStatus = "due"
	RegulatorOverdue     RegulatorStatus = "overdue"
	RegulatorNotified    RegulatorStatus = "notified"
)

// RegulatorStatuses lists the valid regulator statuses.
var RegulatorStatuses = []RegulatorStatus{RegulatorNotRequired, RegulatorDue, RegulatorOverdue, RegulatorNotified}

// NotificationDueAt is when the regulator must have been told, or nil when no
// notification is required because no personal data is involved.
func (c Case) NotificationDueAt() *time.Time {
	if !c.PersonalDataInvolved {
		return nil
	}
	due := c.AwareAt.Add(NotificationWindow)
	return &due
}

// RegulatorStatusAt derives the regulator status at now. A recorded decision not
// to notify (with its rationale, Art. 33(5)) makes a notification not required.
func (c Case) RegulatorStatusAt(now time.Time) RegulatorStatus {
	due := c.NotificationDueAt()
	switch {
	case c.RegulatorNotifiedAt != nil:
		return RegulatorNotified
	case due == nil || c.RegulatorDecisionRationale != "":
		return RegulatorNotRequired
	case now.Before(*due):
		return RegulatorDue
	default:
		return RegulatorOverdue
	}
}

// NotifiedLate reports whether the recorded notification came after the deadline,
// which then needs a reason for the delay (Art. 33(1)).
func (c Case) NotifiedLate() bool {
	due := c.NotificationDueAt()
	return due != nil && c.RegulatorNotifiedAt != nil && c.RegulatorNotifiedAt.After(*due)
}
