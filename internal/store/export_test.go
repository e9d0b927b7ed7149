package store

import (
	"context"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"
)

// Exec runs raw SQL, for tests that must go around the store (tampering).
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	return db.gorm.WithContext(ctx).Exec(sql, args...).Error
}

// CountStatements returns how many SQL statements fn runs through the store.
func (db *DB) CountStatements(fn func()) int64 {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := db.gorm.Callback()
	_ = cb.Query().After("gorm:query").Register("test:count_query", count)
	_ = cb.Raw().After("gorm:raw").Register("test:count_raw", count)
	_ = cb.Row().After("gorm:row").Register("test:count_row", count)
	defer func() {
		_ = cb.Query().Remove("test:count_query")
		_ = cb.Raw().Remove("test:count_raw")
		_ = cb.Row().Remove("test:count_row")
	}()
	fn()
	return n.Load()
}

// CountAllStatements returns how many SQL statements of every kind (reads and
// writes) fn runs through the store, on the writer and, on SQLite, on the
// read-only connections too.
func (db *DB) CountAllStatements(fn func()) int64 {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	handles := []*gorm.DB{db.gorm}
	if db.readers != db.gorm {
		handles = append(handles, db.readers)
	}
	for _, g := range handles {
		cb := g.Callback()
		_ = cb.Query().After("gorm:query").Register("test:count_all_query", count)
		_ = cb.Raw().After("gorm:raw").Register("test:count_all_raw", count)
		_ = cb.Row().After("gorm:row").Register("test:count_all_row", count)
		_ = cb.Create().After("gorm:create").Register("test:count_all_create", count)
		_ = cb.Update().After("gorm:update").Register("test:count_all_update", count)
		_ = cb.Delete().After("gorm:delete").Register("test:count_all_delete", count)
	}
	defer func() {
		for _, g := range handles {
			cb := g.Callback()
			_ = cb.Query().Remove("test:count_all_query")
			_ = cb.Raw().Remove("test:count_all_raw")
			_ = cb.Row().Remove("test:count_all_row")
			_ = cb.Create().Remove("test:count_all_create")
			_ = cb.Update().Remove("test:count_all_update")
			_ = cb.Delete().Remove("test:count_all_delete")
		}
	}()
	fn()
	return n.Load()
}

// ListCasesUpTo lowers how many cases an audit search lists by id, for t.
func ListCasesUpTo(t testing.TB, n int) {
	was := maxListedCases
	maxListedCases = n
	t.Cleanup(func() { maxListedCases = was })
}

// SharedWaiting returns how many writes wait for a shared transaction.
func (db *DB) SharedWaiting() int { return db.shared.Waiting() }

// TxOf returns the transaction ctx carries, to tell whether two writes shared one.
func TxOf(ctx context.Context) any { return ctx.Value(txKey{}) }

// SharedLeaders is how many shared transactions may run at once.
func (db *DB) SharedLeaders() int { return db.sharedLeaders() }
