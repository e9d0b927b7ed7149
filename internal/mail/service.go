package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/page"
	"github.com/caseward/caseward/internal/relay"
)

// Transport sends one message to one recipient (SMTP does).
type Transport interface {
	Send(ctx context.Context, from, to string, msg []byte) error
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Options configure the service.
type Options struct {
	From      string // the From address (CASEWARD_MAIL_FROM)
	FromName  string // shown with it; "Caseward" when empty
	PublicURL string // base of links (CASEWARD_PUBLIC_URL), without a trailing slash
	// Transport sends mail; nil: mail is off and the sender sends nothing.
	Transport Transport
	// GiveUpAfter is how long a failing mail is retried (24 h when zero).
	GiveUpAfter time.Duration
	// Backoff is the first retry's delay (1 min when zero); each further
	// one doubles, up to MaxBackoff (1 h when zero).
	Backoff, MaxBackoff time.Duration
	// Lease is how long a sender holds the mail it claimed (5 min when zero).
	Lease time.Duration
	// Now is the wall clock (time.Now when nil); tests move it.
	Now func() time.Time
	Log *slog.Logger
}

// Service sends mail and answers the admins' and the unsubscribe links'
// requests.
type Service struct {
	store    Store
	audience Audience
	audit    Recorder
	opt      Options
	owner    string
	domain   string
	told     map[string]bool // the actions narrative has a sentence for
}

// New returns the service. audience is package notify's (the unsubscribe
// links call it).
func New(st Store, audience Audience, rec Recorder, opt Options) *Service {
	if opt.FromName == "" {
		opt.FromName = "Caseward"
	}
	if opt.GiveUpAfter == 0 {
		opt.GiveUpAfter = 24 * time.Hour
	}
	if opt.Backoff == 0 {
		opt.Backoff = time.Minute
	}
	if opt.MaxBackoff == 0 {
		opt.MaxBackoff = time.Hour
	}
	if opt.Lease == 0 {
		opt.Lease = 5 * time.Minute
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	opt.PublicURL = strings.TrimRight(opt.PublicURL, "/")
	domain := "caseward.invalid"
	if _, d, ok := strings.Cut(opt.From, "@"); ok && d != "" {
		domain = d
	}
	told := map[string]bool{}
	for _, a := range narrative.Actions() {
		told[a] = true
	}
	return &Service{store: st, audience: audience, audit: rec, opt: opt, owner: uuid.NewString(), domain: domain, told: told}
}

// Enabled reports whether mail is on (an SMTP server is configured).
func (s *Service) Enabled() bool { return s.opt.Transport != nil }

// Delivery returns the email relay delivery (run it only when Enabled: with
// mail off nothing is queued).
func (s *Service) Delivery() relay.Delivery {
	return NewDelivery(s.store, s.audience, s.domain, s.opt.Now)
}

// Domain is the right-hand side of the Message-IDs this service writes.
func (s *Service) Domain() string { return s.domain }

// backoff returns the delay after the attempts-th failure.
func (s *Service) backoff(attempts int) time.Duration {
	d := s.opt.Backoff
	for i := 1; i < attempts && d < s.opt.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.opt.MaxBackoff)
}

// SendBatch is the most mail one round of the sender claims.
const SendBatch = 100

// SendDue sends the mail that is due, a digest's waiting mail as one, and
// returns how many mails (rows) it handled.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	if !s.Enabled() {
		return 0, nil
	}
	now := s.opt.Now().UTC()
	ms, err := s.store.ClaimMail(ctx, s.owner, now, s.opt.Lease, SendBatch)
	if err != nil || len(ms) == 0 {
		return 0, err
	}
	for _, group := range groups(ms) {
		if err := s.send(ctx, group); err != nil {
			return 0, err
		}
	}
	return len(ms), nil
}

// groups puts each person's digest mail in one group and every other mail
// in a group of its own.
func groups(ms []Message) [][]Message {
	var out [][]Message
	digest := map[uuid.UUID]int{}
	for _, m := range ms {
		if m.Digest == DigestOff {
			out = append(out, []Message{m})
			continue
		}
		if i, ok := digest[m.UserID]; ok {
			out[i] = append(out[i], m)
			continue
		}
		digest[m.UserID] = len(out)
		out = append(out, []Message{m})
	}
	return out
}

