package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// LeaderKey is the leader lock's key on Caseward's database ("Caseward" in ASCII).
const LeaderKey int64 = 0x4361736577617264

// AdvisoryLock is package leader's Lock on PostgreSQL: a session advisory
// lock held on a connection of its own, checked every Check; a connection
// that does not answer within Check ends the leadership. The other way round, the server ends the session of a
// leader it has not heard from for Idle (idle_session_timeout, PostgreSQL
// 14+): a leader whose host vanished without closing its connection holds
// the lock that long at most, not until TCP gives up.
type AdvisoryLock struct {
	URL   string
	Key   int64
	Check time.Duration
	Idle  time.Duration
	Log   *slog.Logger
}

// NewAdvisoryLock returns the leader lock on the database at url,
// checked every second, dropped by the server after 10 s of silence.
func NewAdvisoryLock(url string, log *slog.Logger) *AdvisoryLock {
	return &AdvisoryLock{URL: url, Key: LeaderKey, Check: time.Second, Idle: 10 * time.Second, Log: log}
}

// TryAcquire connects, takes the lock if it is free and watches the
// connection while it leads.
func (p *AdvisoryLock) TryAcquire(ctx context.Context) (context.Context, func(), bool, error) {
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
