package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/events"
)

type outboxRow struct {
	Seq        int64 `gorm:"primaryKey;autoIncrement:false"`
	ID         string
	Kind       string
	OccurredAt time.Time
	ActorID    *string
	CaseID     *string
	EntityType string
	EntityID   *string
	Action     string
	Data       string
}

func (outboxRow) TableName() string { return "outbox_events" }

func (r outboxRow) toDomain() events.Event {
	return events.Event{
		Seq: r.Seq, ID: r.ID, Kind: r.Kind, OccurredAt: r.OccurredAt.UTC(), ActorID: deref(r.ActorID),
		CaseID: deref(r.CaseID), EntityType: r.EntityType, EntityID: deref(r.EntityID), Action: r.Action,
		Data: json.RawMessage(r.Data),
	}
}

type outboxCursorRow struct {
	Name      string `gorm:"primaryKey"`
	Seq       int64
	UpdatedAt time.Time
}

func (outboxCursorRow) TableName() string { return "outbox_cursors" }

// OutboxChannel is the PostgreSQL notification channel a commit that wrote
// events notifies, with its highest seq as the payload.
const OutboxChannel = "caseward_outbox"

// Outbox returns the in-process signal that events were committed.
func (db *DB) Outbox() *events.Bus { return db.outbox }

// AppendEvent queues e in the caller's transaction (or its own), to be
// written with the transaction's audit events. An e.ID already in the outbox
// is skipped: time-based events derive their id from what they are about, so
// that the same threshold is never told twice.
func (db *DB) AppendEvent(ctx context.Context, e events.Event) error {
	if e.ID == "" {
		return errors.New("append event: it has no id")
	}
	return db.InTx(ctx, func(ctx context.Context) error {
		st := ctx.Value(txKey{}).(*txState)
		st.events = append(st.events, e)
		return nil
	})
}

// writeOutbox writes the events a transaction tells: those its audit events
// (already chained, in order) record, then those queued with AppendEvent. It
// runs under the audit trail's lock, held to commit, so seq is commit order.
func (db *DB) writeOutbox(ctx context.Context, st *txState, recorded []audit.Event) error {
	evs := make([]events.Event, 0, len(recorded)+len(st.events))
	for _, a := range recorded {
		e, ok := events.FromChange(events.Recorded{Action: a.Action, OccurredAt: a.OccurredAt, ActorID: a.ActorID,
			CaseID: a.CaseID, EntityType: a.EntityType, EntityID: a.EntityID, Changes: a.Changes})
		if !ok {
			continue
		}
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("event id: %w", err)
		}
		e.ID = id.String()
		evs = append(evs, e)
	}
	evs = append(evs, st.events...)
	st.events = nil
	if len(evs) == 0 {
		return nil
	}
	tx := st.tx.WithContext(ctx)
	if db.dialect == Postgres {
		if err := insertEventsPostgres(tx, evs); err != nil {
			return err
		}
	} else {
		var head int64
		if err := tx.Model(&outboxRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&head).Error; err != nil {
			return fmt.Errorf("read outbox head: %w", err)
		}
		rows := make([]outboxRow, len(evs))
		for i, e := range evs {
			head++
			rows[i] = outboxRow{Seq: head, ID: e.ID, Kind: e.Kind, OccurredAt: e.OccurredAt.UTC(), ActorID: nullable(e.ActorID),
				CaseID: nullable(e.CaseID), EntityType: e.EntityType, EntityID: nullable(e.EntityID), Action: e.Action, Data: string(e.Data)}
		}
		// An event told before is skipped, leaving its seq unused: readers
		// need seq in commit order, not without gaps.
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "id"}}, DoNothing: true}).
			CreateInBatches(rows, auditInsertBatch).Error
		if err != nil {
			return fmt.Errorf("write events: %w", err)
		}
	}
	st.afterCommit = append(st.afterCommit, db.outbox.Notify)
	return nil
}

