package store_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type evidenceFixture struct {
	ctx     context.Context
	db      *store.DB
	svc     *evidence.Service
	blobDir string
	caseID  cases.Case
}

func newEvidenceFixture(t *testing.T, db *store.DB) evidenceFixture {
	ctx, rec := signedInAdmin(t, db)
	cs := cases.NewService(db, rec)
	c, err := cs.Create(ctx, cases.Case{Title: "Case", Category: "malware", Severity: "high", DetectedAt: cs.Now().Add(-1e9), AwareAt: cs.Now().Add(-1e9)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	blobs, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return evidenceFixture{ctx: ctx, db: db, svc: evidence.NewService(db, blobs, rec, 1<<20), blobDir: dir, caseID: c}
}

func (f evidenceFixture) add(t *testing.T, content string) (evidence.Item, error) {
	t.Helper()
	r, err := f.svc.Receive(f.ctx, "file.bin", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	return f.svc.Add(f.ctx, evidence.Item{CaseID: f.caseID.ID, Title: "Item", Kind: "log"}, r, "")
}

func (f evidenceFixture) files() int {
	n := 0
	// The callback never fails: unreadable entries are not counted.
	_ = filepath.WalkDir(f.blobDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

func failEvidenceInserts(t *testing.T, db *store.DB) {
	t.Helper()
	sql := `CREATE TRIGGER test_fail_evidence BEFORE INSERT ON evidence BEGIN SELECT RAISE(ABORT, 'insert refused by test'); END`
	if db.Dialect() == store.Postgres {
		if err := db.Exec(context.Background(), `CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'insert refused by test'; END $$`); err != nil {
			t.Fatal(err)
		}
		sql = `CREATE TRIGGER test_fail_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION test_fail()`
	}
	if err := db.Exec(context.Background(), sql); err != nil {
		t.Fatal(err)
	}
}

func TestFailedInsertLeavesNeitherRowNorFile(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		failEvidenceInserts(t, db)
		if _, err := f.add(t, "the only copy of these bytes"); err == nil {
			t.Fatal("the insert was expected to fail")
		}
		if n := f.files(); n != 0 {
			t.Fatalf("%d files left after a failed insert", n)
		}
		items, _ := f.svc.ForCase(f.ctx, f.caseID.ID)
		if len(items) != 0 {
			t.Fatalf("%d rows after a failed insert", len(items))
		}
	})
}

func TestAFailedDuplicateKeepsTheSharedFile(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		first, err := f.add(t, "the same bytes twice")
		if err != nil {
			t.Fatal(err)
		}
		failEvidenceInserts(t, db)
		if _, err := f.add(t, "the same bytes twice"); err == nil {
			t.Fatal("the insert was expected to fail")
		}
		if n := f.files(); n != 1 {
			t.Fatalf("%d files; the first item's file must survive the second's failure", n)
		}
		res, err := f.svc.Verify(f.ctx, first.ID)
		if err != nil || !res.OK {
			t.Fatalf("first item no longer verifies: %+v %v", res, err)
		}
	})
}

func TestCustodyEventsAreAppendOnly(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		if _, err := f.add(t, "bytes"); err != nil {
			t.Fatal(err)
		}
		for _, sql := range []string{"UPDATE custody_events SET to_party = 'someone else'", "DELETE FROM custody_events"} {
			if err := db.Exec(context.Background(), sql); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", sql, err)
			}
		}
	})
}

// TRUNCATE fires no row trigger: every append-only table (one whose triggers
// refuse UPDATE and DELETE) must refuse it by a statement trigger of its own,
// or the whole table can be wiped in one statement. Found from the catalogue,
// so that a new append-only table is held to it too. SQLite has no TRUNCATE;
// its DELETE without WHERE fires the row trigger.
func TestEveryAppendOnlyTableRefusesTruncate(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		if _, err := f.add(t, "bytes"); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if db.Dialect() == store.SQLite {
			for _, table := range []string{"audit_events", "custody_events"} {
				if err := db.Exec(ctx, "DELETE FROM "+table); err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("DELETE FROM %s: %v", table, err)
				}
			}
			return
		}
		var tables []string
		rows, err := db.SQL().QueryContext(ctx, `SELECT DISTINCT c.relname FROM pg_trigger t
			JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
			WHERE NOT t.tgisinternal AND p.proname LIKE '%append_only' ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, name)
		}
		rows.Close()
		if len(tables) < 3 || !slices.Contains(tables, "suspension_updates") {
			t.Fatalf("append-only tables found: %v, want at least audit_events, custody_events and suspension_updates", tables)
		}
		for _, table := range tables {
			if err := db.Exec(ctx, "TRUNCATE "+table+" CASCADE"); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("TRUNCATE %s: %v, want refusal by the trigger", table, err)
			}
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM custody_events").Scan(&n); err != nil || n != 1 {
			t.Fatalf("custody rows after TRUNCATE: %d, %v", n, err)
		}
	})
}
