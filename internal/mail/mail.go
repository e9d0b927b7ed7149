// Package mail tells people by email: a relay delivery queues one mail per
// (event, recipient) in the transaction that moves its outbox cursor; a
// sender sends what is due over SMTP, retries with backoff for 24 hours and
// then marks it undeliverable and tells the admins; digests gather a
// person's waiting mail into one; every mail carries a signed one-click
// unsubscribe link per kind. Package notify decides who is told (Audience).
package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/relay"
)

// Channel is this channel's name in people's preferences.
const Channel = "email"

// DeliveryName keys the email delivery's outbox cursor.
const DeliveryName = "email"

// Digest settings: off sends each mail as it comes.
const (
	DigestOff    = "off"
	DigestHourly = "hourly"
	DigestDaily  = "daily"
)

// DailyDigestHour is the hour of the recipient's day a daily digest leaves.
const DailyDigestHour = 8

// Recipient is one person an event is mailed to, as notify decides.
type Recipient = notify.Recipient

// Audience decides who is told (package notify): need-to-know, follows and
// preferences are its business.
type Audience interface {
	// RecipientsOf returns who receives each event of evs on channel
	// ("email"): the i-th list for evs[i], read for the whole batch at once.
	RecipientsOf(ctx context.Context, evs []events.Event, channel string) ([][]Recipient, error)
	// Unsubscribe stops kind reaching userID on channel (audited by notify).
	Unsubscribe(ctx context.Context, userID uuid.UUID, kind, channel string) error
}

// The statuses of a mail.
const (
	StatusQueued        = "queued"        // waiting to be sent (or for its digest)
	StatusRetrying      = "retrying"      // failed at least once, tried again at DueAt
	StatusSent          = "sent"          // accepted by the SMTP server
	StatusUndeliverable = "undeliverable" // failed for GiveUpAfter; admins were told
)

// Statuses lists every status.
var Statuses = []string{StatusQueued, StatusRetrying, StatusSent, StatusUndeliverable}

// Message is one mail to one person about one event.
type Message struct {
	ID        uuid.UUID
	EventID   string
	EventSeq  int64
	Kind      string
	Event     events.Event
	UserID    uuid.UUID
	Email     string
	Name      string
	TimeZone  string
	Digest    string
	Status    string
	DueAt     time.Time
	Attempts  int
	LastError string
	MessageID string // the Message-ID header, without its angle brackets
	CreatedAt time.Time
	SentAt    *time.Time
	GiveUpAt  *time.Time // set at the first failure: past it the mail is undeliverable
	Version   int
}

// Filter selects a page of mail for the admins.
type Filter struct {
	Status []string // empty: every status
	After  *Cursor
	Limit  int
}

// Cursor is the keyset of the admins' list: newest first.
type Cursor struct {
	CreatedAt time.Time `json:"c"`
	ID        uuid.UUID `json:"i"`
}

// Store is what mail needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// QueueMail stores ms, skipping any whose (event, user) is queued already.
	QueueMail(ctx context.Context, ms []Message) error
	// ClaimMail leases up to limit due mails (queued or retrying, due_at <=
	// now, no live lease) to owner until now+lease, and returns them.
	ClaimMail(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Message, error)
	// SaveMailOutcome writes m's status, attempts, due_at, last error,
	// sent_at and give_up_at and drops owner's lease; a lease lost to
	// another sender is not overwritten (false).
	SaveMailOutcome(ctx context.Context, owner string, m Message) (bool, error)
	// ListMail returns a page of mail, newest first.
	ListMail(ctx context.Context, f Filter) ([]Message, error)
	// GetMail returns one mail (NotFound).
	GetMail(ctx context.Context, id uuid.UUID) (Message, error)
	// RequeueMail makes a retrying or undeliverable mail due at now again,
	// with a fresh 24 hours; other statuses are a Conflict.
	// It returns the mail as it is now and the status it had.
	RequeueMail(ctx context.Context, id uuid.UUID, now time.Time) (m Message, was string, err error)
	// MailCase returns a case's reference and title (NotFound).
	MailCase(ctx context.Context, id uuid.UUID) (reference, title string, err error)
	ResolveNames(ctx context.Context, refs audit.Refs) (audit.Names, error)
	AppendEvent(ctx context.Context, e events.Event) error
	SigningKey(ctx context.Context, purpose string, generate func() ([]byte, error)) (auth.SigningKey, error)
}

// MessageID derives the Message-ID of the mails about eventIDs to userID:
// the same mail sent twice (a retry after a lost answer) carries the same
// one, so receivers can deduplicate.
func MessageID(eventIDs []string, userID uuid.UUID, domain string) string {
	ids := slices.Clone(eventIDs)
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, ",") + "/" + userID.String()))
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// DigestDue returns when a mail queued at now for someone with digest d in
// time zone tz leaves: now for off, the next full hour for hourly, the next
// DailyDigestHour o'clock of their day for daily.
func DigestDue(now time.Time, d, tz string) time.Time {
	loc := location(tz)
	local := now.In(loc)
	switch d {
	case DigestHourly:
		return local.Truncate(time.Hour).Add(time.Hour).UTC()
	case DigestDaily:
		next := time.Date(local.Year(), local.Month(), local.Day(), DailyDigestHour, 0, 0, 0, loc)
		if !next.After(local) {
			next = next.AddDate(0, 0, 1)
		}
		return next.UTC()
	}
	return now.UTC()
}

// location loads tz, UTC for an empty or unknown one.
func location(tz string) *time.Location {
	if tz == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}

// NewDelivery returns the email relay delivery: for each notable event, one
// mail per recipient the audience names, queued in the relay's transaction.
func NewDelivery(st Store, aud Audience, domain string, now func() time.Time) relay.Delivery {
	return relay.Delivery{Name: DeliveryName, Handle: func(ctx context.Context, evs []events.Event) error {
		recipients, err := aud.RecipientsOf(ctx, evs, Channel)
		if err != nil {
			return fmt.Errorf("who is told of %d events: %w", len(evs), err)
		}
		var ms []Message
		at := now().UTC()
		for i, e := range evs {
			for _, r := range recipients[i] {
				if r.Email == "" {
					continue
				}
				d := r.Digest
				if d != DigestHourly && d != DigestDaily {
					d = DigestOff
				}
				id, err := uuid.NewV7()
				if err != nil {
					return err
				}
				ms = append(ms, Message{ID: id, EventID: e.ID, EventSeq: e.Seq, Kind: e.Kind, Event: e, UserID: r.UserID,
					Email: r.Email, Name: r.Name, TimeZone: r.TimeZone, Digest: d, Status: StatusQueued,
					DueAt: DigestDue(at, d, r.TimeZone), MessageID: MessageID([]string{e.ID}, r.UserID, domain),
					CreatedAt: at, Version: 1})
			}
		}
		if len(ms) == 0 {
			return nil
		}
		return st.QueueMail(ctx, ms)
	}}
}

// EncodeEvent and DecodeEvent keep an event with its mail, so that the mail
// can be written after the outbox has pruned it.
func EncodeEvent(e events.Event) string {
	b, _ := json.Marshal(e)
	return string(b)
}

// DecodeEvent reads what EncodeEvent wrote.
func DecodeEvent(s string) events.Event {
	var e events.Event
	_ = json.Unmarshal([]byte(s), &e)
	return e
}
