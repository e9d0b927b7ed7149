package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// Servers started at once on one SQLite file take turns migrating: each
// finds the schema whole, none fails on a table another just made.
func TestSQLiteServersStartingAtOnceTakeTurnsMigrating(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for range 3 {
		dir := t.TempDir()
		dbs := make([]*store.DB, 4)
		for i := range dbs {
			db, err := store.Open(ctx, "", dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			dbs[i] = db
		}
		var wg sync.WaitGroup
		errs := make([]error, len(dbs))
		for i, db := range dbs {
			wg.Go(func() { _, errs[i] = db.Migrate(ctx) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
