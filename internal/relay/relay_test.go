package relay_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func appendEvents(t *testing.T, db *store.DB, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = uuid.NewString()
		e := events.Event{ID: ids[i], Kind: events.TaskOverdue, OccurredAt: time.Now(), EntityType: "task", Action: "test", Data: []byte(`{}`)}
		if err := db.AppendEvent(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// Two relays of one delivery, as two replicas would run it, hand each event
// to exactly one of them; events from before the delivery first ran are not
// its business.
func TestTwoRelaysHandleEachEventOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendEvents(t, db, 3) // before the delivery exists
		var mu sync.Mutex
		handled := map[string]int{}
		d := relay.Delivery{Name: "test", Handle: func(_ context.Context, evs []events.Event) error {
			mu.Lock()
			defer mu.Unlock()
			for _, e := range evs {
				handled[e.ID]++
			}
			return nil
		}}
		if _, err := relay.Once(ctx, db, d); err != nil { // starts the cursor at the head
			t.Fatal(err)
		}
		runCtx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { relay.Run(runCtx, db, db.Outbox(), d, slog.New(slog.DiscardHandler)) })
		}
		ids := appendEvents(t, db, 40)
		deadline := time.Now().Add(20 * time.Second)
		for {
			mu.Lock()
			n := len(handled)
			mu.Unlock()
			if n >= len(ids) || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		wg.Wait()
		if len(handled) != len(ids) {
			t.Fatalf("handled %d events, want the %d written after the delivery started", len(handled), len(ids))
		}
		for _, id := range ids {
			if handled[id] != 1 {
				t.Fatalf("event %s handled %d times, want once", id, handled[id])
			}
		}
	})
}

// A delivery that fails leaves its cursor where it was: the same events come
// again on the next try.
func TestAFailedBatchIsHandedOverAgain(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fail := true
		var got []string
		d := relay.Delivery{Name: "flaky", Handle: func(_ context.Context, evs []events.Event) error {
			if fail {
				return errors.New("mail server away")
			}
			for _, e := range evs {
				got = append(got, e.ID)
			}
			return nil
		}}
		if _, err := relay.Once(ctx, db, d); err != nil {
			t.Fatal(err)
		}
		ids := appendEvents(t, db, 2)
		if _, err := relay.Once(ctx, db, d); err == nil {
			t.Fatal("a failing delivery reported success")
		}
		fail = false
		if n, err := relay.Once(ctx, db, d); err != nil || n != 2 {
			t.Fatalf("retry handled %d (%v), want 2", n, err)
		}
		if len(got) != 2 || got[0] != ids[0] || got[1] != ids[1] {
			t.Fatalf("retry handed %v, want %v", got, ids)
		}
	})
}

// Bare changes (most writes) reach no delivery: while only they wait, the
// cursor stays put and no transaction is taken; they are passed over with
// the next notable event, or once a whole batch of them waits.
func TestBareChangesAreNotHandedOver(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var got []events.Event
		d := relay.Delivery{Name: "bell", Handle: func(_ context.Context, evs []events.Event) error {
			got = append(got, evs...)
			return nil
		}}
		if _, err := relay.Once(ctx, db, d); err != nil { // starts the cursor at the head
			t.Fatal(err)
		}
		start, _, err := db.EventCursor(ctx, d.Name)
		if err != nil {
			t.Fatal(err)
		}
		changes := func(n int) {
			for range n {
				e := events.Event{ID: uuid.NewString(), Kind: events.Changed, OccurredAt: time.Now(), EntityType: "case", Action: "case.update", Data: []byte(`{}`)}
				if err := db.AppendEvent(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
		}
		cursor := func() int64 {
			seq, _, err := db.EventCursor(ctx, d.Name)
			if err != nil {
				t.Fatal(err)
			}
			return seq
		}

		changes(3)
		if n, err := relay.Once(ctx, db, d); err != nil || n != 0 || cursor() != start || len(got) != 0 {
			t.Fatalf("with only changes waiting: read %d (%v), cursor %d (was %d), handed %d; want nothing done", n, err, cursor(), start, len(got))
		}

		ids := appendEvents(t, db, 1)
		head, _ := db.LastEventSeq(ctx)
		if n, err := relay.Once(ctx, db, d); err != nil || n != 4 {
			t.Fatalf("read %d (%v), want the 3 changes and the notable event", n, err)
		}
		if len(got) != 1 || got[0].ID != ids[0] || cursor() != head {
			t.Fatalf("handed %d events, cursor %d; want only %s, cursor at %d", len(got), cursor(), ids[0], head)
		}

		changes(relay.Batch)
		if n, err := relay.Once(ctx, db, d); err != nil || n != relay.Batch {
			t.Fatalf("a full batch of changes: read %d (%v), want %d passed over", n, err, relay.Batch)
		}
		if len(got) != 1 || cursor() != head+relay.Batch {
			t.Fatalf("handed %d events, cursor %d; want none more, cursor at %d", len(got), cursor(), head+relay.Batch)
		}
	})
}
