package store

import (
	"context"
	"time"
)

// SleepInDatabase runs a statement that takes d on PostgreSQL, the way every
// store statement runs outside a transaction.
func (db *DB) SleepInDatabase(ctx context.Context, d time.Duration) error {
	return db.conn(ctx).Exec("SELECT pg_sleep(?)", d.Seconds()).Error
}

// SelectOne runs a trivial statement, in the transaction in ctx if there is one.
func (db *DB) SelectOne(ctx context.Context) error {
	var one int
	return db.conn(ctx).Raw("SELECT 1").Scan(&one).Error
}
