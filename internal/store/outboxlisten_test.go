package store_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// ListenOutbox wakes this process's bus when another process (another
// store.DB on the same PostgreSQL database) commits events, and keeps doing
// so after its connection is killed: it reconnects.
func TestListenOutboxHearsOtherReplicasAndReconnects(t *testing.T) {
	t.Parallel()
	url := dbtest.PostgresURL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	writer, err := store.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	bus := events.NewBus()
	sig, stop := bus.Subscribe()
	defer stop()
	go store.ListenOutbox(ctx, url, bus, slog.New(slog.NewTextHandler(io.Discard, nil)))

	listening := func() int {
		var n int
		if err := writer.SQL().QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitListening := func() {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); listening() == 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("nobody listens")
			}
		}
		for len(sig) > 0 { // the signal sent on (re)connecting
			<-sig
		}
	}
	commit := func() {
		t.Helper()
		e := events.Event{ID: uuid.NewString(), Kind: events.Changed, OccurredAt: time.Now(), EntityType: "service", Action: "service.update", Data: []byte(`{}`)}
		if err := writer.AppendEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	heard := func(why string) {
		t.Helper()
		select {
		case <-sig:
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: the bus was not woken", why)
		}
	}
	waitListening()
	commit()
	heard("another process committed")

	var killed bool
	if err := writer.SQL().QueryRowContext(ctx, "SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()").Scan(&killed); err != nil || !killed {
		t.Fatalf("terminate the listener: %v %v", killed, err)
	}
	waitListening()
	commit()
	heard("after the listening connection was killed")
}
