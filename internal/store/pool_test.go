package store_test

import (
	"context"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Replicas sharing one PostgreSQL size their pools to fit its
// max_connections (CASEWARD_DB_MAX_CONNS); unset, a pool holds 32.
func TestPostgresPoolHoldsAtMostMaxConns(t *testing.T) {
	t.Parallel()
	url := dbtest.PostgresURL(t)
	for _, tc := range []struct{ set, want int }{{0, 32}, {7, 7}} {
		db, err := store.OpenWith(context.Background(), url, "", store.Options{MaxConns: tc.set})
		if err != nil {
			t.Fatal(err)
		}
		got := db.SQL().Stats().MaxOpenConnections
		db.Close()
		if got != tc.want {
			t.Errorf("MaxConns %d: the pool holds %d connections, want %d", tc.set, got, tc.want)
		}
	}
}
