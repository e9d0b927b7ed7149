package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/caseward/caseward/internal/events"
)

// ListenOutbox holds a dedicated PostgreSQL connection (not one of the pool's)
// listening on OutboxChannel and signals bus on each notification, so that
// the live hubs of every replica read the outbox as soon as any replica
// commits (package live). When
// the connection drops it reconnects with backoff (up to maxBackoff), and
// signals once after each (re)connect for what it may have missed. It returns
// when ctx ends.
func ListenOutbox(ctx context.Context, databaseURL string, bus *events.Bus, log *slog.Logger) {
	const minBackoff, maxBackoff = 200 * time.Millisecond, 10 * time.Second
	backoff := minBackoff
	for ctx.Err() == nil {
		started := time.Now()
		err := listenOnce(ctx, databaseURL, OutboxChannel, bus)
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > time.Minute {
			backoff = minBackoff // it had been up a while: a fresh drop
		}
		log.Warn("live updates: the listening connection dropped; reconnecting", "err", err, "in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

func listenOnce(ctx context.Context, databaseURL, channel string, bus *events.Bus) error {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	bus.Notify() // whatever was committed while no one listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		bus.Notify()
	}
}
