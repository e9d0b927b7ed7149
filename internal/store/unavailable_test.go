package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/store"
)

const testTimeout = 300 * time.Millisecond

func eachDialect(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, d) })
	}
}

// openBounded returns a fresh migrated database of dialect d whose waits are
// bounded by testTimeout, and a second, unbounded handle on the same database.
func openBounded(t *testing.T, d store.Dialect) (bounded, other *store.DB) {
	t.Helper()
	ctx := context.Background()
	other, url, dir := newInstallation(t, d)
	bounded, err := store.OpenWith(ctx, url, dir, store.Options{Timeout: testTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bounded.Close() })
	return bounded, other
}

// within fails unless fn returns an Unavailable error within the timeout
// (plus room for a loaded machine).
func within(t *testing.T, what string, fn func() error) {
	t.Helper()
	start := time.Now()
	err := fn()
	took := time.Since(start)
	if !apperr.Is(err, apperr.Unavailable) {
		t.Errorf("%s: err %v (kind %d), want Unavailable", what, err, apperr.KindOf(err))
	}
	if took > testTimeout+time.Second {
		t.Errorf("%s: took %v with a %v timeout", what, took, testTimeout)
	}
}

func TestATransactionOutlivingTheTimeoutIsRolledBackAsUnavailable(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d store.Dialect) {
		db, _ := openBounded(t, d)
		ctx := context.Background()
		err := db.InTx(ctx, func(ctx context.Context) error {
			time.Sleep(2 * testTimeout) // slow work inside the transaction
			return db.SelectOne(ctx)
		})
		if !apperr.Is(err, apperr.Unavailable) {
			t.Fatalf("err %v, want Unavailable", err)
		}
		if err := db.SelectOne(ctx); err != nil {
			t.Fatalf("the pool after the timeout: %v", err)
		}
	})
}

func TestAWaitOnTheDatabaseEndsAtTheTimeoutAsUnavailable(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d store.Dialect) {
		db, other := openBounded(t, d)
		ctx := context.Background()
		if db.Dialect() == store.Postgres {
			within(t, "a slow statement", func() error { return db.SleepInDatabase(ctx, 5*time.Second) })
			return
		}
		// SQLite: another process holds the write lock; a write waits for it.
		held, release := make(chan struct{}), make(chan struct{})
		go func() {
			err := other.InTx(ctx, func(ctx context.Context) error {
				err := other.SelectOne(ctx) // BEGIN IMMEDIATE took the write lock
				close(held)
				<-release
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
		<-held
		defer close(release)
		within(t, "a write behind another writer", func() error {
			return db.InTx(ctx, func(ctx context.Context) error { return db.SelectOne(ctx) })
		})
	})
}
