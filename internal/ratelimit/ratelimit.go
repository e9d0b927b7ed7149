// Package ratelimit keeps one token bucket per key (a user, a client address)
// in memory, with bounded memory: idle buckets are dropped.
package ratelimit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys bounds how many buckets a Limiter keeps at once.
const DefaultMaxKeys = 100_000

// Limiter hands out requests per key: Burst at once, refilled at Rate per
// second. Its zero value is not usable; a nil *Limiter allows everything.
type Limiter struct {
	rate    rate.Limit
	burst   int
	idle    time.Duration // a bucket untouched this long is full again: dropping it changes nothing
	maxKeys int

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// New returns a Limiter of perSecond requests per key with bursts of burst,
// keeping at most maxKeys buckets. It returns nil, which allows everything,
// when perSecond is 0.
func New(perSecond float64, burst, maxKeys int) *Limiter {
	if perSecond <= 0 {
		return nil
	}
	burst = max(burst, 1)
	idle := time.Duration(float64(burst) / perSecond * float64(time.Second))
	return &Limiter{
		rate:    rate.Limit(perSecond),
		burst:   burst,
		idle:    max(idle, time.Second),
		maxKeys: max(maxKeys, 1),
		buckets: map[string]*bucket{},
	}
}

// Quota is a bucket's state after one request, as the RateLimit-* and
// Retry-After headers report it.
type Quota struct {
	Allowed   bool
	Limit     int           // the burst: requests that may be made at once
	Remaining int           // requests that may be made now
	Reset     time.Duration // until the bucket is full again
	RetryIn   time.Duration // until the next request is allowed; 0 when Allowed
}

// Take spends one request of key's bucket at now.
func (l *Limiter) Take(key string, now time.Time) Quota {
	lim := l.bucket(key, now)
	allowed := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	q := Quota{
		Allowed:   allowed,
		Limit:     l.burst,
		Remaining: max(int(math.Floor(tokens)), 0),
		Reset:     l.timeFor(float64(l.burst) - tokens),
	}
	if !allowed {
		q.RetryIn = max(l.timeFor(1-tokens), time.Millisecond)
	}
	return q
}

// Len reports how many buckets are kept.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

func (l *Limiter) timeFor(tokens float64) time.Duration {
	if tokens <= 0 {
		return 0
	}
	return time.Duration(tokens / float64(l.rate) * float64(time.Second))
}

// bucket finds or makes key's bucket. Once per idle period it drops the
// buckets idle long enough to be full again. When the map is full all the same
// (a flood from very many addresses) a new key evicts an arbitrary one: that
// bucket's owner starts afresh, which costs less than unbounded memory.
func (l *Limiter) bucket(key string, now time.Time) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= l.idle {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		for k := range l.buckets {
			if len(l.buckets) < l.maxKeys {
				break
			}
			delete(l.buckets, k)
		}
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim
}

func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if now.Sub(b.seen) >= l.idle {
			delete(l.buckets, k)
		}
	}
	l.lastSweep = now
}
