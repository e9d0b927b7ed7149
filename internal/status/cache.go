package status

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// CacheTTL is how long a rendered answer is served before the database is
// read again: an update reaches the public page within CacheTTL.
const CacheTTL = 30 * time.Second

// loadTimeout bounds one rendering, which no single caller's cancellation stops.
const loadTimeout = 20 * time.Second

// Rendered is an answer ready to send, with its validator.
type Rendered struct {
	Body []byte
	Gzip []byte // Body gzip-compressed, for clients that accept it
	ETag string
}

// Cache keeps one rendered answer for ttl. However many callers ask at once
// when it is stale, load runs once (single flight) and they all get its
// result. When load fails and an earlier answer exists, that answer is served
// (a status page matters most while things are failing) and the next caller
// tries again.
type Cache struct {
	ttl   time.Duration
	now   func() time.Time
	load  func(ctx context.Context) (Rendered, error)
	group singleflight.Group

	mu      sync.Mutex
	cur     *Rendered
	expires time.Time
}

// NewCache returns a cache of load's answer, fresh for ttl by the clock now.
func NewCache(ttl time.Duration, now func() time.Time, load func(ctx context.Context) (Rendered, error)) *Cache {
	return &Cache{ttl: ttl, now: now, load: load}
}

// Get returns the cached answer, rendering it first when it is missing or stale.
func (c *Cache) Get(ctx context.Context) (Rendered, error) {
	if r, ok := c.fresh(); ok {
		return r, nil
	}
	ch := c.group.DoChan("", func() (any, error) {
		if r, ok := c.fresh(); ok { // a flight that just ended filled it
			return r, nil
		}
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
		defer cancel()
		r, err := c.load(lctx)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil {
			if c.cur != nil {
				return *c.cur, nil
			}
			return Rendered{}, err
		}
		c.cur, c.expires = &r, c.now().Add(c.ttl)
		return r, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return Rendered{}, res.Err
		}
		return res.Val.(Rendered), nil
	case <-ctx.Done():
		return Rendered{}, ctx.Err()
	}
}

func (c *Cache) fresh() (Rendered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != nil && c.now().Before(c.expires) {
		return *c.cur, true
	}
	return Rendered{}, false
}
