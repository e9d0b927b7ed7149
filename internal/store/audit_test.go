package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func record(t *testing.T, db *store.DB, n int) {
	t.Helper()
	rec := audit.NewRecorder(db)
	ctx := identity.With(context.Background(), identity.Principal{UserID: uuid.New(), Email: "ann@example.org", RequestID: "req-1", IP: "192.0.2.7"})
	for i := 0; i < n; i++ {
		if err := rec.Record(ctx, audit.Entry{Action: "test.write", EntityType: "thing", EntityID: fmt.Sprint(i), Changes: audit.Changes{"n": {i, i + 1}}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestConcurrentAppendsFormOneValidChain(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		const writers, each = 16, 10
		rec := audit.NewRecorder(db)
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					// Each append rides in a transaction with a change of its own, like real writes.
					err := db.InTx(context.Background(), func(ctx context.Context) error {
						return rec.Record(ctx, audit.Entry{Action: "test.write", EntityType: "writer", EntityID: fmt.Sprint(w), Changes: audit.Changes{"i": {nil, i}}})
					})
					if err != nil {
						errs <- err
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		res, err := audit.NewService(db).Verify(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !res.Valid || res.Checked != writers*each || res.FirstInvalidSeq != nil {
			t.Fatalf("verify = %+v, want valid with %d events", res, writers*each)
		}
	})
}

func TestAuditEventsAreAppendOnly(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		record(t, db, 2)
		ctx := context.Background()
		for _, sql := range []string{
			"UPDATE audit_events SET action = 'forged' WHERE seq = 1",
			"DELETE FROM audit_events WHERE seq = 2",
			"DELETE FROM audit_events",
		} {
			err := db.Exec(ctx, sql)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want refusal by the trigger", sql, err)
			}
		}
		if db.Dialect() == store.Postgres {
			if err := db.Exec(ctx, "TRUNCATE audit_events"); err == nil {
				t.Error("TRUNCATE was allowed")
			}
		}
		if res, _ := audit.NewService(db).Verify(ctx); !res.Valid || res.Checked != 2 {
			t.Fatalf("trail changed: %+v", res)
		}
	})
}

func TestVerifyNamesTheTamperedSeq(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		record(t, db, 6)
		ctx := context.Background()
		dropTriggers(t, db)
		if err := db.Exec(ctx, `UPDATE audit_events SET changes = '{"n":[3,400]}' WHERE seq = 4`); err != nil {
			t.Fatal(err)
		}
		res, err := audit.NewService(db).Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid || res.FirstInvalidSeq == nil || *res.FirstInvalidSeq != 4 || res.Checked != 3 {
			t.Fatalf("verify = %+v, want seq 4 named after 3 good events", res)
		}
	})
}

func TestVerifyNamesADeletedLink(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		record(t, db, 5)
		dropTriggers(t, db)
		if err := db.Exec(context.Background(), "DELETE FROM audit_events WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
		res, _ := audit.NewService(db).Verify(context.Background())
		if res.Valid || res.FirstInvalidSeq == nil || *res.FirstInvalidSeq != 4 {
			t.Fatalf("verify = %+v, want the event after the gap (4) named", res)
		}
	})
}

func TestFailedWriteLeavesNoAuditRow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		rec := audit.NewRecorder(db)
		boom := errors.New("the change failed")
		err := db.InTx(context.Background(), func(ctx context.Context) error {
			if err := rec.Record(ctx, audit.Entry{Action: "test.write", EntityType: "thing"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if res, _ := audit.NewService(db).Verify(context.Background()); res.Checked != 0 {
			t.Fatalf("an audit row survived the rollback: %+v", res)
		}
	})
}

func dropTriggers(t *testing.T, db *store.DB) {
	t.Helper()
	for _, name := range []string{"audit_events_no_update", "audit_events_no_delete"} {
		sql := "DROP TRIGGER " + name
		if db.Dialect() == store.Postgres {
			sql += " ON audit_events"
		}
		if err := db.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
	}
}

// A read does not queue behind a transaction that is writing: on SQLite it
// runs on a read-only connection, not the one the writer holds.
func TestReadsDoNotWaitForAnOpenWriteTransaction(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		record(t, db, 1)
		inTx, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- db.InTx(context.Background(), func(ctx context.Context) error {
				if err := audit.NewRecorder(db).Record(ctx, audit.Entry{Action: "test.write", EntityType: "thing", EntityID: "open"}); err != nil {
					return err
				}
				close(inTx)
				<-release
				return nil
			})
		}()
		<-inTx
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		during, err := db.ListAudit(ctx, audit.Filter{Limit: 10})
		close(release)
		if err != nil {
			t.Fatalf("read during an open write transaction: %v", err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		after, err := db.ListAudit(context.Background(), audit.Filter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(during) != 1 || len(after) != 2 {
			t.Fatalf("%d events seen during the transaction (want the 1 committed), %d after (want 2)", len(during), len(after))
		}
	})
}
