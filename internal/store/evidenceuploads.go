package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/evidence"
)

type evidenceUploadRow struct {
	ID         uuid.UUID
	StorageKey string
	StartedAt  time.Time
	SeenAt     time.Time
}

func (evidenceUploadRow) TableName() string { return "evidence_uploads" }

// HoldFile records an upload about to place the file key, in a transaction
// of its own. It waits for a removal of that file under way (EndFileHold),
// so the upload then places the file anew rather than find it and lose it.
func (db *DB) HoldFile(ctx context.Context, h evidence.FileHold) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if err := db.lockFileKey(ctx, h.StorageKey); err != nil {
			return err
		}
		row := evidenceUploadRow{ID: h.ID, StorageKey: h.StorageKey, StartedAt: h.StartedAt.UTC(), SeenAt: h.SeenAt.UTC()}
		return translate(db.conn(ctx).Create(&row).Error, "evidence upload")
	})
}

// TouchFileHold marks an upload's hold as alive at at.
func (db *DB) TouchFileHold(ctx context.Context, id uuid.UUID, at time.Time) error {
	err := db.conn(ctx).Model(&evidenceUploadRow{}).Where("id = ?", id).Update("seen_at", at.UTC()).Error
	return translate(err, "evidence upload")
}

// TakeFileHold deletes an upload's hold, in the transaction that records its
// item, and reports whether it was still there (false: it was given up as
// dead, and its file may be gone).
func (db *DB) TakeFileHold(ctx context.Context, id uuid.UUID) (bool, error) {
	res := db.conn(ctx).Where("id = ?", id).Delete(&evidenceUploadRow{})
	return res.RowsAffected == 1, translate(res.Error, "evidence upload")
}

// EndFileHold deletes the hold h and, when no other upload holds its file and
// no item names it, calls remove within the same transaction, under the
// file's lock: a removal that fails rolls the hold back, to be tried again.
// Other holds are read before the items, so an upload that commits its item
// (deleting its hold) between the two reads is seen by the second.
func (db *DB) EndFileHold(ctx context.Context, h evidence.FileHold, remove func(ctx context.Context) error) (removed bool, err error) {
	err = db.InTx(ctx, func(ctx context.Context) error {
		if err := db.lockFileKey(ctx, h.StorageKey); err != nil {
			return err
		}
		if err := db.conn(ctx).Where("id = ?", h.ID).Delete(&evidenceUploadRow{}).Error; err != nil {
			return translate(err, "evidence upload")
		}
		var others int64
		if err := db.conn(ctx).Model(&evidenceUploadRow{}).Where("storage_key = ?", h.StorageKey).Count(&others).Error; err != nil {
			return translate(err, "evidence upload")
		}
		if others > 0 {
			return nil
		}
		named, err := db.FileNamed(ctx, h.StorageKey)
		if err != nil || named {
			return err
		}
		removed = true
		return remove(ctx)
	})
	return removed && err == nil, err
}

// FileHolds lists the uploads' holds last seen before seenBefore, or all of
// them when it is zero, oldest first.
func (db *DB) FileHolds(ctx context.Context, seenBefore time.Time) ([]evidence.FileHold, error) {
	q := db.reader(ctx).Order("seen_at, id")
	if !seenBefore.IsZero() {
		q = q.Where("seen_at < ?", seenBefore.UTC())
	}
	var rows []evidenceUploadRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "evidence uploads")
	}
	out := make([]evidence.FileHold, len(rows))
	for i, r := range rows {
		out[i] = evidence.FileHold{ID: r.ID, StorageKey: r.StorageKey, StartedAt: r.StartedAt.UTC(), SeenAt: r.SeenAt.UTC()}
	}
	return out, nil
}

// lockFileKey serialises, until the transaction ends, the transactions that
// place or remove one stored file. SQLite's transactions are serial already.
func (db *DB) lockFileKey(ctx context.Context, key string) error {
	if db.dialect != Postgres {
		return nil
	}
	if err := db.conn(ctx).Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "evidence-file:"+key).Error; err != nil {
		return fmt.Errorf("lock stored file %s: %w", key, err)
	}
	return nil
}
