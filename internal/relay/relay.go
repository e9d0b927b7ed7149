// Package relay hands the outbox's events to each delivery (in-app
// notifications, mail, webhooks): it reads the events after the delivery's
// cursor and moves the cursor in the transaction that stores what the
// delivery made of them, so each event is handled once per delivery, however
// many replicas run it and whenever one is killed.
package relay

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/caseward/caseward/internal/events"
)

// Store is what a relay needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	EventsAfter(ctx context.Context, seq int64, limit int) ([]events.Event, error)
	EventCursor(ctx context.Context, name string) (int64, bool, error)
	LockEventCursor(ctx context.Context, name string) (int64, error)
	MoveEventCursor(ctx context.Context, name string, seq int64) error
}

// Delivery is one consumer of the outbox.
type Delivery struct {
	// Name keys its cursor; keep it once chosen.
	Name string
	// Handle stores what evs mean for this delivery (rows to send, say) in
	// the transaction in ctx. An error rolls the batch back, to be tried again.
	// It is handed only notable events: a bare change (events.Changed) is for
	// the live stream, and tells nobody.
	Handle func(ctx context.Context, evs []events.Event) error
}

// Batch is the most events handed to a delivery at once.
const Batch = 500

// Once hands d the notable events after its cursor, reading at most Batch
// events, and returns how many it read.
//
// It looks first without a transaction, and leaves the cursor alone while
// fewer than Batch events wait and none of them is notable: most wake-ups
// find nothing for d (a quiet server, or only changes nobody is told about),
// and taking the cursor's lock is a write, on SQLite by the only writer.
func Once(ctx context.Context, st Store, d Delivery) (int, error) {
	cursor, found, err := st.EventCursor(ctx, d.Name)
	if err != nil {
		return 0, err
	}
	var waiting []events.Event
	if found {
		if waiting, err = st.EventsAfter(ctx, cursor, Batch); err != nil {
			return 0, err
		}
		if len(waiting) < Batch && !slices.ContainsFunc(waiting, events.Event.Notable) {
			return 0, nil
		}
	}
	var n int
	err = st.InTx(ctx, func(ctx context.Context) error {
		locked, err := st.LockEventCursor(ctx, d.Name)
		if err != nil {
			return err
		}
		// What was read before the lock is still the batch after the cursor
		// unless another replica moved it meanwhile: seq is commit order, so
		// no event can have appeared among them since.
		evs := waiting
		if !found || locked != cursor {
			if evs, err = st.EventsAfter(ctx, locked, Batch); err != nil {
				return err
			}
		}
		if len(evs) == 0 {
			return nil
		}
		notable := slices.DeleteFunc(slices.Clone(evs), func(e events.Event) bool { return !e.Notable() })
		if len(notable) > 0 {
			if err := d.Handle(ctx, notable); err != nil {
				return fmt.Errorf("%s: %w", d.Name, err)
			}
		}
		n = len(evs)
		return st.MoveEventCursor(ctx, d.Name, evs[len(evs)-1].Seq)
	})
	return n, err
}

// Poll is how often a relay looks without being told: it covers a signal
// lost with a dropped connection.
const Poll = 2 * time.Second

// Gather is how long a relay, once told, waits for more commits before it
// reads: each batch is a transaction with its own COMMIT, and one per event
// would cost the writers a disk flush each (at 32 connections adding notes on
// PostgreSQL, 209 events a second rather than over a thousand).
const Gather = 100 * time.Millisecond

// Run relays events to d until ctx ends, woken by bus after each commit and
// every Poll. A failure is logged and tried again after a pause.
func Run(ctx context.Context, st Store, bus *events.Bus, d Delivery, log *slog.Logger) {
	wake, stop := bus.Subscribe()
	defer stop()
	tick := time.NewTicker(Poll)
	defer tick.Stop()
	for {
		n, err := Once(ctx, st, d)
		if err != nil && ctx.Err() == nil {
			log.Warn("relay events", "delivery", d.Name, "err", err)
			n = 0
		}
		if n == Batch {
			continue // more are waiting
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(Gather):
		}
	}
}
