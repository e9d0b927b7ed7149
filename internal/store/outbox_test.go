package store_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// eventsOfCase returns the outbox events about one case, oldest first.
func eventsOfCase(t *testing.T, db *store.DB, caseID uuid.UUID) []events.Event {
	t.Helper()
	all, err := db.EventsAfter(context.Background(), 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	var out []events.Event
	for _, e := range all {
		if e.CaseID == caseID.String() {
			out = append(out, e)
		}
	}
	return out
}

// A change worth telling writes its event in its own transaction: creating a
// case and moving it tell case.created and case.status_changed, a note tells
// "changed" (live updates only), and a change that rolls back tells nothing.
func TestChangesWriteTheirEventsInTheirTransaction(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		c := newCase(t, cs, ctx, "Payroll portal defaced")
		if _, err := cs.AddNote(ctx, c.ID, cases.NoteUpdate, "Page restored from backup"); err != nil {
			t.Fatal(err)
		}
		got := eventsOfCase(t, db, c.ID)
		if len(got) != 2 || got[0].Kind != events.CaseCreated || got[1].Kind != events.Changed || got[1].Action != "note.create" {
			t.Fatalf("events %+v, want case.created then a changed note", got)
		}
		if got[0].ID == "" || got[0].ID == got[1].ID || got[0].Seq >= got[1].Seq {
			t.Fatalf("ids %q %q and seqs %d %d: want distinct ids in order", got[0].ID, got[1].ID, got[0].Seq, got[1].Seq)
		}

		boom := errors.New("boom")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if _, err := cs.AddNote(ctx, c.ID, cases.NoteUpdate, "Never kept"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("rolled back transaction: %v", err)
		}
		if n := len(eventsOfCase(t, db, c.ID)); n != 2 {
			t.Fatalf("%d events after a rollback, want 2", n)
		}
	})
}

// An event queued twice under one id is written once: the scheduler relies on
// it never to tell the same threshold twice, even after a crash.
func TestAnEventIDIsWrittenOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("caseward:test:threshold")).String()
		e := events.Event{ID: id, Kind: events.ClockDueSoon, OccurredAt: time.Now(), EntityType: "case", Action: "scheduler.clock", Data: []byte(`{}`)}
		for range 2 {
			if err := db.AppendEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.EventsAfter(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, got := range all {
			if got.ID == id {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d events with id %s, want 1", n, id)
		}
	})
}

// A reader that follows the outbox by seq alone misses nothing while many
// writers commit at once: seq is commit order, so nothing ever appears
// behind a seq already read.
func TestOutboxReaderMissesNothingUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		c := newCase(t, cs, ctx, "Mail relay abused")
		start, err := db.LastEventSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		const writers, each = 8, 10
		done := make(chan struct{})
		seen := map[string]int{}
		var readErr error
		go func() { // tail the outbox while the writers write
			defer close(done)
			cursor := start
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
				batch, err := db.EventsAfter(ctx, cursor, 50)
				if err != nil {
					readErr = err
					return
				}
				for _, e := range batch {
					seen[e.ID]++
					cursor = e.Seq
				}
				if len(seen) == writers*each {
					return
				}
			}
		}()
		var wg sync.WaitGroup
		for range writers {
			wg.Go(func() {
				for range each {
					if _, err := cs.AddNote(ctx, c.ID, cases.NoteUpdate, "Another relay log read"); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		<-done
		if readErr != nil {
			t.Fatal(readErr)
		}
		if len(seen) != writers*each {
			t.Fatalf("the reader saw %d events, want %d", len(seen), writers*each)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("event %s read %d times", id, n)
			}
		}
	})
}

// A cursor moves only forward with the transaction that moves it, and pruning
// keeps what any cursor has yet to read.
func TestCursorsAndPruning(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		newCase(t, cs, ctx, "Old news")
		head, err := db.LastEventSeq(ctx)
		if err != nil || head == 0 {
			t.Fatalf("head %d, %v", head, err)
		}
		if err := db.MoveEventCursor(ctx, "mail", 0); err != nil {
			t.Fatal(err)
		}
		if n, err := db.PruneEvents(ctx, time.Now().Add(time.Hour)); err != nil || n != 0 {
			t.Fatalf("pruned %d (%v) with a cursor at 0, want none", n, err)
		}
		if err := db.MoveEventCursor(ctx, "mail", head); err != nil {
			t.Fatal(err)
		}
		if got, found, err := db.EventCursor(ctx, "mail"); err != nil || !found || got != head {
			t.Fatalf("cursor %d (%v), want %d", got, err, head)
		}
		if n, err := db.PruneEvents(ctx, time.Now().Add(time.Hour)); err != nil || n != head {
			t.Fatalf("pruned %d (%v), want %d", n, err, head)
		}
	})
}

// The deliveries' handle reads the outbox while every connection of the
// request pool is taken (as when writers queue at the audit lock), and it
// hears the commits of the main handle.
func TestDeliveriesReadWhileTheRequestPoolIsFull(t *testing.T) {
	t.Parallel()
	url := dbtest.PostgresURL(t)
	ctx := context.Background()
	db, err := store.OpenWith(ctx, url, "", store.Options{Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := db.ForDeliveries(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	wake, stop := d.Outbox().Subscribe()
	defer stop()
	if err := db.AppendEvent(ctx, events.Event{ID: uuid.NewString(), Kind: events.TaskOverdue, OccurredAt: time.Now(),
		EntityType: "task", Action: "test", Data: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
	case <-time.After(time.Second):
		t.Fatal("the deliveries' handle did not hear the main handle's commit")
	}
	var held []*sql.Conn
	for range 32 { // the request pool's size (store.OpenWith)
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	read, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if evs, err := d.EventsAfter(read, 0, 10); err != nil || len(evs) != 1 {
		t.Fatalf("read %d events (%v) with the request pool full, want 1", len(evs), err)
	}
}