// insertEventsPostgres writes evs after the outbox's head and tells the
// other replicas (pg_notify, delivered at COMMIT), in one statement per
// batch: it runs under the audit trail's lock, which every writer waits
// for, so each round trip saved here is saved for all of them. An event
// told before is skipped, leaving its seq unused: readers need seq in
// commit order, not without gaps.
func insertEventsPostgres(tx *gorm.DB, evs []events.Event) error {
	for start := 0; start < len(evs); start += auditInsertBatch {
		batch := evs[start:min(start+auditInsertBatch, len(evs))]
		var values strings.Builder
		args := make([]any, 0, len(batch)*10+1)
		for i, e := range batch {
			if i > 0 {
				values.WriteString(", ")
			}
			values.WriteString("(?::bigint, ?::uuid, ?::text, ?::timestamptz, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text)")
			args = append(args, i+1, e.ID, e.Kind, e.OccurredAt.UTC(), nullable(e.ActorID), nullable(e.CaseID),
				e.EntityType, nullable(e.EntityID), e.Action, string(e.Data))
		}
		args = append(args, OutboxChannel)
		err := tx.Exec(`WITH head AS (SELECT COALESCE(MAX(seq), 0) AS seq FROM outbox_events),
 added AS (
  INSERT INTO outbox_events (seq, id, kind, occurred_at, actor_id, case_id, entity_type, entity_id, action, data)
  SELECT head.seq + v.n, v.id, v.kind, v.occurred_at, v.actor_id, v.case_id, v.entity_type, v.entity_id, v.action, v.data
  FROM head, (VALUES `+values.String()+`) AS v (n, id, kind, occurred_at, actor_id, case_id, entity_type, entity_id, action, data)
  ON CONFLICT (id) DO NOTHING
  RETURNING seq)
SELECT pg_notify(?, COALESCE(MAX(seq), 0)::text) FROM added`, args...).Error
		if err != nil {
			return fmt.Errorf("write events: %w", err)
		}
	}
	return nil
}

// EventsAfter returns up to limit events after seq, oldest first.
func (db *DB) EventsAfter(ctx context.Context, seq int64, limit int) ([]events.Event, error) {
	var rows []outboxRow
	if err := db.reader(ctx).Where("seq > ?", seq).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	out := make([]events.Event, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// LastEventSeq returns the seq of the newest event, 0 when there is none.
func (db *DB) LastEventSeq(ctx context.Context) (int64, error) {
	var head int64
	if err := db.reader(ctx).Model(&outboxRow{}).Select("COALESCE(MAX(seq), 0)").Scan(&head).Error; err != nil {
		return 0, fmt.Errorf("read outbox head: %w", err)
	}
	return head, nil
}

// LockEventCursor returns how far the delivery called name has read, and
// holds its cursor until the caller's transaction ends, so that two replicas
// running the same delivery take turns rather than both handle an event. A
// delivery seen for the first time starts at the newest event: it tells what
// happens from then on, not the history before it.
func (db *DB) LockEventCursor(ctx context.Context, name string) (int64, error) {
	if !db.InTransaction(ctx) {
		return 0, errors.New("lock event cursor: not in a transaction")
	}
	head, err := db.LastEventSeq(ctx)
	if err != nil {
		return 0, err
	}
	fresh := outboxCursorRow{Name: name, Seq: head, UpdatedAt: Now(ctx)}
	if err := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh).Error; err != nil {
		return 0, fmt.Errorf("start cursor %s: %w", name, err)
	}
	var row outboxCursorRow
	if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("name = ?", name).Take(&row).Error; err != nil {
		return 0, fmt.Errorf("lock cursor %s: %w", name, err)
	}
	return row.Seq, nil
}

// EventCursor returns how far the delivery called name has read, and
// whether it has a cursor at all.
func (db *DB) EventCursor(ctx context.Context, name string) (int64, bool, error) {
	var row outboxCursorRow
	err := db.reader(ctx).Where("name = ?", name).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read cursor %s: %w", name, err)
	}
	return row.Seq, true, nil
}

// MoveEventCursor records that the delivery called name has read every event
// up to seq. Call it in the transaction that stored what it delivered, so
// that both commit or neither.
func (db *DB) MoveEventCursor(ctx context.Context, name string, seq int64) error {
	row := outboxCursorRow{Name: name, Seq: seq, UpdatedAt: Now(ctx)}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}},
		DoUpdates: clause.AssignmentColumns([]string{"seq", "updated_at"})}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("move cursor %s: %w", name, err)
	}
	return nil
}

// PruneEvents deletes the events that occurred before cutoff and that every
// cursor has passed, and returns how many went.
func (db *DB) PruneEvents(ctx context.Context, cutoff time.Time) (int64, error) {
	res := db.conn(ctx).Where("occurred_at < ? AND seq <= (SELECT COALESCE(MIN(seq), 0) FROM outbox_cursors)", cutoff.UTC()).
		Delete(&outboxRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("prune outbox: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ForDeliveries returns a handle on the same PostgreSQL database with a
// small pool of its own, sharing db's outbox signal, for the work that tells
// people of commits (the live stream's hub): requests that fill db's pool,
// waiting their turn at the audit lock, must not starve it. On SQLite, one
// process with its read-only connections, it is db itself.
func (db *DB) ForDeliveries(ctx context.Context, url string) (*DB, error) {
	if db.dialect != Postgres {
		return db, nil
	}
	d, err := OpenWith(ctx, url, "", Options{Timeout: db.timeout})
	if err != nil {
		return nil, err
	}
	d.sql.SetMaxOpenConns(4)
	d.sql.SetMaxIdleConns(4)
	d.outbox = db.outbox
	return d, nil
}