// send sends one group as one mail and records the outcome of each row.
func (s *Service) send(ctx context.Context, group []Message) error {
	slices.SortFunc(group, func(a, b Message) int { return int(a.EventSeq - b.EventSeq) })
	msg, err := s.write(ctx, group)
	if err == nil {
		err = s.opt.Transport.Send(ctx, s.opt.From, group[0].Email, msg)
	}
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: the lease runs out and another round sends it
	}
	now := s.opt.Now().UTC()
	return s.store.InTx(ctx, func(ctx context.Context) error {
		for _, m := range group {
			if err == nil {
				m.Status, m.SentAt, m.LastError = StatusSent, &now, ""
			} else {
				m.Attempts++
				m.LastError = clip(oneLine(err.Error()), 1000)
				if m.GiveUpAt == nil {
					giveUp := now.Add(s.opt.GiveUpAfter)
					m.GiveUpAt = &giveUp
				}
				if now.Before(*m.GiveUpAt) {
					m.Status, m.DueAt = StatusRetrying, now.Add(s.backoff(m.Attempts))
				} else {
					m.Status = StatusUndeliverable
				}
			}
			kept, serr := s.store.SaveMailOutcome(ctx, s.owner, m)
			if serr != nil {
				return serr
			}
			// A notice about mail that could not be sent is itself not
			// noticed again when it cannot be: that would go round daily.
			if kept && m.Status == StatusUndeliverable && m.Kind != events.MailUndeliverable {
				if err := s.store.AppendEvent(ctx, undeliverable(m, now)); err != nil {
					return err
				}
			}
		}
		if err != nil {
			s.opt.Log.Warn("send mail", "to_user", group[0].UserID, "mails", len(group), "attempts", group[0].Attempts+1, "err", err)
		}
		return nil
	})
}

// undeliverableSpace derives the ids of the admins' notices about mail.
var undeliverableSpace = uuid.MustParse("5f0b8f6e-6f5e-4a43-9d5e-1c0c2b6b7a31")

// undeliverable is the admins' notice that m could not be sent; its id comes
// from m's, so it is told once.
func undeliverable(m Message, at time.Time) events.Event {
	data, _ := json.Marshal(map[string]any{
		"changes": map[string]any{},
		"mail":    map[string]any{"id": m.ID, "kind": m.Kind, "event_id": m.EventID, "attempts": m.Attempts, "last_error": m.LastError},
	})
	return events.Event{
		ID: uuid.NewSHA1(undeliverableSpace, []byte(m.ID.String())).String(), Kind: events.MailUndeliverable,
		OccurredAt: at, EntityType: "mail", EntityID: m.ID.String(), CaseID: m.Event.CaseID,
		Action: "mail.undeliverable", Data: data,
	}
}

// write composes the mail about group's events to their recipient.
func (s *Service) write(ctx context.Context, group []Message) ([]byte, error) {
	first := group[0]
	items := make([]Item, 0, len(group))
	kinds := map[string]bool{}
	var ids []string
	for _, m := range group {
		it, err := s.item(ctx, m)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
		kinds[m.Kind] = true
		ids = append(ids, m.EventID)
	}
	l := Letter{From: s.opt.From, FromName: s.opt.FromName, To: first.Email, ToName: first.Name,
		Subject: subject(items), Date: s.opt.Now(), Items: items, MessageID: first.MessageID}
	if len(group) > 1 {
		l.MessageID = MessageID(ids, first.UserID, s.domain)
		l.Intro = fmt.Sprintf("Hello %s, here is what happened since your last %s digest.", first.Name, first.Digest)
	} else {
		l.Intro = fmt.Sprintf("Hello %s,", first.Name)
	}
	if len(kinds) == 1 {
		l.Unsubscribe = items[0].OneClick
	}
	return l.Bytes()
}

