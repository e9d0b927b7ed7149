package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// sharedNote is a write for InSharedTx: a note on caseID and its audit event,
// then whatever fail returns.
type sharedNote struct {
	key  string
	body string
	fail error
	tx   any // the transaction of its last run
	runs int
}

func (w *sharedNote) fn(db *store.DB, rec *audit.Recorder, caseID uuid.UUID) func(context.Context) error {
	return func(ctx context.Context) error {
		w.runs++
		w.tx = store.TxOf(ctx)
		n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: caseID, Kind: cases.NoteUpdate, Body: w.body, AuthorID: identity.From(ctx).UserID, CreatedAt: time.Now()}
		if err := db.CreateNote(ctx, n, cases.Scope{All: true}, cases.MaxNotesPerCase); err != nil {
			return err
		}
		if err := rec.Record(ctx, audit.Entry{Action: "note.create", EntityType: "note", EntityID: n.ID.String(), CaseID: caseID.String(),
			Changes: audit.Changes{"body": {nil, w.body}}}); err != nil {
			return err
		}
		return w.fail
	}
}

// runGrouped holds the first writes in their transactions, as many as may
// run at once, until all of ws wait behind them, so that ws then run as one
// group; it returns each one's error.
func runGrouped(t *testing.T, db *store.DB, ctx context.Context, rec *audit.Recorder, caseID uuid.UUID, ws []*sharedNote) []error {
	t.Helper()
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(db.SharedLeaders() + len(ws))
	for i := range db.SharedLeaders() {
		first := &sharedNote{key: "0", body: fmt.Sprintf("first %d", i)}
		firstFn := first.fn(db, rec, caseID)
		started := make(chan struct{})
		go func() {
			defer wg.Done()
			err := db.InSharedTx(ctx, first.key, func(ctx context.Context) error {
				close(started)
				<-release
				return firstFn(ctx)
			})
			if err != nil {
				t.Errorf("first write: %v", err)
			}
		}()
		<-started
	}
	errs := make([]error, len(ws))
	for i, w := range ws {
		go func() {
			defer wg.Done()
			errs[i] = db.InSharedTx(ctx, w.key, w.fn(db, rec, caseID))
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); db.SharedWaiting() < len(ws); {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes wait, want %d", db.SharedWaiting(), len(ws))
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	return errs
}

// noteBodies lists the bodies of a case's committed notes.
func noteBodies(t *testing.T, db *store.DB, caseID uuid.UUID) map[string]bool {
	t.Helper()
	rows, err := db.SQL().Query(fmt.Sprintf(`SELECT body FROM notes WHERE case_id = '%s'`, caseID))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		got[b] = true
	}
	return got
}

func auditValid(t *testing.T, db *store.DB) {
	t.Helper()
	res, err := audit.NewService(db).Verify(context.Background())
	if err != nil || !res.Valid {
		t.Fatalf("audit trail: %+v, %v", res, err)
	}
}

// Writes that arrive together share one transaction; one refused by its own
// rule gets its refusal and leaves nothing behind, and the others commit
// without it, with their audit events, in one verified chain.
func TestSharedWritesCommitTogetherAndARefusalStaysItsOwn(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		c := newCase(t, cases.NewService(db, rec), ctx, "Shared writes")
		refused := apperr.New(apperr.Conflict, "refused by its own rule")
		ws := []*sharedNote{{key: "3", body: "third"}, {key: "1", body: "one"}, {key: "2", body: "refused", fail: refused}}
		errs := runGrouped(t, db, ctx, rec, c.ID, ws)
		if errs[0] != nil || errs[1] != nil || !errors.Is(errs[2], refused) {
			t.Fatalf("errors: %v", errs)
		}
		if ws[0].tx != ws[1].tx {
			t.Error("the writes that arrived together did not share a transaction")
		}
		// Key order: "1" ran before the refusal and again without it; "3" ran once.
		if ws[1].runs != 2 || ws[0].runs != 1 {
			t.Errorf("runs: one %d, third %d", ws[1].runs, ws[0].runs)
		}
		got := noteBodies(t, db, c.ID)
		if !got["first 0"] || !got["one"] || !got["third"] || got["refused"] || len(got) != 2+db.SharedLeaders() {
			t.Errorf("notes stored: %v", got)
		}
		var counted int
		if err := db.SQL().QueryRow(fmt.Sprintf(`SELECT note_count FROM cases WHERE id = '%s'`, c.ID)).Scan(&counted); err != nil || counted != 2+db.SharedLeaders() {
			t.Errorf("note_count %d, %v", counted, err)
		}
		evs, err := db.ListAudit(context.Background(), audit.Filter{Action: "note.create", Limit: 10})
		if err != nil || len(evs) != 2+db.SharedLeaders() {
			t.Errorf("note.create events: %d, %v", len(evs), err)
		}
		auditValid(t, db)
	})
}

// A write that fails for a reason not its own (the database) sends each of
// its group to a transaction of its own: the others still commit.
func TestSharedWriteFailingOtherwiseLeavesTheOthersToCommitAlone(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		c := newCase(t, cases.NewService(db, rec), ctx, "Shared writes failing")
		broken := errors.New("the database broke")
		ws := []*sharedNote{{key: "1", body: "one"}, {key: "2", body: "broken", fail: broken}, {key: "3", body: "three"}}
		errs := runGrouped(t, db, ctx, rec, c.ID, ws)
		if errs[0] != nil || !errors.Is(errs[1], broken) || errs[2] != nil {
			t.Fatalf("errors: %v", errs)
		}
		if ws[0].tx == ws[2].tx {
			t.Error("after a failure that is not a refusal, the writes still shared a transaction")
		}
		got := noteBodies(t, db, c.ID)
		if !got["one"] || !got["three"] || got["broken"] {
			t.Errorf("notes stored: %v", got)
		}
		auditValid(t, db)
	})
}

// Many notes at once, on a few cases, through the service: every one is
// stored once, counted on its case, audited and told in the outbox.
func TestConcurrentNotesAllLand(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		ids := []uuid.UUID{newCase(t, cs, ctx, "A").ID, newCase(t, cs, ctx, "B").ID, newCase(t, cs, ctx, "C").ID}
		const perCase = 40
		var wg sync.WaitGroup
		for i := range perCase * len(ids) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := cs.AddNote(ctx, ids[i%len(ids)], cases.NoteUpdate, fmt.Sprintf("Notatka %d: zażółć gęślą jaźń", i)); err != nil {
					t.Errorf("note %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if got := len(noteBodies(t, db, id)); got != perCase {
				t.Errorf("case %s holds %d notes, want %d", id, got, perCase)
			}
		}
		evs, err := db.ListAudit(context.Background(), audit.Filter{Action: "note.create", Limit: 1000})
		if err != nil || len(evs) != perCase*len(ids) {
			t.Errorf("note.create events: %d, %v", len(evs), err)
		}
		auditValid(t, db)
	})
}
