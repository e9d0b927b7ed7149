package evidence

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

// touchCounter is a database that records holds and counts their refreshes.
type touchCounter struct {
	Store // nil: hold needs nothing else
	mu    sync.Mutex
	held  []FileHold
	seen  map[uuid.UUID][]time.Time
}

func (c *touchCounter) HoldFile(_ context.Context, h FileHold) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held = append(c.held, h)
	return nil
}

func (c *touchCounter) TouchFileHold(_ context.Context, id uuid.UUID, at time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[id] = append(c.seen[id], at)
	return nil
}

func (c *touchCounter) touches(id uuid.UUID) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen[id])
}

// An upload refreshes its hold while it waits, so that a slow move or a
// queue for the database is not taken for a dead upload, and stops once it
// is done, so that a finished upload's hold cannot outlive it.
func TestAnUploadRefreshesItsHoldUntilItIsDone(t *testing.T) {
	defer func(d time.Duration) { holdRefresh = d }(holdRefresh)
	holdRefresh = 5 * time.Millisecond
	db := &touchCounter{seen: map[uuid.UUID][]time.Time{}}
	s := NewService(db, nil, nil, 1<<20)
	h, done, err := s.hold(context.Background(), "7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a")
	if err != nil {
		t.Fatal(err)
	}
	if len(db.held) != 1 || db.held[0].ID != h.ID || h.StartedAt.IsZero() || !h.SeenAt.Equal(h.StartedAt) {
		t.Fatalf("held %+v, returned %+v", db.held, h)
	}
	for deadline := time.Now().Add(5 * time.Second); db.touches(h.ID) < 3 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	done()
	n := db.touches(h.ID)
	if n < 3 {
		t.Fatalf("%d refreshes in 5 s, want one every %v", n, holdRefresh)
	}
	time.Sleep(20 * holdRefresh)
	if after := db.touches(h.ID); after != n {
		t.Fatalf("%d refreshes after the upload was done", after-n)
	}
}
