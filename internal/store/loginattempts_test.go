package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Each reservation returns its own count, in parallel too; a release gives
// one back; a window that began before windowStart starts again at one.
func TestLoginAttemptsAreCountedAtomically(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		window := 15 * time.Minute
		reserve := func(at time.Time) (int, time.Time) {
			n, began, err := db.ReserveLoginAttempt(ctx, "ip:192.0.2.1", at, at.Add(-window))
			if err != nil {
				t.Error(err)
			}
			return n, began
		}

		const parallel = 20
		seen := make(chan int, parallel)
		var wg sync.WaitGroup
		for range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, _ := reserve(start)
				seen <- n
			}()
		}
		wg.Wait()
		close(seen)
		counts := map[int]bool{}
		for n := range seen {
			counts[n] = true
		}
		for n := 1; n <= parallel; n++ {
			if !counts[n] {
				t.Fatalf("no reservation saw count %d: %v", n, counts)
			}
		}

		if err := db.ReleaseLoginAttempt(ctx, "ip:192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if n, began := reserve(start.Add(time.Minute)); n != parallel || !began.Equal(start) {
			t.Fatalf("after a release: %d since %s, want %d since %s", n, began, parallel, start)
		}
		later := start.Add(window + time.Second)
		if n, began := reserve(later); n != 1 || !began.Equal(later) {
			t.Fatalf("after the window: %d since %s, want 1 since %s", n, began, later)
		}
	})
}
