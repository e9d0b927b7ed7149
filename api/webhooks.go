package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/page"
	"github.com/caseward/caseward/internal/webhook"
)

// webhookHandlers: admins' webhooks and their delivery log (docs/notifications.md).
type webhookHandlers struct{ webhooks *webhook.Service }

func kindsOf(ks []gen.EventKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func toAPIWebhook(w webhook.Webhook) gen.Webhook {
	kinds := make([]gen.EventKind, len(w.Kinds))
	for i, k := range w.Kinds {
		kinds[i] = gen.EventKind(k)
	}
	return gen.Webhook{Id: w.ID, Url: w.URL, Description: w.Description, Kinds: kinds, Enabled: w.Enabled,
		IncludeRestricted: w.IncludeRestricted, FailingSince: nullableOf(w.FailingSince), DisabledAt: nullableOf(w.DisabledAt),
		PreviousSecretValidUntil: nullableOf(w.PreviousExpiresAt), Version: w.Version, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

func toAPIWebhookWithSecret(w webhook.Webhook) gen.WebhookWithSecret {
	a := toAPIWebhook(w)
	return gen.WebhookWithSecret{Id: a.Id, Url: a.Url, Description: a.Description, Kinds: a.Kinds, Enabled: a.Enabled,
		IncludeRestricted: a.IncludeRestricted, FailingSince: a.FailingSince, DisabledAt: a.DisabledAt,
		PreviousSecretValidUntil: a.PreviousSecretValidUntil, Version: a.Version, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Secret: w.Secret}
}

func toAPIDelivery(d webhook.Delivery) gen.WebhookDelivery {
	log := make([]gen.WebhookAttempt, len(d.Log))
	for i, a := range d.Log {
		var code *int32
		if a.StatusCode != nil {
			c := int32Of(*a.StatusCode)
			code = &c
		}
		log[i] = gen.WebhookAttempt{Id: a.ID, AttemptedAt: a.AttemptedAt, StatusCode: nullableOf(code), Response: a.Response,
			Error: a.Error, DurationMs: int32Of(int(a.Duration.Milliseconds()))}
	}
	var last *int32
	if d.LastStatus != nil {
		c := int32Of(*d.LastStatus)
		last = &c
	}
	return gen.WebhookDelivery{Id: d.ID, WebhookId: d.WebhookID, EventId: d.EventID, Type: d.Kind, Status: gen.WebhookDeliveryStatus(d.Status),
		Attempts: int32Of(d.Attempts), NextAttemptAt: d.NextAttemptAt, LastStatus: nullableOf(last), CreatedAt: d.CreatedAt,
		DeliveredAt: nullableOf(d.DeliveredAt), Payload: d.Payload, Log: log}
}

// ListWebhooks returns every webhook, oldest first.
func (h *webhookHandlers) ListWebhooks(ctx context.Context, _ gen.ListWebhooksRequestObject) (gen.ListWebhooksResponseObject, error) {
	list, err := h.webhooks.List(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Webhook, len(list))
	for i, w := range list {
		items[i] = toAPIWebhook(w)
	}
	return gen.ListWebhooks200JSONResponse{Body: gen.WebhookList{Items: items}}, nil
}

// CreateWebhook adds a webhook and shows its secret, once.
func (h *webhookHandlers) CreateWebhook(ctx context.Context, req gen.CreateWebhookRequestObject) (gen.CreateWebhookResponseObject, error) {
	b := req.Body
	kinds := kindsOf(b.Kinds)
	w, err := h.webhooks.Create(ctx, webhook.Settings{URL: &b.Url, Description: b.Description, Kinds: &kinds, Enabled: b.Enabled,
		IncludeRestricted: b.IncludeRestricted})
	if err != nil {
		return nil, err
	}
	return gen.CreateWebhook201JSONResponse{Body: toAPIWebhookWithSecret(w), Headers: gen.CreateWebhook201ResponseHeaders{ETag: etag(w.Version)}}, nil
}

// GetWebhook returns one webhook.
func (h *webhookHandlers) GetWebhook(ctx context.Context, req gen.GetWebhookRequestObject) (gen.GetWebhookResponseObject, error) {
	w, err := h.webhooks.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetWebhook200JSONResponse{Body: toAPIWebhook(w), Headers: gen.GetWebhook200ResponseHeaders{ETag: etag(w.Version)}}, nil
}

// UpdateWebhook changes, enables or disables a webhook.
func (h *webhookHandlers) UpdateWebhook(ctx context.Context, req gen.UpdateWebhookRequestObject) (gen.UpdateWebhookResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	p := webhook.Settings{URL: b.Url, Description: b.Description, Enabled: b.Enabled, IncludeRestricted: b.IncludeRestricted}
	if b.Kinds != nil {
		kinds := kindsOf(*b.Kinds)
		p.Kinds = &kinds
	}
	w, err := h.webhooks.Update(ctx, req.Id, version, p)
	if err != nil {
		return nil, err
	}
	return gen.UpdateWebhook200JSONResponse{Body: toAPIWebhook(w), Headers: gen.UpdateWebhook200ResponseHeaders{ETag: etag(w.Version)}}, nil
}

// DeleteWebhook removes a webhook with its log.
func (h *webhookHandlers) DeleteWebhook(ctx context.Context, req gen.DeleteWebhookRequestObject) (gen.DeleteWebhookResponseObject, error) {
	if err := h.webhooks.Delete(ctx, req.Id); err != nil {
		return nil, err
	}
	return gen.DeleteWebhook204Response{}, nil
}

// RotateWebhookSecret gives a webhook a new secret, shown once.
func (h *webhookHandlers) RotateWebhookSecret(ctx context.Context, req gen.RotateWebhookSecretRequestObject) (gen.RotateWebhookSecretResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	w, err := h.webhooks.Rotate(ctx, req.Id, version)
	if err != nil {
		return nil, err
	}
	return gen.RotateWebhookSecret200JSONResponse{Body: toAPIWebhookWithSecret(w), Headers: gen.RotateWebhookSecret200ResponseHeaders{ETag: etag(w.Version)}}, nil
}

// ListWebhookDeliveries returns a webhook's delivery log, newest first.
func (h *webhookHandlers) ListWebhookDeliveries(ctx context.Context, req gen.ListWebhookDeliveriesRequestObject) (gen.ListWebhookDeliveriesResponseObject, error) {
	var key webhook.Cursor
	n, err := pageArgs(req.Params.Limit, req.Params.Cursor, &key)
	if err != nil {
		return nil, err
	}
	var after *webhook.Cursor
	if req.Params.Cursor != nil && *req.Params.Cursor != "" {
		after = &key
	}
	list, more, err := page.Read(n, func(k int) ([]webhook.Delivery, error) { return h.webhooks.Deliveries(ctx, req.Id, after, k) })
	if err != nil {
		return nil, err
	}
	items := make([]gen.WebhookDelivery, len(list))
	for i, d := range list {
		items[i] = toAPIDelivery(d)
	}
	next := nextCursor(list, more, func(d webhook.Delivery) any { return webhook.Cursor{CreatedAt: d.CreatedAt, ID: d.ID} })
	return gen.ListWebhookDeliveries200JSONResponse{Body: gen.WebhookDeliveryList{Items: items, NextCursor: next}}, nil
}

// PingWebhook queues a test message.
func (h *webhookHandlers) PingWebhook(ctx context.Context, req gen.PingWebhookRequestObject) (gen.PingWebhookResponseObject, error) {
	d, err := h.webhooks.Ping(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.PingWebhook202JSONResponse{Body: toAPIDelivery(d)}, nil
}

// RedeliverWebhookDelivery sends a delivery again.
func (h *webhookHandlers) RedeliverWebhookDelivery(ctx context.Context, req gen.RedeliverWebhookDeliveryRequestObject) (gen.RedeliverWebhookDeliveryResponseObject, error) {
	d, err := h.webhooks.Redeliver(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.RedeliverWebhookDelivery202JSONResponse{Body: toAPIDelivery(d)}, nil
}
