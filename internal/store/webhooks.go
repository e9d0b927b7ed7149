package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/webhook"
)

type webhookRow struct {
	ID                uuid.UUID
	URL               string `gorm:"column:url"`
	Description       string
	Kinds             string // comma-separated
	Enabled           bool
	IncludeRestricted bool
	Secret            string
	PreviousSecret    *string
	PreviousExpiresAt *time.Time
	FailingSince      *time.Time
	DisabledAt        *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Version           int64
}

func (webhookRow) TableName() string { return "webhooks" }

func (r webhookRow) toDomain() webhook.Webhook {
	var kinds []string
	if r.Kinds != "" {
		kinds = strings.Split(r.Kinds, ",")
	}
	return webhook.Webhook{ID: r.ID, URL: r.URL, Description: r.Description, Kinds: kinds, Enabled: r.Enabled,
		IncludeRestricted: r.IncludeRestricted, Secret: r.Secret, PreviousSecret: deref(r.PreviousSecret),
		PreviousExpiresAt: utcPtr(r.PreviousExpiresAt), FailingSince: utcPtr(r.FailingSince), DisabledAt: utcPtr(r.DisabledAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}
}

type webhookDeliveryRow struct {
	ID            uuid.UUID
	WebhookID     uuid.UUID
	EventID       string
	Kind          string
	Payload       string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	ClaimedUntil  *time.Time
	LastStatus    *int
	CreatedAt     time.Time
	DeliveredAt   *time.Time
}

func (webhookDeliveryRow) TableName() string { return "webhook_deliveries" }

func (r webhookDeliveryRow) toDomain() webhook.Delivery {
	return webhook.Delivery{ID: r.ID, WebhookID: r.WebhookID, EventID: r.EventID, Kind: r.Kind, Payload: json.RawMessage(r.Payload),
		Status: r.Status, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(), LastStatus: r.LastStatus,
		CreatedAt: r.CreatedAt.UTC(), DeliveredAt: utcPtr(r.DeliveredAt)}
}

type webhookAttemptRow struct {
	ID          uuid.UUID
	DeliveryID  uuid.UUID
	AttemptedAt time.Time
	StatusCode  *int
	Response    string
	Error       string
	DurationMs  int
}

func (webhookAttemptRow) TableName() string { return "webhook_attempts" }

// Webhooks lists every webhook, oldest first.
func (db *DB) Webhooks(ctx context.Context) ([]webhook.Webhook, error) {
	var rows []webhookRow
	if err := db.conn(ctx).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "webhooks")
	}
	out := make([]webhook.Webhook, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// Webhook reads one webhook.
func (db *DB) Webhook(ctx context.Context, id uuid.UUID) (webhook.Webhook, error) {
	var r webhookRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return webhook.Webhook{}, translate(err, "webhook")
	}
	return r.toDomain(), nil
}

func webhookRowOf(w webhook.Webhook) webhookRow {
	return webhookRow{ID: w.ID, URL: w.URL, Description: w.Description, Kinds: strings.Join(w.Kinds, ","), Enabled: w.Enabled,
		IncludeRestricted: w.IncludeRestricted, Secret: w.Secret, PreviousSecret: nullable(w.PreviousSecret),
		PreviousExpiresAt: utcPtr(w.PreviousExpiresAt), FailingSince: utcPtr(w.FailingSince), DisabledAt: utcPtr(w.DisabledAt),
		CreatedAt: w.CreatedAt.UTC(), UpdatedAt: w.UpdatedAt.UTC(), Version: w.Version}
}

// CreateWebhook inserts w.
func (db *DB) CreateWebhook(ctx context.Context, w webhook.Webhook) error {
	row := webhookRowOf(w)
	return translate(db.conn(ctx).Create(&row).Error, "webhook")
}

// UpdateWebhook stores w's settings, secrets and health at version.
func (db *DB) UpdateWebhook(ctx context.Context, w webhook.Webhook, version int64) (webhook.Webhook, error) {
	r := webhookRowOf(w)
	updated, err := db.updateVersioned(ctx, &webhookRow{}, w.ID, version, map[string]any{
		"url": r.URL, "description": r.Description, "kinds": r.Kinds, "enabled": r.Enabled, "include_restricted": r.IncludeRestricted,
		"secret": r.Secret, "previous_secret": r.PreviousSecret, "previous_expires_at": r.PreviousExpiresAt,
		"failing_since": r.FailingSince, "disabled_at": r.DisabledAt}, "webhook")
	if err != nil {
		return webhook.Webhook{}, err
	}
	w.Version, w.UpdatedAt = version+1, updated.UTC()
	return w, nil
}

