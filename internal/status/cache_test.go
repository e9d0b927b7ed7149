package status

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCacheLoadsOncePerTTLAndServesStaleOnFailure(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	var loads atomic.Int32
	var fail atomic.Bool
	release := make(chan struct{})
	c := NewCache(CacheTTL, func() time.Time { return now }, func(ctx context.Context) (Rendered, error) {
		n := loads.Add(1)
		<-release
		if fail.Load() {
			return Rendered{}, errors.New("database down")
		}
		return Rendered{Body: []byte{byte(n)}, ETag: "x"}, nil
	})

	// A herd: everyone waits for the one load in flight.
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := c.Get(context.Background()); err != nil || r.Body[0] != 1 {
				t.Errorf("get: %v %v", r, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("loads = %d, want 1", n)
	}

	now = now.Add(CacheTTL)
	fail.Store(true)
	r, err := c.Get(context.Background())
	if err != nil || r.Body[0] != 1 || loads.Load() != 2 {
		t.Fatalf("a failed reload serves the last answer: %v %v, loads %d", r, err, loads.Load())
	}
	fail.Store(false)
	if r, err := c.Get(context.Background()); err != nil || r.Body[0] != 3 {
		t.Fatalf("the next caller tries again: %v %v", r, err)
	}
}

func TestCacheWithoutAnswerReportsTheFailure(t *testing.T) {
	c := NewCache(CacheTTL, time.Now, func(ctx context.Context) (Rendered, error) { return Rendered{}, errors.New("down") })
	if _, err := c.Get(context.Background()); err == nil {
		t.Fatal("no error")
	}
}
