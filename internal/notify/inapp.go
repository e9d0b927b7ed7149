package notify

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/relay"
)

// InAppDelivery is the relay delivery that fills the bell: for each event,
// one notification per in-app recipient, written in the relay's transaction.
// Who is told is read once per batch (RecipientsOf), and the sentence is
// told when the event is delivered, with one name lookup per batch, so that
// the bell (read far more often than written) is one query a page and says
// the names as they were when it happened. The relay hands it notable
// events only; RecipientsOf tells nobody of any other.
func (s *Service) InAppDelivery() relay.Delivery {
	return relay.Delivery{Name: InApp, Handle: s.handleInApp}
}

func (s *Service) handleInApp(ctx context.Context, evs []events.Event) error {
	if len(evs) == 0 {
		return nil
	}
	told := make([]audit.Event, len(evs))
	for i, e := range evs {
		told[i] = asAudit(e)
	}
	names, err := s.store.ResolveNames(ctx, audit.RefsOf(told))
	if err != nil {
		return fmt.Errorf("name what events say: %w", err)
	}
	described := map[string]bool{}
	for _, a := range narrative.Actions() {
		described[a] = true
	}
	recipients, err := s.RecipientsOf(ctx, evs, InApp)
	if err != nil {
		return fmt.Errorf("who is told of %d events: %w", len(evs), err)
	}
	var ns []Notification
	for i, e := range evs {
		to := recipients[i]
		if len(to) == 0 {
			continue
		}
		eventID, err := uuid.Parse(e.ID)
		if err != nil {
			continue
		}
		n := Notification{EventID: eventID, Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt}
		if id, err := uuid.Parse(e.CaseID); err == nil {
			n.CaseID = &id
			n.CaseReference = names.Cases[id]
		}
		if described[e.Action] {
			entry := narrative.Describe(asAudit(e), names)
			n.ActorName, n.Sentence = entry.Actor, entry.Sentence
		} else {
			n.ActorName, n.Sentence = "Caseward", events.Label(e.Kind)
		}
		for _, r := range to {
			n.ID, n.UserID = uuid.Must(uuid.NewV7()), r.UserID
			ns = append(ns, n)
		}
	}
	return s.store.AddNotifications(ctx, ns)
}

// asAudit is e as the narrative tells audit events.
func asAudit(e events.Event) audit.Event {
	var d struct {
		Changes json.RawMessage `json:"changes"`
	}
	_ = json.Unmarshal(e.Data, &d)
	return audit.Event{Seq: e.Seq, OccurredAt: e.OccurredAt, ActorID: e.ActorID, Action: e.Action,
		EntityType: e.EntityType, EntityID: e.EntityID, CaseID: e.CaseID, Changes: d.Changes}
}

// Page is one page of the caller's notifications and the seq before which
// the next one starts (0 for none).
type Page struct {
	Items []Notification
	Next  int64
}

// List returns the caller's notifications, newest first, only unread ones
// when unread is set, starting before seq beforeSeq (0: from the newest).
func (s *Service) List(ctx context.Context, unread bool, beforeSeq int64, limit int) (Page, error) {
	items, err := s.store.Notifications(ctx, cases.ScopeFrom(ctx), unread, beforeSeq, limit+1)
	if err != nil {
		return Page{}, err
	}
	var page Page
	if len(items) > limit {
		items = items[:limit]
		page.Next = items[limit-1].Seq
	}
	page.Items = items
	return page, nil
}

// UnreadCount counts the caller's unread notifications.
func (s *Service) UnreadCount(ctx context.Context) (int64, error) {
	return s.store.UnreadCount(ctx, cases.ScopeFrom(ctx))
}

// MarkRead marks one of the caller's notifications read; another user's is NotFound.
func (s *Service) MarkRead(ctx context.Context, id uuid.UUID) error {
	err := s.store.MarkRead(ctx, identity.From(ctx).UserID, id, s.now(ctx).UTC())
	if apperr.Is(err, apperr.NotFound) {
		return apperr.NotFoundf("notification not found")
	}
	return err
}

// MarkAllRead marks every notification of the caller read, and says how many were unread.
func (s *Service) MarkAllRead(ctx context.Context) (int64, error) {
	return s.store.MarkAllRead(ctx, identity.From(ctx).UserID, s.now(ctx).UTC())
}
