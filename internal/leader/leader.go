// Package leader lets one replica at a time do the work that must not run
// twice at once (the scheduler, pruning). On PostgreSQL the leader holds a
// session advisory lock on a connection of its own: a replica that does not
// get it tries again every Retry; a leader whose connection breaks stops
// leading at once (its work's context ends), and the server drops the lock
// of a process that dies, kill -9 included. With SQLite the one process
// leads.
package leader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
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
			log.Info("leading: running the scheduler and the outbox's pruning on this replica")
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

// Key is the advisory lock's key on Caseward's database ("Caseward" in ASCII).
const Key int64 = 0x4361736577617264

// Postgres leads with a session advisory lock held on a connection of its
// own, checked every Check: a connection that does not answer within Check
// ends the leadership. The other way round, the server ends the session of a
// leader it has not heard from for Idle (idle_session_timeout, PostgreSQL
// 14+): a leader whose host vanished without closing its connection holds
// the lock that long at most, not until TCP gives up.
type Postgres struct {
	URL   string
	Key   int64
	Check time.Duration
	Idle  time.Duration
	Log   *slog.Logger
}

// NewPostgres returns the lock on the database at url with Caseward's key,
// checked every second, dropped by the server after 10 s of silence.
func NewPostgres(url string, log *slog.Logger) *Postgres {
	return &Postgres{URL: url, Key: Key, Check: time.Second, Idle: 10 * time.Second, Log: log}
}

// TryAcquire connects, takes the lock if it is free and watches the
// connection while it leads.
func (p *Postgres) TryAcquire(ctx context.Context) (context.Context, func(), bool, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, p.URL)
	if err != nil {
		return nil, nil, false, fmt.Errorf("connect for the leader lock: %w", err)
	}
	if p.Idle > 0 {
		// Older servers do not know the setting: the lock still works.
		if _, err := conn.Exec(cctx, fmt.Sprintf("SET idle_session_timeout = %d", p.Idle.Milliseconds())); err != nil && conn.IsClosed() {
			return nil, nil, false, fmt.Errorf("set up the leader lock's connection: %w", err)
		}
	}
	var got bool
	if err := conn.QueryRow(cctx, "SELECT pg_try_advisory_lock($1)", p.Key).Scan(&got); err != nil || !got {
		_ = conn.Close(context.Background()) // a session's locks go with it
		if err != nil {
			return nil, nil, false, fmt.Errorf("take the leader lock: %w", err)
		}
		return nil, nil, false, nil
	}
	lead, stop := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() { // the only user of conn until release
		defer close(watched)
		defer stop()
		tick := time.NewTicker(p.Check)
		defer tick.Stop()
		for {
			select {
			case <-lead.Done():
				return
			case <-tick.C:
			}
			pctx, cancel := context.WithTimeout(lead, p.Check)
			err := conn.Ping(pctx)
			cancel()
			if err != nil && lead.Err() == nil {
				if p.Log != nil {
					p.Log.Warn("lost the leader lock's connection", "err", err)
				}
				return
			}
		}
	}()
	release := func() {
		stop()
		<-watched
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if !conn.IsClosed() {
			if _, err := conn.Exec(uctx, "SELECT pg_advisory_unlock($1)", p.Key); err != nil && !errors.Is(err, context.Canceled) && p.Log != nil {
				p.Log.Warn("give up the leader lock", "err", err)
			}
		}
		_ = conn.Close(uctx) // closing ends the session and its lock in any case
	}
	return lead, release, true, nil
}
