// Package webhook sends the outbox's events to the URLs admins configure,
// signed as the Standard Webhooks specification says (webhook-id,
// webhook-timestamp, webhook-signature), retried with exponential backoff for
// a day, logged attempt by attempt, and kept away from internal addresses
// (Guard). See docs/notifications.md.
package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/events"
)

// Webhook is one receiver admins configured.
type Webhook struct {
	ID                uuid.UUID
	URL               string
	Description       string
	Kinds             []string // a non-empty subset of events.Kinds
	Enabled           bool
	IncludeRestricted bool // events of restricted cases are sent only when set
	Secret            string
	PreviousSecret    string     // valid until PreviousExpiresAt after a rotation
	PreviousExpiresAt *time.Time // nil: no previous secret
	FailingSince      *time.Time // the first failed attempt since the last success
	DisabledAt        *time.Time // set when failures switched it off
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int64
}

// Wants reports whether w takes events of kind.
func (w Webhook) Wants(kind string) bool { return slices.Contains(w.Kinds, kind) }

// Secrets are the secrets a message is signed with at t: the current one, and
// the previous one while it is still valid.
func (w Webhook) Secrets(t time.Time) []string {
	out := []string{w.Secret}
	if w.PreviousSecret != "" && w.PreviousExpiresAt != nil && t.Before(*w.PreviousExpiresAt) {
		out = append(out, w.PreviousSecret)
	}
	return out
}

// The states of a delivery.
const (
	Pending   = "pending"   // waiting for its next attempt
	Delivered = "delivered" // a 2xx answer
	Failed    = "failed"    // every attempt of the schedule failed
)

// PingKind is the type of the test message an admin sends by hand.
const PingKind = "webhook.ping"

// Delivery is one event on its way to one webhook.
type Delivery struct {
	ID            uuid.UUID
	WebhookID     uuid.UUID
	EventID       string // the webhook-id header: receivers deduplicate on it
	Kind          string
	Payload       json.RawMessage // the body, the same on every attempt
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastStatus    *int
	CreatedAt     time.Time
	DeliveredAt   *time.Time
	Log           []Attempt // newest first, when read for the log
}

// Attempt is one try to send a delivery.
type Attempt struct {
	ID          uuid.UUID
	DeliveryID  uuid.UUID
	AttemptedAt time.Time
	StatusCode  *int
	Response    string // the start of the response body
	Error       string
	Duration    time.Duration
}

// Retry is how long to wait after each failed attempt: the Standard
// Webhooks schedule. The last attempt is made about 27.6 hours after the
// first; a delivery whose attempts all fail is Failed.
var Retry = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// DisableAfter is how long a webhook may fail without a single success
// before it is switched off.
const DisableAfter = 24 * time.Hour

// Cursor is the keyset of the delivery log (newest first).
type Cursor struct {
	CreatedAt time.Time `json:"t"`
	ID        uuid.UUID `json:"i"`
}

// Store is what webhooks need from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	AppendEvent(ctx context.Context, e events.Event) error
	// CaseAudiences returns who may see each case of ids that exists.
	CaseAudiences(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]cases.Audience, error)
	// Webhooks lists every webhook, oldest first.
	Webhooks(ctx context.Context) ([]Webhook, error)
	// Webhook reads one (NotFound otherwise).
	Webhook(ctx context.Context, id uuid.UUID) (Webhook, error)
	CreateWebhook(ctx context.Context, w Webhook) error
	// UpdateWebhook stores w's settings and secrets if its version is still
	// version, and returns it as stored.
	UpdateWebhook(ctx context.Context, w Webhook, version int64) (Webhook, error)
	DeleteWebhook(ctx context.Context, id uuid.UUID) error
	// WebhookFailing records a failed attempt: failing_since is set if it was
	// not. It returns the webhook as it is now.
	WebhookFailing(ctx context.Context, id uuid.UUID, at time.Time) (Webhook, error)
	// WebhookHealthy clears failing_since.
	WebhookHealthy(ctx context.Context, id uuid.UUID) error
	// DisableWebhook switches an enabled webhook off (its version moves on);
	// false when it already was.
	DisableWebhook(ctx context.Context, id uuid.UUID, at time.Time) (bool, error)
	// AddDeliveries inserts ds, skipping those whose (webhook, event) exists.
	AddDeliveries(ctx context.Context, ds []Delivery) error
	// ClaimDeliveries leases up to n pending deliveries of enabled webhooks
	// due at now until now+lease, so that no other sender takes them.
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, n int) ([]Delivery, error)
	// FinishAttempt stores d's new state, releases its lease and adds a.
	FinishAttempt(ctx context.Context, d Delivery, a Attempt) error
	// Deliveries lists a webhook's deliveries newest first after the cursor,
	// each with its attempts.
	Deliveries(ctx context.Context, webhookID uuid.UUID, after *Cursor, limit int) ([]Delivery, error)
	// Delivery reads one with its attempts (NotFound otherwise).
	Delivery(ctx context.Context, id uuid.UUID) (Delivery, error)
	// RequeueDelivery makes d pending and due at at.
	RequeueDelivery(ctx context.Context, id uuid.UUID, at time.Time) error
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the webhooks' use cases; the contract keeps them to admins.
type Service struct {
	store Store
	audit Recorder
	guard Guard
	now   func(context.Context) time.Time
}

