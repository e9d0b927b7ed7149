package store

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/restoration"
)

type updateRow struct {
	ID                    uuid.UUID
	SuspensionID          uuid.UUID
	Audience              string
	Body                  string
	CorrectsID            *uuid.UUID
	ExpectedRestorationAt *time.Time
	ReplanID              *uuid.UUID
	AuthorID              uuid.UUID
	AuthorName            string `gorm:"->"` // joined from users by updateColumns
	CreatedAt             time.Time
}

func (updateRow) TableName() string { return "suspension_updates" }

// updateColumns selects an update with its author's name.
const updateColumns = `suspension_updates.*, users.name AS author_name`

func (r updateRow) toDomain() restoration.Update {
	return restoration.Update{ID: r.ID, SuspensionID: r.SuspensionID, Audience: restoration.Audience(r.Audience), Body: r.Body,
		CorrectsID: r.CorrectsID, ExpectedRestorationAt: utcPtr(r.ExpectedRestorationAt), ReplanID: r.ReplanID,
		AuthorID: r.AuthorID, AuthorName: r.AuthorName, At: r.CreatedAt.UTC()}
}

func (db *DB) updates(ctx context.Context) *gorm.DB {
	return db.conn(ctx).Model(&updateRow{}).Select(updateColumns).Joins("JOIN users ON users.id = suspension_updates.author_id")
}

// CreateUpdate inserts u; the table takes no UPDATE or DELETE afterwards.
func (db *DB) CreateUpdate(ctx context.Context, u restoration.Update) error {
	row := updateRow{ID: u.ID, SuspensionID: u.SuspensionID, Audience: string(u.Audience), Body: u.Body, CorrectsID: u.CorrectsID,
		ExpectedRestorationAt: utcPtr(u.ExpectedRestorationAt), ReplanID: u.ReplanID, AuthorID: u.AuthorID, CreatedAt: u.At.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "suspension update")
}

// SuspensionUpdate returns one update with its author's name.
func (db *DB) SuspensionUpdate(ctx context.Context, id uuid.UUID) (restoration.Update, error) {
	var row updateRow
	err := db.updates(ctx).Where("suspension_updates.id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "suspension update")
}

// CountUpdates counts a suspension's updates.
func (db *DB) CountUpdates(ctx context.Context, suspensionID uuid.UUID) (int, error) {
	var n int64
	err := db.conn(ctx).Model(&updateRow{}).Where("suspension_id = ?", suspensionID).Count(&n).Error
	return int(n), translate(err, "count suspension updates")
}

// Updates returns a suspension's updates newest first (ids are time-ordered),
// before beforeID.
func (db *DB) Updates(ctx context.Context, suspensionID, beforeID uuid.UUID, limit int) ([]restoration.Update, error) {
	q := db.updates(ctx).Where("suspension_updates.suspension_id = ?", suspensionID)
	if beforeID != uuid.Nil {
		q = q.Where("suspension_updates.id < ?", beforeID)
	}
	var rows []updateRow
	if err := q.Order("suspension_updates.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "suspension updates")
	}
	out := make([]restoration.Update, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// latestUpdateIDs picks each named suspension's newest update: one backward
// step on the (suspension_id, id) index per suspension, then a primary-key
// lookup. (An anti-join over every update of those suspensions read all of
// them: about ten times slower on PostgreSQL with 500 suspensions of 20
// updates each.)
const latestUpdateIDs = `suspension_updates.id IN (SELECT (SELECT n.id FROM suspension_updates n
	WHERE n.suspension_id = s.id ORDER BY n.id DESC LIMIT 1) FROM suspensions s WHERE s.id IN ?)`

// LatestUpdates returns the newest update of each suspension named, in one
// query.
func (db *DB) LatestUpdates(ctx context.Context, suspensionIDs []uuid.UUID) (map[uuid.UUID]restoration.Update, error) {
	out := map[uuid.UUID]restoration.Update{}
	if len(suspensionIDs) == 0 {
		return out, nil
	}
	var rows []updateRow
	err := db.updates(ctx).Where(latestUpdateIDs, suspensionIDs).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "latest suspension updates")
	}
	for _, r := range rows {
		out[r.SuspensionID] = r.toDomain()
	}
	return out, nil
}