// DeleteWebhook removes a webhook, its deliveries and their attempts.
func (db *DB) DeleteWebhook(ctx context.Context, id uuid.UUID) error {
	c := db.conn(ctx)
	sub := c.Model(&webhookDeliveryRow{}).Select("id").Where("webhook_id = ?", id)
	if err := c.Where("delivery_id IN (?)", sub).Delete(&webhookAttemptRow{}).Error; err != nil {
		return translate(err, "webhook attempts")
	}
	if err := c.Where("webhook_id = ?", id).Delete(&webhookDeliveryRow{}).Error; err != nil {
		return translate(err, "webhook deliveries")
	}
	res := c.Where("id = ?", id).Delete(&webhookRow{})
	if res.Error != nil {
		return translate(res.Error, "webhook")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("webhook not found")
	}
	return nil
}

// WebhookFailing sets failing_since to at unless it is set, and returns the webhook.
func (db *DB) WebhookFailing(ctx context.Context, id uuid.UUID, at time.Time) (webhook.Webhook, error) {
	err := db.conn(ctx).Model(&webhookRow{}).Where("id = ? AND failing_since IS NULL", id).Update("failing_since", at.UTC()).Error
	if err != nil {
		return webhook.Webhook{}, translate(err, "webhook")
	}
	return db.Webhook(ctx, id)
}

// WebhookHealthy clears failing_since.
func (db *DB) WebhookHealthy(ctx context.Context, id uuid.UUID) error {
	err := db.conn(ctx).Model(&webhookRow{}).Where("id = ? AND failing_since IS NOT NULL", id).Update("failing_since", nil).Error
	return translate(err, "webhook")
}

// DisableWebhook switches an enabled webhook off; false when it was not on.
func (db *DB) DisableWebhook(ctx context.Context, id uuid.UUID, at time.Time) (bool, error) {
	res := db.conn(ctx).Model(&webhookRow{}).Where("id = ? AND enabled", id).Updates(map[string]any{
		"enabled": false, "disabled_at": at.UTC(), "updated_at": at.UTC(), "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return false, translate(res.Error, "webhook")
	}
	return res.RowsAffected == 1, nil
}

// AddDeliveries inserts ds; a (webhook, event) already queued is skipped.
func (db *DB) AddDeliveries(ctx context.Context, ds []webhook.Delivery) error {
	rows := make([]webhookDeliveryRow, len(ds))
	for i, d := range ds {
		rows[i] = webhookDeliveryRow{ID: d.ID, WebhookID: d.WebhookID, EventID: d.EventID, Kind: d.Kind, Payload: string(d.Payload),
			Status: d.Status, Attempts: d.Attempts, NextAttemptAt: d.NextAttemptAt.UTC(), CreatedAt: d.CreatedAt.UTC()}
	}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "webhook_id"}, {Name: "event_id"}}, DoNothing: true}).
		CreateInBatches(rows, 200).Error
	return translate(err, "webhook deliveries")
}

