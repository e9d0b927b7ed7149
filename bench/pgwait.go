package main

import (
	"context"
	"database/sql"
	"time"
)

// backendStates are what the run database's backends were doing, each the
// mean number of backends over samples taken every 100 ms: running (on a
// core or waiting for one: PostgreSQL cannot tell), waiting for the audit
// chain's lock (the advisory lock every write takes until COMMIT), for a row
// another transaction holds (such as the year's case counter every creation
// takes), for another lock (a relation…), for the WAL (a commit's flush), for a
// PostgreSQL-internal lock (LWLock), or holding a transaction open while the
// replica works on its side ("idle in transaction").
var backendStates = []string{"running", "audit_lock", "row_lock", "other_lock", "wal", "lwlock", "idle_in_transaction"}

const backendStatesQuery = `SELECT
	count(*) FILTER (WHERE state = 'active' AND wait_event IS NULL),
	count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
	count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple')),
	count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event NOT IN ('advisory', 'transactionid', 'tuple')),
	count(*) FILTER (WHERE wait_event_type = 'IO' AND wait_event LIKE 'WAL%'),
	count(*) FILTER (WHERE wait_event_type = 'LWLock'),
	count(*) FILTER (WHERE state = 'idle in transaction')
FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`

// sampleBackends samples the states of database's backends from after until
// ctx ends, and returns their means (nil without a sample).
func sampleBackends(ctx context.Context, admin *sql.DB, database string, after time.Duration) <-chan map[string]float64 {
	out := make(chan map[string]float64, 1)
	go func() {
		sums := make([]float64, len(backendStates))
		n := 0
		t := time.NewTimer(after)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				out <- means(sums, n)
				return
			case <-t.C:
			}
			t.Reset(100 * time.Millisecond)
			counts := make([]any, len(backendStates))
			vals := make([]int, len(backendStates))
			for i := range vals {
				counts[i] = &vals[i]
			}
			if err := admin.QueryRowContext(ctx, backendStatesQuery, database).Scan(counts...); err != nil {
				continue // the load ended meanwhile, or the sample is lost
			}
			for i, v := range vals {
				sums[i] += float64(v)
			}
			n++
		}
	}()
	return out
}

func means(sums []float64, n int) map[string]float64 {
	if n == 0 {
		return nil
	}
	m := map[string]float64{"samples": float64(n)}
	for i, s := range sums {
		m[backendStates[i]] = round2(s / float64(n))
	}
	return m
}
