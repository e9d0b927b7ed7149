package store

import "context"

// Exec runs raw SQL, for tests that must go around the store (tampering).
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	return db.gorm.WithContext(ctx).Exec(sql, args...).Error
}
