// Package notify decides who is told about an event and keeps what the app's
// bell shows: follows of cases, services and departments, each user's
// choice of channels per kind of event, and the in-app notifications.
package notify

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/events"
)

// The channels a user chooses between, per kind of event.
const (
	InApp = "in_app"
	Email = "email"
)

// Channels lists the channels in the order the SPA shows them.
var Channels = []string{InApp, Email}

// The email digests: each mail at once, or gathered hourly or daily.
const (
	DigestOff    = "off"
	DigestHourly = "hourly"
	DigestDaily  = "daily"
)

// What a user may follow.
const (
	TargetCase       = "case"
	TargetService    = "service"
	TargetDepartment = "department"
)

// Recipient is one person an event reaches on a channel, with what the
// channel needs to write to them.
type Recipient struct {
	UserID                        uuid.UUID
	Email, Name, TimeZone, Digest string
}

// Person is a user as recipients are chosen: who they are and what they may see.
type Person struct {
	ID           uuid.UUID
	Email, Name  string
	Role         string
	DepartmentID *uuid.UUID
	TimeZone     string
}

// Follow is one thing a user follows. Implicit is a department head's
// default follow of their own department, which has no row of its own.
type Follow struct {
	TargetType string
	TargetID   uuid.UUID
	Name       string // a case's reference, a service's or department's name
	Implicit   bool
	CreatedAt  time.Time
}

// FollowRow is a follow as stored: Following is false for a department
// head's refusal of their default follow.
type FollowRow struct {
	UserID     uuid.UUID
	TargetType string
	TargetID   uuid.UUID
	Following  bool
}

// Key names one switch of the preferences: a kind of event on a channel.
type Key struct{ Kind, Channel string }

// Preferences are a user's choices, every switch filled in (defaults for
// those never changed).
type Preferences struct {
	Digest  string
	Enabled map[Key]bool
}

// Choice is one switch a user sets.
type Choice struct {
	Kind, Channel string
	Enabled       bool
}

// Stored are a user's choices as stored: only those that differ from a
// default, and the digest ("" when never set).
type Stored struct {
	Digest  string
	Choices map[Key]bool
}

// Notification is one line of a user's bell.
type Notification struct {
	ID            uuid.UUID
	UserID        uuid.UUID
	EventID       uuid.UUID
	Seq           int64
	Kind          string
	CaseID        *uuid.UUID
	CaseReference string
	// CaseTitle is the case's title as it is when the list is read, empty
	// when the reader may not see the case now (or there is none). It is
	// never stored with the notification: a title changes.
	CaseTitle  string
	ActorName  string
	Sentence   string
	OccurredAt time.Time
	ReadAt     *time.Time
}

// emailByDefault lists the kinds mailed unless a user turns them off: those
// with a deadline or a person named in them.
var emailByDefault = map[string]bool{
	events.ClockDueSoon: true, events.ClockOverdue: true, events.CaseAssigned: true,
	events.TaskAssigned: true, events.TaskOverdue: true, events.MilestoneOverdue: true,
	events.SuspensionStarted: true, events.SuspensionReplanned: true, events.SuspensionRestored: true,
	events.SuspensionCancelled: true, events.UpdatePublished: true,
	events.WebhookDisabled: true, events.MailUndeliverable: true,
}

// Default reports whether kind reaches a user of role on channel when they
// never chose: in the app every kind, by mail those in emailByDefault. The
// notices about Caseward's own deliveries are for admins only.
func Default(kind, channel, role string) bool {
	if events.ForAdmins(kind) && role != "admin" {
		return false
	}
	if channel == InApp {
		return true
	}
	return emailByDefault[kind]
}

// validChannel reports whether channel is one of Channels.
func validChannel(channel string) bool { return channel == InApp || channel == Email }

// validDigest reports whether d is a digest setting.
func validDigest(d string) bool { return d == DigestOff || d == DigestHourly || d == DigestDaily }
