package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
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

// AppendAudit queues e in the caller's transaction (or its own); it is chained
// and inserted when the transaction commits, so it commits or rolls back with
// the change it records.
func (db *DB) AppendAudit(ctx context.Context, e audit.Event) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		st := ctx.Value(txKey{}).(*txState)
		st.pending = append(st.pending, e)
		return nil
	})
}

// auditInsertBatch keeps a multi-row insert under both databases' limits on
// bound parameters.
const auditInsertBatch = 500

// flushAudit chains a transaction's queued events after the newest one and
// inserts them in as few statements as it can. On PostgreSQL a
// transaction-scoped advisory lock serialises appends, so concurrent writers
// still form one chain; SQLite's single writer does the same by itself. The
// lock is held from here to commit, at the very end of the transaction.
// The events the transaction tells are written to the outbox under the same
// lock (writeOutbox).
func (db *DB) flushAudit(ctx context.Context, st *txState) error {
	if len(st.pending) == 0 && len(st.events) == 0 {
		return nil
	}
	tx := st.tx.WithContext(ctx)
	if db.dialect == Postgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
			return fmt.Errorf("lock audit trail: %w", err)
		}
	}
	if len(st.pending) == 0 {
		return db.writeOutbox(ctx, st, nil)
	}
	var last auditRow
	err := tx.Order("seq DESC").Limit(1).Take(&last).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("read audit head: %w", err)
	}
	rows := make([]auditRow, len(st.pending))
	chained := make([]audit.Event, len(st.pending))
	head := last.toDomain()
	for i, e := range st.pending {
		head = audit.Chain(head, e)
		rows[i], chained[i] = toAuditRow(head), head
	}
	if err := tx.CreateInBatches(rows, auditInsertBatch).Error; err != nil {
		return fmt.Errorf("insert audit events: %w", err)
	}
	st.pending = nil
	return db.writeOutbox(ctx, st, chained)
}

// AuditBatch returns up to limit events after seq, oldest first.
func (db *DB) AuditBatch(ctx context.Context, after int64, limit int) ([]audit.Event, error) {
	return db.scanAudit(db.reader(ctx).Model(&auditRow{}).Where("seq > ?", after).Order("seq").Limit(limit), limit)
}

// CaseAudit returns the events of a case matching f (whose CaseID it sets):
// the case's timeline, read like its other records through a Visible.
func (db *DB) CaseAudit(ctx context.Context, v cases.Visible, f audit.Filter) ([]audit.Event, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case audit events: %w", err)
	}
	f.CaseID = caseID.String()
	return db.ListAudit(ctx, f)
}

// ListAudit returns events matching f, newest first unless f.Ascending.
func (db *DB) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	base := func() *gorm.DB {
		q := db.reader(ctx).Model(&auditRow{})
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
		return q
	}
	if f.Match != nil {
		return db.listAuditMatch(ctx, f, base)
	}
	return db.scanAudit(base().Order(auditOrder(f)).Limit(f.Limit), f.Limit)
}

// scanAudit runs q and reads its events by hand: exports and verification
// read the whole trail through here, and gorm's reflection would cost more
// than the rest of the work. On PostgreSQL, outside a transaction, pgx reads
// them itself (see queryPGX).
func (db *DB) scanAudit(q *gorm.DB, limit int) ([]audit.Event, error) {
	q = q.Clauses(selectSQL(auditColumns))
	out := make([]audit.Event, 0, min(limit, 10_000))
	var r auditRow
	dest := []any{&r.Seq, &r.OccurredAt, &r.ActorID, &r.ActorEmail, &r.Action, &r.EntityType, &r.EntityID, &r.CaseID,
		&r.RequestID, &r.IP, &r.Changes, &r.PrevHash, &r.Hash}
	if db.readsThroughPGX(q) {
		err := db.queryPGX(q, &[]auditRow{}, func(rows pgx.Rows) error {
			if err := rows.Scan(dest...); err != nil {
				return fmt.Errorf("read audit event: %w", err)
			}
			out = append(out, r.toDomain())
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read audit events: %w", err)
		}
		return out, nil
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("read audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read audit event: %w", err)
		}
		out = append(out, r.toDomain())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read audit events: %w", err)
	}
	return out, nil
}

const auditColumns = "seq, occurred_at, actor_id, actor_email, action, entity_type, entity_id, case_id, request_id, ip, changes, prev_hash, hash"
