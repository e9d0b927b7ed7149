package dbtest

import (
	"errors"
	"fmt"
	"time"

	"github.com/caseward/caseward/internal/store"
)

// StartBlocked runs fn in a goroutine while the caller holds a transaction
// open, and returns once fn is waiting for that transaction (or has finished):
// on PostgreSQL when a backend of db's database waits for a lock, on SQLite
// when a caller waits for the one writing connection. The returned channel is
// closed when fn returns. It polls for what fn is doing, not for a time: the
// long bound only ends a test whose fn never gets there. It may be called
// from any goroutine.
func StartBlocked(db *store.DB, fn func()) (<-chan struct{}, error) {
	waitsBefore := db.SQL().Stats().WaitCount
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	for give := time.Now().Add(30 * time.Second); time.Now().Before(give); time.Sleep(5 * time.Millisecond) {
		select {
		case <-done:
			return done, nil
		default:
		}
		if ok, err := blocked(db, waitsBefore); ok || err != nil {
			return done, err
		}
	}
	return done, errors.New("fn neither finished nor waited for a lock in 30 s")
}

func blocked(db *store.DB, waitsBefore int64) (bool, error) {
	if db.Dialect() == store.SQLite {
		return db.SQL().Stats().WaitCount > waitsBefore, nil
	}
	var n int
	err := db.SQL().QueryRow(`SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for lock waits: %w", err)
	}
	return n > 0, nil
}
