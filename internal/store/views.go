package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/views"
)

type savedViewRow struct {
	ID        uuid.UUID
	UserID    uuid.UUID
	Name      string
	Query     string
	CreatedAt time.Time
}

func (savedViewRow) TableName() string { return "saved_views" }

func (r savedViewRow) toDomain() views.View {
	return views.View{ID: r.ID, UserID: r.UserID, Name: r.Name, Query: r.Query, CreatedAt: r.CreatedAt}
}

// CreateView inserts v unless its user has max views already. The user's row
// is locked first (PostgreSQL; SQLite writes one at a time) so that two saves
// at once cannot both pass the count.
func (db *DB) CreateView(ctx context.Context, v views.View, max int) (views.View, error) {
	var out views.View
	err := db.InTx(ctx, func(ctx context.Context) error {
		tx := db.conn(ctx)
		if db.dialect == Postgres {
			if err := tx.Exec("SELECT 1 FROM users WHERE id = ? FOR UPDATE", v.UserID).Error; err != nil {
				return translate(err, "user")
			}
		}
		var n int64
		if err := tx.Model(&savedViewRow{}).Where("user_id = ?", v.UserID).Count(&n).Error; err != nil {
			return translate(err, "count saved views")
		}
		if n >= int64(max) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "name",
				Message: "You have the most saved views one person may keep; delete one first."}}, "too many saved views")
		}
		row := savedViewRow{ID: v.ID, UserID: v.UserID, Name: v.Name, Query: v.Query, CreatedAt: Now(ctx)}
		if err := tx.Create(&row).Error; err != nil {
			return translate(err, "saved view")
		}
		out = row.toDomain()
		return nil
	})
	return out, err
}

// ListViews returns userID's views by name.
func (db *DB) ListViews(ctx context.Context, userID uuid.UUID) ([]views.View, error) {
	var rows []savedViewRow
	if err := db.reader(ctx).Where("user_id = ?", userID).Order("lower(name), id").Find(&rows).Error; err != nil {
		return nil, translate(err, "saved views")
	}
	out := make([]views.View, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// DeleteView deletes userID's view id and returns it.
func (db *DB) DeleteView(ctx context.Context, userID, id uuid.UUID) (views.View, error) {
	var row savedViewRow
	err := db.conn(ctx).Where("id = ? AND user_id = ?", id, userID).Take(&row).Error
	if err != nil {
		return views.View{}, translate(err, "saved view")
	}
	if err := db.conn(ctx).Where("id = ?", id).Delete(&savedViewRow{}).Error; err != nil {
		return views.View{}, translate(err, "saved view")
	}
	return row.toDomain(), nil
}