// NewService returns a Service that checks URLs with guard.
func NewService(store Store, audit Recorder, guard Guard) *Service {
	return &Service{store: store, audit: audit, guard: guard, now: clock.Now}
}

// Limits of what a webhook holds.
const (
	maxURL         = 2000
	maxDescription = 1000
	maxWebhooks    = 100
)

// Settings are what an admin sets on a webhook.
type Settings struct {
	URL               *string
	Description       *string
	Kinds             *[]string
	Enabled           *bool
	IncludeRestricted *bool
}

func (s *Service) apply(ctx context.Context, w *Webhook, p Settings) []apperr.FieldError {
	var f []apperr.FieldError
	if p.URL != nil {
		w.URL = strings.TrimSpace(*p.URL)
		if utf8.RuneCountInString(w.URL) > maxURL {
			f = append(f, apperr.FieldError{Field: "url", Message: fmt.Sprintf("must be at most %d characters", maxURL)})
		} else if why := s.guard.CheckURL(ctx, w.URL); why != "" {
			f = append(f, apperr.FieldError{Field: "url", Message: why})
		}
	}
	if p.Description != nil {
		w.Description = strings.TrimSpace(*p.Description)
		f = apperr.MaxLength(f, "description", w.Description, maxDescription)
	}
	if p.Kinds != nil {
		kinds := []string{}
		for _, k := range *p.Kinds {
			if !events.Known(k) {
				f = append(f, apperr.FieldError{Field: "kinds", Message: fmt.Sprintf("names %q, which is not a kind of event webhooks may receive", k)})
				break
			}
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		if len(kinds) == 0 && len(f) == 0 {
			f = append(f, apperr.FieldError{Field: "kinds", Message: "must name at least one kind of event"})
		}
		w.Kinds = kinds
	}
	if p.Enabled != nil {
		w.Enabled = *p.Enabled
	}
	if p.IncludeRestricted != nil {
		w.IncludeRestricted = *p.IncludeRestricted
	}
	return f
}

// List returns every webhook, oldest first.
func (s *Service) List(ctx context.Context) ([]Webhook, error) { return s.store.Webhooks(ctx) }

// Get returns one webhook.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Webhook, error) {
	return s.store.Webhook(ctx, id)
}

// Create adds a webhook with a fresh secret, returned only now.
func (s *Service) Create(ctx context.Context, p Settings) (Webhook, error) {
	w := Webhook{Enabled: true}
	if p.URL == nil || p.Kinds == nil {
		return Webhook{}, apperr.Invalidf([]apperr.FieldError{{Field: "url", Message: "is required"}}, "the webhook is not valid")
	}
	if f := s.apply(ctx, &w, p); len(f) > 0 {
		return Webhook{}, apperr.Invalidf(f, "the webhook is not valid")
	}
	now := s.now(ctx).UTC().Truncate(time.Microsecond)
	w.ID, w.Secret, w.CreatedAt, w.UpdatedAt, w.Version = uuid.Must(uuid.NewV7()), NewSecret(), now, now, 1
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		all, err := s.store.Webhooks(ctx)
		if err != nil {
			return err
		}
		if len(all) >= maxWebhooks {
			return apperr.New(apperr.Conflict, fmt.Sprintf("there are already %d webhooks: delete one first", maxWebhooks))
		}
		if err := s.store.CreateWebhook(ctx, w); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.create", EntityType: "webhook", EntityID: w.ID.String(), Changes: audit.Changes{
			"url": {nil, w.URL}, "description": {nil, w.Description}, "kinds": {nil, strings.Join(w.Kinds, ", ")},
			"enabled": {nil, w.Enabled}, "include_restricted": {nil, w.IncludeRestricted}}})
	})
	if err != nil {
		return Webhook{}, err
	}
	return w, nil
}

