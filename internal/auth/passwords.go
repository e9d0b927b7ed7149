package auth

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/caseward/caseward/internal/apperr"
)

// HashMemory is what one argon2id hash or check holds while it runs.
const HashMemory = argonMemoryKiB * 1024

// DefaultHashMemory is the default budget for password hashing: six at once.
const DefaultHashMemory = 128 << 20

// HashWait is how long a request waits for a free slot before it is refused:
// long enough to ride out a burst of sign-ins, short enough that waiting
// requests never pile up.
const HashWait = 3 * time.Second

// hashBusyRetry is the Retry-After of a request refused for want of a slot:
// one hash takes tens of milliseconds, so a slot is soon free again.
const hashBusyRetry = time.Second

// errHashBusy refuses a request that found no free slot in time.
var errHashBusy = &apperr.Error{Kind: apperr.Unavailable, RetryAfter: hashBusyRetry,
	Message: "too many passwords are being checked at once; try again in a moment"}

// Passwords hashes and checks passwords, at most a fixed number at once. Each
// argon2id run holds 19 MiB, so without a bound a flood of sign-ins exhausts
// memory; with it, hashing never holds more than the budget it was given. Every
// place that hashes or checks a password goes through one Passwords. A caller
// that finds no slot free within the wait is refused with apperr.Unavailable
// and a Retry-After, rather than queuing without end.
type Passwords struct {
	cost     Cost
	dummy    string // verified against when an email is unknown (see Dummy)
	slots    chan struct{}
	wait     time.Duration
	computed atomic.Int64
	running  atomic.Int64
	peak     atomic.Int64
}

// PasswordStats counts what a Passwords did since it was made.
type PasswordStats struct {
	Slots    int   // hashes allowed at once
	Computed int64 // hashes and checks run
	Peak     int64 // most run at once
}

// NewPasswords allows as many hashes at once as fit in memoryBudget bytes (at
// least one), each waiting at most wait for a slot, at DefaultCost.
func NewPasswords(memoryBudget int64, wait time.Duration) *Passwords {
	return NewPasswordsAt(DefaultCost, memoryBudget, wait)
}

// NewPasswordsAt is NewPasswords hashing at cost: tests that hash hundreds
// of passwords use a cheap one (it is spelled out in every hash, so checks
// follow it).
func NewPasswordsAt(cost Cost, memoryBudget int64, wait time.Duration) *Passwords {
	n := max(1, memoryBudget/(int64(cost.MemoryKiB)*1024))
	dummy, err := cost.hash("caseward-timing-equaliser")
	if err != nil {
		panic(fmt.Sprintf("hash the timing equaliser: %v", err)) // only when the system has no randomness
	}
	return &Passwords{cost: cost, dummy: dummy, slots: make(chan struct{}, n), wait: wait}
}

// Hash returns an encoded argon2id hash of password.
func (p *Passwords) Hash(ctx context.Context, password string) (string, error) {
	var hash string
	err := p.run(ctx, func() (err error) {
		hash, err = p.cost.hash(password)
		return err
	})
	return hash, err
}

// Dummy is a hash to verify against when an email is unknown, so that a
// wrong email costs as much time as a wrong password.
func (p *Passwords) Dummy() string { return p.dummy }

// Verify reports whether password matches the encoded hash.
func (p *Passwords) Verify(ctx context.Context, encoded, password string) (bool, error) {
	var ok bool
	err := p.run(ctx, func() (err error) {
		ok, err = VerifyPassword(encoded, password)
		return err
	})
	return ok, err
}

// Stats reports the slots and what has run so far.
func (p *Passwords) Stats() PasswordStats {
	return PasswordStats{Slots: cap(p.slots), Computed: p.computed.Load(), Peak: p.peak.Load()}
}

// run runs fn in a slot, waiting for one at most p.wait.
func (p *Passwords) run(ctx context.Context, fn func() error) error {
	timer := time.NewTimer(p.wait)
	defer timer.Stop()
	select {
	case p.slots <- struct{}{}:
	case <-timer.C:
		return errHashBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	now := p.running.Add(1)
	defer p.running.Add(-1)
	for {
		peak := p.peak.Load()
		if now <= peak || p.peak.CompareAndSwap(peak, now) {
			break
		}
	}
	p.computed.Add(1)
	return fn()
}
