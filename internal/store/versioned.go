package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
)

// updateVersioned applies updates to the row of model with this id only if its
// version is still version, and bumps the version. A stale version is a 412, a
// missing row a 404. It returns the row's new updated_at.
func (db *DB) updateVersioned(ctx context.Context, model any, id any, version int64, updates map[string]any, what string) (time.Time, error) {
	now := Now(ctx)
	updates["version"] = gorm.Expr("version + 1")
	updates["updated_at"] = now
	res := db.conn(ctx).Model(model).Where("id = ? AND version = ?", id, version).Updates(updates)
	if res.Error != nil {
		return now, translate(res.Error, what)
	}
	if res.RowsAffected == 1 {
		return now, nil
	}
	var n int64
	if err := db.conn(ctx).Model(model).Where("id = ?", id).Count(&n).Error; err != nil {
		return now, translate(err, what)
	}
	if n == 0 {
		return now, apperr.NotFoundf("%s not found", what)
	}
	return now, apperr.New(apperr.PreconditionFailed, what+" was changed by someone else: read it again and retry")
}