// Update changes a webhook's settings. Enabling it again forgets its failures.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, p Settings) (Webhook, error) {
	var out Webhook
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Webhook(ctx, id)
		if err != nil {
			return err
		}
		w := old
		if f := s.apply(ctx, &w, p); len(f) > 0 {
			return apperr.Invalidf(f, "the webhook is not valid")
		}
		if w.Enabled && !old.Enabled {
			w.FailingSince, w.DisabledAt = nil, nil
		}
		ch := audit.Changes{}
		if w.URL != old.URL {
			ch["url"] = [2]any{old.URL, w.URL}
		}
		if w.Description != old.Description {
			ch["description"] = [2]any{old.Description, w.Description}
		}
		if a, b := strings.Join(old.Kinds, ", "), strings.Join(w.Kinds, ", "); a != b {
			ch["kinds"] = [2]any{a, b}
		}
		if w.Enabled != old.Enabled {
			ch["enabled"] = [2]any{old.Enabled, w.Enabled}
		}
		if w.IncludeRestricted != old.IncludeRestricted {
			ch["include_restricted"] = [2]any{old.IncludeRestricted, w.IncludeRestricted}
		}
		if out, err = s.store.UpdateWebhook(ctx, w, version); err != nil {
			return err
		}
		if len(ch) == 0 {
			return nil
		}
		ch["webhook"] = [2]any{nil, w.URL}
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.update", EntityType: "webhook", EntityID: id.String(), Changes: ch})
	})
	return out, err
}

// Delete removes a webhook with its delivery log.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		w, err := s.store.Webhook(ctx, id)
		if err != nil {
			return err
		}
		if err := s.store.DeleteWebhook(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.delete", EntityType: "webhook", EntityID: id.String(),
			Changes: audit.Changes{"webhook": {w.URL, nil}}})
	})
}

// PreviousSecretValidity is how long a rotated-out secret still signs.
const PreviousSecretValidity = 24 * time.Hour

// Rotate gives a webhook a new secret, returned only now; the one it had
// keeps signing too for PreviousSecretValidity, so receivers can switch.
func (s *Service) Rotate(ctx context.Context, id uuid.UUID, version int64) (Webhook, error) {
	var out Webhook
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		w, err := s.store.Webhook(ctx, id)
		if err != nil {
			return err
		}
		until := s.now(ctx).UTC().Add(PreviousSecretValidity).Truncate(time.Microsecond)
		w.PreviousSecret, w.PreviousExpiresAt, w.Secret = w.Secret, &until, NewSecret()
		if out, err = s.store.UpdateWebhook(ctx, w, version); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.rotate_secret", EntityType: "webhook", EntityID: id.String(),
			Changes: audit.Changes{"webhook": {nil, w.URL}, "previous_valid_until": {nil, until.Format(time.RFC3339)}}})
	})
	return out, err
}

// Deliveries lists a webhook's delivery log, newest first, with the
// attempts of each.
func (s *Service) Deliveries(ctx context.Context, id uuid.UUID, after *Cursor, limit int) ([]Delivery, error) {
	if _, err := s.store.Webhook(ctx, id); err != nil {
		return nil, err
	}
	return s.store.Deliveries(ctx, id, after, limit)
}

// Redeliver sends a delivery again now, whatever became of it: one attempt,
// then the rest of the schedule if it had any left.
func (s *Service) Redeliver(ctx context.Context, id uuid.UUID) (Delivery, error) {
	var out Delivery
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		d, err := s.store.Delivery(ctx, id)
		if err != nil {
			return err
		}
		w, err := s.store.Webhook(ctx, d.WebhookID)
		if err != nil {
			return err
		}
		if !w.Enabled {
			return apperr.New(apperr.Conflict, "the webhook is switched off: enable it first")
		}
		if err := s.store.RequeueDelivery(ctx, id, s.now(ctx)); err != nil {
			return err
		}
		if out, err = s.store.Delivery(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.redeliver", EntityType: "webhook", EntityID: w.ID.String(),
			Changes: audit.Changes{"webhook": {nil, w.URL}, "event_id": {nil, d.EventID}}})
	})
	return out, err
}

// Ping queues a test message (type webhook.ping) to a webhook, sent at once.
func (s *Service) Ping(ctx context.Context, id uuid.UUID) (Delivery, error) {
	var out Delivery
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		w, err := s.store.Webhook(ctx, id)
		if err != nil {
			return err
		}
		if !w.Enabled {
			return apperr.New(apperr.Conflict, "the webhook is switched off: enable it first")
		}
		now := s.now(ctx).UTC().Truncate(time.Microsecond)
		eventID := uuid.Must(uuid.NewV7()).String()
		body, err := json.Marshal(map[string]any{"type": PingKind, "timestamp": now,
			"data": map[string]any{"webhook_id": w.ID, "message": "A test message from Caseward"}})
		if err != nil {
			return err
		}
		d := Delivery{ID: uuid.Must(uuid.NewV7()), WebhookID: w.ID, EventID: eventID, Kind: PingKind, Payload: body,
			Status: Pending, NextAttemptAt: now, CreatedAt: now}
		if err := s.store.AddDeliveries(ctx, []Delivery{d}); err != nil {
			return err
		}
		out = d
		return s.audit.Record(ctx, audit.Entry{Action: "webhook.ping", EntityType: "webhook", EntityID: w.ID.String(),
			Changes: audit.Changes{"webhook": {nil, w.URL}}})
	})
	return out, err
}
