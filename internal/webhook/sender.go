package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/relay"
)

// DeliveryName keys the webhooks' outbox cursor.
const DeliveryName = "webhooks"

// Body is what a webhook receives for e: {"type", "timestamp", "data"}, the
// same bytes on every attempt.
func Body(e events.Event) ([]byte, error) {
	return json.Marshal(struct {
		Type      string       `json:"type"`
		Timestamp time.Time    `json:"timestamp"`
		Data      events.Event `json:"data"` // the contract's Event
	}{e.Kind, e.OccurredAt.UTC(), e})
}

// Relay is the outbox delivery that queues one delivery per event and
// enabled webhook that wants it, in the transaction that moves the webhooks'
// cursor; the unique (webhook, event) index makes it idempotent. Events of a
// restricted case go only to webhooks with IncludeRestricted.
func Relay(st Store) relay.Delivery {
	return relay.Delivery{Name: DeliveryName, Handle: func(ctx context.Context, evs []events.Event) error {
		hooks, err := st.Webhooks(ctx)
		if err != nil {
			return err
		}
		var enabled []Webhook
		for _, w := range hooks {
			if w.Enabled {
				enabled = append(enabled, w)
			}
		}
		if len(enabled) == 0 {
			return nil
		}
		withheld, err := restrictedCases(ctx, st, evs)
		if err != nil {
			return err
		}
		now := clock.Now(ctx)
		var ds []Delivery
		for _, e := range evs {
			var body []byte
			for _, w := range enabled {
				if !w.Wants(e.Kind) {
					continue
				}
				if e.CaseID != "" && !w.IncludeRestricted && withheld[e.CaseID] {
					continue
				}
				if body == nil {
					if body, err = Body(e); err != nil {
						return err
					}
				}
				ds = append(ds, Delivery{ID: uuid.Must(uuid.NewV7()), WebhookID: w.ID, EventID: e.ID, Kind: e.Kind, Payload: body,
					Status: Pending, NextAttemptAt: now, CreatedAt: now})
			}
		}
		if len(ds) == 0 {
			return nil
		}
		return st.AddDeliveries(ctx, ds)
	}}
}

// restrictedCases reads, with one CaseAudiences for the batch, which cases
// of evs only webhooks with IncludeRestricted hear of: the restricted ones,
// those gone (nobody may be told more about them) and case ids that are not
// ids (withheld rather than guessed).
func restrictedCases(ctx context.Context, st Store, evs []events.Event) (map[string]bool, error) {
	auds, err := st.CaseAudiences(ctx, events.CaseIDs(evs))
	if err != nil {
		return nil, fmt.Errorf("who may see the cases of %d events: %w", len(evs), err)
	}
	out := map[string]bool{}
	for _, e := range evs {
		if e.CaseID == "" {
			continue
		}
		id, err := uuid.Parse(e.CaseID)
		a, found := auds[id]
		out[e.CaseID] = err != nil || !found || a.Restricted
	}
	return out, nil
}

// Sender sends the deliveries that are due. Several may run (one per
// replica): each claims its rows with a lease first.
type Sender struct {
	Store  Store
	Audit  Recorder
	Client *http.Client // Guard.Client()
	Now    func() time.Time
	Log    *slog.Logger
}

// The sender's pace. A sender claims only as many deliveries as it sends at
// once, so that each is sent within its lease: a replica killed mid-send
// holds its deliveries back for one lease, not minutes, and a delivery is
// never still waiting its turn when its lease runs out and another replica
// claims it again.
const (
	parallelism = 4
	claimBatch  = parallelism
	lease       = attemptTimeout + 10*time.Second
	sendPoll    = time.Second
)

// Run sends due deliveries until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	tick := time.NewTicker(sendPoll)
	defer tick.Stop()
	for {
		n, err := s.Once(ctx)
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("send webhooks", "err", err)
		}
		if n == claimBatch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Sender) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Once claims the deliveries due now, sends them and records each attempt;
// it returns how many it claimed.
func (s *Sender) Once(ctx context.Context) (int, error) {
	var ds []Delivery
	err := s.Store.InTx(ctx, func(ctx context.Context) error {
		var err error
		ds, err = s.Store.ClaimDeliveries(ctx, s.now(), lease, claimBatch)
		return err
	})
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallelism)
	var mu sync.Mutex
	var errs []error
	for _, d := range ds {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.send(ctx, d); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return len(ds), errors.Join(errs...)
}

