package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/audit"
)

type auditRow struct {
	Seq        int64 `gorm:"primaryKey;autoIncrement:false"`
	OccurredAt time.Time
	ActorID    *string
	ActorEmail *string
	Action     string
	EntityType string
	EntityID   *string
	CaseID     *string
	RequestID  *string
	IP         *string `gorm:"column:ip"`
	Changes    string
	PrevHash   string
	Hash       string
}

func (auditRow) TableName() string { return "audit_events" }

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func toAuditRow(e audit.Event) auditRow {
	return auditRow{
		Seq: e.Seq, OccurredAt: e.OccurredAt, ActorID: nullable(e.ActorID), ActorEmail: nullable(e.ActorEmail),
		Action: e.Action, EntityType: e.EntityType, EntityID: nullable(e.EntityID), CaseID: nullable(e.CaseID),
		RequestID: nullable(e.RequestID), IP: nullable(e.IP), Changes: string(e.Changes), PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

func (r auditRow) toDomain() audit.Event {
	return audit.Event{
		Seq: r.Seq, OccurredAt: r.OccurredAt.UTC(), ActorID: deref(r.ActorID), ActorEmail: deref(r.ActorEmail),
		Action: r.Action, EntityType: r.EntityType, EntityID: deref(r.EntityID), CaseID: deref(r.CaseID),
		RequestID: deref(r.RequestID), IP: deref(r.IP), Changes: json.RawMessage(r.Changes), PrevHash: r.PrevHash, Hash: r.Hash,
	}
}

// auditLockKey names the PostgreSQL advisory lock that serialises appends.
const auditLockKey = 0x0ca5e3a7

// AppendAudit chains e after the newest event and inserts it. On PostgreSQL a
// transaction-scoped advisory lock serialises appends, so concurrent writers
// still form one chain; SQLite's single writer does the same by itself. The lock
// is held until the caller's transaction ends: append last.
func (db *DB) AppendAudit(ctx context.Context, e audit.Event) (audit.Event, error) {
	var sealed audit.Event
	err := db.InTx(ctx, func(ctx context.Context) error {
		tx := db.conn(ctx)
		if db.dialect == Postgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
				return fmt.Errorf("lock audit trail: %w", err)
			}
		}
		var last auditRow
		err := tx.Order("seq DESC").Limit(1).Take(&last).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("read audit head: %w", err)
		}
		sealed = audit.Chain(last.toDomain(), e)
		row := toAuditRow(sealed)
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("insert audit event: %w", err)
		}
		return nil
	})
	return sealed, err
}

// AuditBatch returns up to limit events after seq, oldest first.
func (db *DB) AuditBatch(ctx context.Context, after int64, limit int) ([]audit.Event, error) {
	var rows []auditRow
	if err := db.conn(ctx).Where("seq > ?", after).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read audit events: %w", err)
	}
	return toAuditEvents(rows), nil
}

// ListAudit returns events matching f, newest first unless f.Ascending.
func (db *DB) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	q := db.conn(ctx).Model(&auditRow{})
	for col, v := range map[string]string{"case_id": f.CaseID, "actor_id": f.ActorID, "action": f.Action, "entity_type": f.EntityType, "entity_id": f.EntityID} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		q = q.Where("seq < ?", f.BeforeSeq)
	}
	if f.AfterSeq > 0 {
		q = q.Where("seq > ?", f.AfterSeq)
	}
	order := "seq DESC"
	if f.Ascending {
		order = "seq"
	}
	var rows []auditRow
	if err := q.Order(order).Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return toAuditEvents(rows), nil
}

func toAuditEvents(rows []auditRow) []audit.Event {
	out := make([]audit.Event, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}