// ClaimDeliveries leases the due pending deliveries of enabled webhooks. The
// lease condition is repeated in the UPDATE's own WHERE, which PostgreSQL
// checks again on a row another sender changed meanwhile, so a row is never
// leased twice; SQLite has one writer.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, n int) ([]webhook.Delivery, error) {
	now = now.UTC()
	until := now.Add(lease)
	c := db.conn(ctx)
	due := c.Model(&webhookDeliveryRow{}).Select("webhook_deliveries.id").
		Joins("JOIN webhooks w ON w.id = webhook_deliveries.webhook_id AND w.enabled").
		Where("webhook_deliveries.status = ? AND webhook_deliveries.next_attempt_at <= ? AND (webhook_deliveries.claimed_until IS NULL OR webhook_deliveries.claimed_until < ?)",
			webhook.Pending, now, now).
		Order("webhook_deliveries.next_attempt_at").Limit(n)
	if db.dialect == Postgres {
		due = due.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked, Table: clause.Table{Name: "webhook_deliveries"}})
	}
	var ids []uuid.UUID
	if err := due.Pluck("webhook_deliveries.id", &ids).Error; err != nil {
		return nil, translate(err, "due webhook deliveries")
	}
	if len(ids) == 0 {
		return nil, nil
	}
	res := c.Model(&webhookDeliveryRow{}).Where("id IN ? AND status = ? AND (claimed_until IS NULL OR claimed_until < ?)", ids, webhook.Pending, now).
		Update("claimed_until", until)
	if res.Error != nil {
		return nil, translate(res.Error, "claim webhook deliveries")
	}
	var rows []webhookDeliveryRow
	if err := c.Where("id IN ? AND claimed_until = ?", ids, until).Order("next_attempt_at").Find(&rows).Error; err != nil {
		return nil, translate(err, "claimed webhook deliveries")
	}
	out := make([]webhook.Delivery, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// FinishAttempt stores d's state after an attempt, releases it and logs a.
func (db *DB) FinishAttempt(ctx context.Context, d webhook.Delivery, a webhook.Attempt) error {
	c := db.conn(ctx)
	err := c.Model(&webhookDeliveryRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"status": d.Status, "attempts": d.Attempts, "next_attempt_at": d.NextAttemptAt.UTC(), "claimed_until": nil,
		"last_status": d.LastStatus, "delivered_at": utcPtr(d.DeliveredAt)}).Error
	if err != nil {
		return translate(err, "webhook delivery")
	}
	row := webhookAttemptRow{ID: a.ID, DeliveryID: a.DeliveryID, AttemptedAt: a.AttemptedAt.UTC(), StatusCode: a.StatusCode,
		Response: a.Response, Error: a.Error, DurationMs: int(a.Duration / time.Millisecond)}
	return translate(c.Create(&row).Error, "webhook attempt")
}

// Deliveries lists a webhook's deliveries newest first after the cursor,
// with their attempts (newest first).
func (db *DB) Deliveries(ctx context.Context, webhookID uuid.UUID, after *webhook.Cursor, limit int) ([]webhook.Delivery, error) {
	q := db.reader(ctx).Where("webhook_id = ?", webhookID)
	if after != nil {
		q = q.Where("created_at < ? OR (created_at = ? AND id < ?)", after.CreatedAt.UTC(), after.CreatedAt.UTC(), after.ID)
	}
	var rows []webhookDeliveryRow
	if err := q.Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "webhook deliveries")
	}
	return db.withAttempts(ctx, rows)
}

func (db *DB) withAttempts(ctx context.Context, rows []webhookDeliveryRow) ([]webhook.Delivery, error) {
	out := make([]webhook.Delivery, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var attempts []webhookAttemptRow
	if err := db.reader(ctx).Where("delivery_id IN ?", ids).Order("attempted_at DESC, id DESC").Find(&attempts).Error; err != nil {
		return nil, translate(err, "webhook attempts")
	}
	by := map[uuid.UUID][]webhook.Attempt{}
	for _, a := range attempts {
		by[a.DeliveryID] = append(by[a.DeliveryID], webhook.Attempt{ID: a.ID, DeliveryID: a.DeliveryID, AttemptedAt: a.AttemptedAt.UTC(),
			StatusCode: a.StatusCode, Response: a.Response, Error: a.Error, Duration: time.Duration(a.DurationMs) * time.Millisecond})
	}
	for i, r := range rows {
		out[i] = r.toDomain()
		out[i].Log = by[r.ID]
	}
	return out, nil
}

// Delivery reads one delivery with its attempts.
func (db *DB) Delivery(ctx context.Context, id uuid.UUID) (webhook.Delivery, error) {
	var r webhookDeliveryRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return webhook.Delivery{}, translate(err, "webhook delivery")
	}
	out, err := db.withAttempts(ctx, []webhookDeliveryRow{r})
	if err != nil {
		return webhook.Delivery{}, err
	}
	return out[0], nil
}

// RequeueDelivery makes a delivery pending and due at at.
func (db *DB) RequeueDelivery(ctx context.Context, id uuid.UUID, at time.Time) error {
	res := db.conn(ctx).Model(&webhookDeliveryRow{}).Where("id = ?", id).Updates(map[string]any{
		"status": webhook.Pending, "next_attempt_at": at.UTC().Truncate(time.Microsecond), "claimed_until": nil, "delivered_at": nil})
	if res.Error != nil {
		return translate(res.Error, "webhook delivery")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("webhook delivery not found")
	}
	return nil
}

var _ webhook.Store = (*DB)(nil)