// send makes one attempt of d and records it.
func (s *Sender) send(ctx context.Context, d Delivery) error {
	w, err := s.Store.Webhook(ctx, d.WebhookID)
	if err != nil {
		return err
	}
	at := s.now()
	a := Attempt{ID: uuid.Must(uuid.NewV7()), DeliveryID: d.ID, AttemptedAt: at}
	sig, err := Signature(w.Secrets(at), d.EventID, at, d.Payload)
	if err == nil {
		var req *http.Request
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(d.Payload))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "Caseward-Webhooks/1")
			req.Header.Set("webhook-id", d.EventID)
			req.Header.Set("webhook-timestamp", strconv.FormatInt(at.Unix(), 10))
			req.Header.Set("webhook-signature", sig)
			start := time.Now()
			var resp *http.Response
			resp, err = s.Client.Do(req)
			a.Duration = time.Since(start)
			if err == nil {
				code := resp.StatusCode
				a.StatusCode = &code
				a.Response = readSnippet(resp.Body)
				_ = resp.Body.Close()
			}
		}
	}
	if err != nil && ctx.Err() != nil {
		return nil // shutting down: the lease runs out and a sender tries again, not counted as a failure
	}
	if err != nil {
		a.Error = err.Error()
		if len(a.Error) > 500 {
			a.Error = a.Error[:500]
		}
	}
	ok := a.StatusCode != nil && *a.StatusCode >= 200 && *a.StatusCode < 300
	d.Attempts++
	d.LastStatus = a.StatusCode
	switch {
	case ok:
		d.Status, d.DeliveredAt = Delivered, &at
	case d.Attempts <= len(Retry):
		d.Status, d.NextAttemptAt = Pending, at.Add(Retry[d.Attempts-1])
	default:
		d.Status = Failed
	}
	// Not cancelled with ctx: an attempt made is recorded even while shutting down.
	return s.Store.InTx(context.WithoutCancel(ctx), func(ctx context.Context) error {
		if err := s.Store.FinishAttempt(ctx, d, a); err != nil {
			return err
		}
		if ok {
			return s.Store.WebhookHealthy(ctx, w.ID)
		}
		return s.failed(ctx, w.ID, at)
	})
}

// disabledNamespace derives the ids of webhook.disabled events.
var disabledNamespace = uuid.MustParse("6b0f5a52-58c4-4f0e-9a43-6f1c0e7d2a11")

// failed records a failed attempt on webhook id and switches it off when it
// has failed for DisableAfter without a success, telling the admins.
func (s *Sender) failed(ctx context.Context, id uuid.UUID, at time.Time) error {
	w, err := s.Store.WebhookFailing(ctx, id, at)
	if err != nil {
		return err
	}
	if w.FailingSince == nil || at.Sub(*w.FailingSince) < DisableAfter {
		return nil
	}
	changed, err := s.Store.DisableWebhook(ctx, id, at)
	if err != nil || !changed {
		return err
	}
	since := w.FailingSince.UTC().Format(time.RFC3339Nano)
	data, err := json.Marshal(map[string]any{"webhook_id": id, "url": w.URL, "failing_since": since})
	if err != nil {
		return err
	}
	e := events.Event{ID: uuid.NewSHA1(disabledNamespace, []byte(id.String()+"/"+since)).String(), Kind: events.WebhookDisabled,
		OccurredAt: at, EntityType: "webhook", EntityID: id.String(), Action: "webhook.disable", Data: data}
	if err := s.Store.AppendEvent(ctx, e); err != nil {
		return err
	}
	return s.Audit.Record(ctx, audit.Entry{Action: "webhook.disable", EntityType: "webhook", EntityID: id.String(), ActorEmail: "caseward",
		Changes: audit.Changes{"webhook": {nil, w.URL}, "enabled": {true, false}, "failing_since": {nil, since}}})
}

// String names a delivery in logs.
func (d Delivery) String() string { return fmt.Sprintf("delivery %s of event %s", d.ID, d.EventID) }
