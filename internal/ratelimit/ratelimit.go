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
	idle time.Duration // untouched this long, it is full again
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

// NewPerKey returns a Limiter whose every key brings its own rate, through
// TakeWith (an API key's own limit, say).
func NewPerKey(maxKeys int) *Limiter {
	return &Limiter{idle: time.Second, maxKeys: max(maxKeys, 1), buckets: map[string]*bucket{}}
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
	return l.TakeWith(key, now, float64(l.rate), l.burst)
}

// TakeWith spends one request of key's bucket at now, a bucket of perSecond
// requests a second with bursts of burst. A key keeps the rate it came with
// first until its bucket is dropped.
func (l *Limiter) TakeWith(key string, now time.Time, perSecond float64, burst int) Quota {
	burst = max(burst, 1)
	lim := l.bucket(key, now, rate.Limit(perSecond), burst)
	allowed := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	timeFor := func(tokens float64) time.Duration {
		if tokens <= 0 {
			return 0
		}
		return time.Duration(tokens / float64(lim.Limit()) * float64(time.Second))
	}
	q := Quota{
		Allowed:   allowed,
		Limit:     lim.Burst(),
		Remaining: max(int(math.Floor(tokens)), 0),
		Reset:     timeFor(float64(lim.Burst()) - tokens),
	}
	if !allowed {
		q.RetryIn = max(timeFor(1-tokens), time.Millisecond)
	}
	return q
}

// Len reports how many buckets are kept.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// bucket finds or makes key's bucket. Once per idle period it drops the
// buckets idle long enough to be full again. When the map is full all the same
// (a flood from very many addresses) a new key evicts an arbitrary one: that
// bucket's owner starts afresh, which costs less than unbounded memory.
func (l *Limiter) bucket(key string, now time.Time, r rate.Limit, burst int) *rate.Limiter {
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
		idle := time.Duration(float64(burst) / float64(r) * float64(time.Second))
		b = &bucket{lim: rate.NewLimiter(r, burst), idle: max(idle, time.Second)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim
}

func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if now.Sub(b.seen) >= b.idle {
			delete(l.buckets, k)
		}
	}
	l.lastSweep = now
}