// item tells one event for its recipient.
func (s *Service) item(ctx context.Context, m Message) (Item, error) {
	e := m.Event
	it := Item{Kind: m.Kind, Label: label(m.Kind), Sentence: label(m.Kind) + ".", When: formatWhen(e.OccurredAt, m.TimeZone)}
	if id, err := uuid.Parse(e.CaseID); err == nil {
		ref, title, err := s.store.MailCase(ctx, id)
		switch {
		case err == nil:
			it.Reference, it.CaseTitle = ref, title
			it.Link = s.opt.PublicURL + "/cases/" + id.String()
		case !apperr.Is(err, apperr.NotFound):
			return Item{}, err
		}
	}
	if s.told[e.Action] {
		var changes json.RawMessage
		var d struct {
			Changes json.RawMessage `json:"changes"`
		}
		if json.Unmarshal(e.Data, &d) == nil {
			changes = d.Changes
		}
		ae := audit.Event{Action: e.Action, ActorID: e.ActorID, CaseID: e.CaseID, EntityType: e.EntityType, EntityID: e.EntityID,
			Changes: changes, OccurredAt: e.OccurredAt}
		names, err := s.store.ResolveNames(ctx, audit.RefsOf([]audit.Event{ae}))
		if err != nil {
			return Item{}, err
		}
		entry := narrative.Describe(ae, names)
		it.Sentence = entry.Actor + " " + entry.Sentence + "."
	}
	tok, err := s.Token(ctx, Unsubscription{UserID: m.UserID, Kind: m.Kind})
	if err != nil {
		return Item{}, err
	}
	it.Unsub = s.opt.PublicURL + "/unsubscribe?token=" + url.QueryEscape(tok)
	it.OneClick = s.opt.PublicURL + "/api/v1/mail/unsubscribe?token=" + url.QueryEscape(tok)
	return it, nil
}

// Poll is how often the sender looks for due mail without being woken.
const Poll = 5 * time.Second

// RunSender sends due mail until ctx ends: every Poll, and when wake fires
// (new events were committed: the email delivery may have queued mail).
func (s *Service) RunSender(ctx context.Context, bus *events.Bus) {
	wake, stop := bus.Subscribe()
	defer stop()
	tick := time.NewTicker(Poll)
	defer tick.Stop()
	for {
		n, err := s.SendDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.opt.Log.Warn("send due mail", "err", err)
		}
		if n == SendBatch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
			// The delivery queues in its own transaction after the
			// commit that woke us: give it a moment.
			select {
			case <-ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		case <-tick.C:
		}
	}
}

// List returns a page of at most f.Limit mails for the admins, newest
// first, and whether more follow.
func (s *Service) List(ctx context.Context, f Filter) ([]Message, bool, error) {
	for _, st := range f.Status {
		if !slices.Contains(Statuses, st) {
			return nil, false, apperr.Invalidf([]apperr.FieldError{{Field: "status", Message: "Status must be queued, retrying, sent or undeliverable."}}, "unknown mail status")
		}
	}
	return page.Read(f.Limit, func(n int) ([]Message, error) {
		f.Limit = n
		return s.store.ListMail(ctx, f)
	})
}

// Retry sends a retrying or undeliverable mail again now, with another 24
// hours of tries; audited as mail.retry.
func (s *Service) Retry(ctx context.Context, id uuid.UUID) (Message, error) {
	var out Message
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		m, was, err := s.store.RequeueMail(ctx, id, s.opt.Now().UTC())
		if err != nil {
			return err
		}
		out = m
		return s.audit.Record(ctx, audit.Entry{Action: "mail.retry", EntityType: "mail", EntityID: id.String(),
			CaseID: m.Event.CaseID, Changes: audit.Changes{"status": {was, StatusQueued}, "kind": {nil, m.Kind}, "recipient": {nil, m.Name}}})
	})
	return out, err
}

// Preview says what an unsubscribe link will do, changing nothing.
func (s *Service) Preview(ctx context.Context, token string) (Unsubscription, error) {
	return s.ReadToken(ctx, token)
}

// Unsubscribe does what an unsubscribe link says: kind no longer reaches its
// person by email.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	u, err := s.ReadToken(ctx, token)
	if err != nil {
		return u, err
	}
	if s.audience == nil {
		return u, apperr.New(apperr.Unavailable, "notification settings are not available")
	}
	return u, s.audience.Unsubscribe(ctx, u.UserID, u.Kind, Channel)
}
