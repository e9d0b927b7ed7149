package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestMigrationsApplyFromEmptyOnBothDialects(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		statuses, err := db.Migrations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(statuses) == 0 {
			t.Fatal("no migrations found")
		}
		for _, s := range statuses {
			if !s.Applied {
				t.Errorf("migration %d (%s) not applied", s.Version, s.Name)
			}
		}
		n, err := db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d, err %v; want 0, nil", n, err)
		}
	})
}

// postgresOnlyIndexes are indexes SQLite has no use for, each with its reason.
var postgresOnlyIndexes = map[string]string{
	"cases_search_idx": "GIN full-text index; SQLite has the cases_search FTS5 table",
	"notes_search_idx": "GIN full-text index; SQLite has the notes_search FTS5 table",
}

// postgresOnlyColumns are columns SQLite has no use for, each with its reason.
var postgresOnlyColumns = map[string]string{
	"cases.search_vector": "stored full-text vector; SQLite has the cases_search FTS5 table",
	"notes.search_vector": "stored full-text vector; SQLite has the notes_search FTS5 table",
}

// sqliteOnlyTables are SQLite's full-text indexes: FTS5 tables over
// cases.search_text and notes.body and the tables FTS5 keeps them in.
var sqliteOnlyTables = map[string]bool{
	"cases_search": true, "cases_search_data": true, "cases_search_idx": true, "cases_search_docsize": true, "cases_search_config": true,
	"notes_search": true, "notes_search_data": true, "notes_search_idx": true, "notes_search_docsize": true, "notes_search_config": true,
}

func TestSchemaParityBetweenDialects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	lite, err := dbtest.Open(t, store.SQLite).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := dbtest.Open(t, store.Postgres).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 {
		t.Fatal("sqlite schema is empty")
	}
	for name, want := range pg {
		got, ok := lite[name]
		if !ok {
			t.Errorf("table %s exists on postgres only", name)
			continue
		}
		var wantCols []store.Column
		for _, c := range want.Columns {
			if _, only := postgresOnlyColumns[name+"."+c.Name]; !only {
				wantCols = append(wantCols, c)
			}
		}
		want.Columns = wantCols
		if !reflect.DeepEqual(got.Columns, want.Columns) {
			t.Errorf("table %s columns differ:\n postgres %+v\n sqlite   %+v", name, want.Columns, got.Columns)
		}
		var wantIdx []store.Index
		for _, i := range want.Indexes {
			if _, only := postgresOnlyIndexes[i.Name]; !only {
				wantIdx = append(wantIdx, i)
			}
		}
		want.Indexes = wantIdx
		if !reflect.DeepEqual(got.Indexes, want.Indexes) {
			t.Errorf("table %s indexes differ:\n postgres %+v\n sqlite   %+v", name, want.Indexes, got.Indexes)
		}
	}
	for name := range lite {
		if _, ok := pg[name]; !ok && !sqliteOnlyTables[name] {
			t.Errorf("table %s exists on sqlite only", name)
		}
	}
}

// Optimize leaves SQLite statistics behind for the planner, and is harmless
// on PostgreSQL.
func TestOptimizeGathersStatistics(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		record(t, db, 3)
		if err := db.Optimize(context.Background()); err != nil {
			t.Fatal(err)
		}
		if db.Dialect() != store.SQLite {
			return
		}
		var tables int64
		if err := db.SQL().QueryRow(`SELECT count(DISTINCT tbl) FROM sqlite_stat1`).Scan(&tables); err != nil {
			t.Fatalf("no statistics table after Optimize: %v", err)
		}
		if tables == 0 {
			t.Fatal("Optimize analysed no table")
		}
	})
}

// PostgreSQL's search index of cases keeps a pending list of 256 kB, not the
// default 4 MB, so that an unlucky creation merges a small list (migrations
// 00047 and 00049). SQLite's FTS5 index has no such list.
func TestCaseSearchIndexKeepsASmallPendingList(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			return
		}
		var options string
		err := db.SQL().QueryRow(`SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE relname = 'cases_search_idx'`).Scan(&options)
		if err != nil {
			t.Fatal(err)
		}
		if options != "fastupdate=on,gin_pending_list_limit=256" {
			t.Errorf("cases_search_idx options %q, want fastupdate=on,gin_pending_list_limit=256", options)
		}
	})
}
