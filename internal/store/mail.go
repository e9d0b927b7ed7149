package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/mail"
)

type mailRow struct {
	ID         uuid.UUID `gorm:"primaryKey"`
	EventID    string
	EventSeq   int64
	Kind       string
	Event      string
	UserID     uuid.UUID
	Email      string
	Name       string
	TimeZone   string
	Digest     string
	Status     string
	DueAt      time.Time
	Attempts   int
	LastError  string
	LeaseOwner *string
	LeaseUntil *time.Time
	MessageID  string
	CreatedAt  time.Time
	SentAt     *time.Time
	GiveUpAt   *time.Time
	Version    int
}

func (mailRow) TableName() string { return "mail_messages" }

func (r mailRow) toDomain() mail.Message {
	return mail.Message{ID: r.ID, EventID: r.EventID, EventSeq: r.EventSeq, Kind: r.Kind, Event: mail.DecodeEvent(r.Event),
		UserID: r.UserID, Email: r.Email, Name: r.Name, TimeZone: r.TimeZone, Digest: r.Digest, Status: r.Status,
		DueAt: r.DueAt.UTC(), Attempts: r.Attempts, LastError: r.LastError, MessageID: r.MessageID,
		CreatedAt: r.CreatedAt.UTC(), SentAt: utcPtr(r.SentAt), GiveUpAt: utcPtr(r.GiveUpAt), Version: r.Version}
}

// QueueMail stores ms; a mail whose (event, user) is queued already is
// skipped, so a batch handed over twice queues nothing twice.
func (db *DB) QueueMail(ctx context.Context, ms []mail.Message) error {
	rows := make([]mailRow, len(ms))
	for i, m := range ms {
		rows[i] = mailRow{ID: m.ID, EventID: m.EventID, EventSeq: m.EventSeq, Kind: m.Kind, Event: mail.EncodeEvent(m.Event),
			UserID: m.UserID, Email: m.Email, Name: m.Name, TimeZone: m.TimeZone, Digest: m.Digest, Status: m.Status,
			DueAt: m.DueAt.UTC(), MessageID: m.MessageID, CreatedAt: m.CreatedAt.UTC(), Version: 1}
	}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "event_id"}, {Name: "user_id"}}, DoNothing: true}).
		CreateInBatches(rows, 200).Error
	return translate(err, "queue mail")
}

// ClaimMail leases up to limit due mails to owner. The lease is taken by an
// UPDATE that checks again that no live lease holds the row, so two senders
// never both take one; on PostgreSQL the candidates are read with SKIP
// LOCKED so that senders do not queue behind each other.
func (db *DB) ClaimMail(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]mail.Message, error) {
	now = now.UTC()
	free := "status IN ('queued', 'retrying') AND due_at <= ? AND (lease_until IS NULL OR lease_until < ?)"
	var out []mail.Message
	err := db.InTx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx).Model(&mailRow{}).Select("id").Where(free, now, now).Order("due_at, id").Limit(limit)
		if db.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
		}
		var ids []uuid.UUID
		if err := q.Pluck("id", &ids).Error; err != nil {
			return translate(err, "due mail")
		}
		if len(ids) == 0 {
			return nil
		}
		until := now.Add(lease)
		err := db.conn(ctx).Model(&mailRow{}).Where("id IN ?", ids).Where(free, now, now).
			Updates(map[string]any{"lease_owner": owner, "lease_until": until}).Error
		if err != nil {
			return translate(err, "claim mail")
		}
		var rows []mailRow
		if err := db.conn(ctx).Where("id IN ? AND lease_owner = ?", ids, owner).
			Order("event_seq, id").Find(&rows).Error; err != nil {
			return translate(err, "claimed mail")
		}
		out = make([]mail.Message, len(rows))
		for i, r := range rows {
			out[i] = r.toDomain()
		}
		return nil
	})
	return out, err
}

// SaveMailOutcome writes what sending m came to and drops owner's lease. A
// lease another sender has taken since is left alone (false).
func (db *DB) SaveMailOutcome(ctx context.Context, owner string, m mail.Message) (bool, error) {
	res := db.conn(ctx).Model(&mailRow{}).Where("id = ? AND lease_owner = ?", m.ID, owner).Updates(map[string]any{
		"status": m.Status, "attempts": m.Attempts, "due_at": m.DueAt.UTC(), "last_error": m.LastError,
		"sent_at": utcPtr(m.SentAt), "give_up_at": utcPtr(m.GiveUpAt), "lease_owner": nil, "lease_until": nil,
		"version": gorm.Expr("version + 1"),
	})
	if res.Error != nil {
		return false, translate(res.Error, "save mail outcome")
	}
	return res.RowsAffected == 1, nil
}

// ListMail returns a page of mail, newest first.
func (db *DB) ListMail(ctx context.Context, f mail.Filter) ([]mail.Message, error) {
	q := db.reader(ctx).Model(&mailRow{})
	if len(f.Status) > 0 {
		q = q.Where("status IN ?", f.Status)
	}
	if f.After != nil {
		c := f.After.CreatedAt.UTC()
		q = q.Where("(created_at < ? OR (created_at = ? AND id < ?))", c, c, f.After.ID)
	}
	var rows []mailRow
	if err := q.Order("created_at DESC, id DESC").Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "mail")
	}
	out := make([]mail.Message, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// GetMail returns one mail.
func (db *DB) GetMail(ctx context.Context, id uuid.UUID) (mail.Message, error) {
	var r mailRow
	if err := db.reader(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return mail.Message{}, translate(err, "mail")
	}
	return r.toDomain(), nil
}

// RequeueMail makes a retrying or undeliverable mail due at now, with a
// fresh give-up deadline; it keeps its attempts and last error.
func (db *DB) RequeueMail(ctx context.Context, id uuid.UUID, now time.Time) (mail.Message, string, error) {
	var out mail.Message
	var was string
	err := db.InTx(ctx, func(ctx context.Context) error {
		var r mailRow
		if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("id = ?", id).Take(&r).Error; err != nil {
			return translate(err, "mail")
		}
		if r.Status != mail.StatusRetrying && r.Status != mail.StatusUndeliverable {
			return apperr.New(apperr.Conflict, fmt.Sprintf("this mail is %s: only mail that failed can be retried", r.Status))
		}
		was = r.Status
		res := db.conn(ctx).Model(&mailRow{}).Where("id = ? AND version = ?", id, r.Version).Updates(map[string]any{
			"status": mail.StatusQueued, "due_at": now.UTC(), "give_up_at": nil, "lease_owner": nil, "lease_until": nil,
			"version": r.Version + 1,
		})
		if res.Error != nil {
			return translate(res.Error, "retry mail")
		}
		if res.RowsAffected != 1 {
			return apperr.New(apperr.Conflict, "this mail changed meanwhile: reload and try again")
		}
		var after mailRow
		if err := db.conn(ctx).Where("id = ?", id).Take(&after).Error; err != nil {
			return translate(err, "mail")
		}
		out = after.toDomain()
		return nil
	})
	return out, was, err
}

// MailCase returns a case's reference and title.
func (db *DB) MailCase(ctx context.Context, id uuid.UUID) (string, string, error) {
	var c struct{ Reference, Title string }
	if err := db.reader(ctx).Table("cases").Select("reference, title").Where("id = ?", id).Take(&c).Error; err != nil {
		return "", "", translate(err, "case")
	}
	return c.Reference, c.Title, nil
}

var _ mail.Store = (*DB)(nil)
