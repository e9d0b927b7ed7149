// Package leader lets one replica at a time do the work that must not run
// twice at once (the scheduler, pruning). On PostgreSQL the leader holds a
// session advisory lock on a connection of its own (store.AdvisoryLock): a
// replica that does not get it tries again every Retry; a leader whose
// connection breaks stops leading at once (its work's context ends), and the
// server drops the lock of a process that dies, kill -9 included. With
// SQLite the one process leads (Single).
package leader

import (
	"context"
	"log/slog"
	"time"
)

// Lock is one way to lead.
type Lock interface {
	// TryAcquire tries once. When it leads it returns a context that ends
	// as soon as leadership is lost (or ctx ends) and the function that
	// gives leadership up; ok is false while another replica leads.
	TryAcquire(ctx context.Context) (lead context.Context, release func(), ok bool, err error)
}

// Retry is how often a replica that does not lead tries again.
const Retry = 3 * time.Second

// Run does work while this replica leads, until ctx ends: it tries every
// retry, runs work with a context that ends when leadership is lost, and
// gives leadership up once work returns. work must return when its context
// ends.
func Run(ctx context.Context, l Lock, retry time.Duration, log *slog.Logger, work func(ctx context.Context)) {
	for {
		lead, release, ok, err := l.TryAcquire(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("try to lead", "err", err)
		case ok:
			log.Info("leading: this replica runs the work of one replica at a time")
			work(lead)
			release()
			if ctx.Err() == nil {
				log.Warn("no longer leading")
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(retry):
		}
	}
}

// Single is the lock of a database only one process opens (SQLite): it
// always leads.
type Single struct{}

// TryAcquire leads at once, until ctx ends.
func (Single) TryAcquire(ctx context.Context) (context.Context, func(), bool, error) {
	lead, cancel := context.WithCancel(ctx)
	return lead, cancel, true, nil
}
