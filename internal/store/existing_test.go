package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The checks that report on an installation must not create one: a missing
// SQLite file or a PostgreSQL database without Caseward's tables is
// ErrNoDatabase, and nothing appears on disk or in the database.
func TestRequireExistingCreatesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	missing := filepath.Join(t.TempDir(), "not-here")
	if err := store.RequireExisting(ctx, "", missing); !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("missing folder: err %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the missing folder was created: %v", err)
	}
	empty := t.TempDir()
	if err := store.RequireExisting(ctx, "", empty); !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("empty folder: err %v, want ErrNoDatabase", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("the empty folder now holds %d entries", len(entries))
	}
	dir := t.TempDir()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := store.RequireExisting(ctx, "", dir); err != nil {
		t.Fatalf("an existing SQLite installation: %v", err)
	}
	if os.Getenv("TEST_DATABASE_URL") == "" {
		return
	}
	bare := dbtest.EmptyPostgresURL(t)
	if err := store.RequireExisting(ctx, bare, ""); !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("a PostgreSQL database without the schema: err %v, want ErrNoDatabase", err)
	}
	db, err = store.Open(ctx, bare, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Exec(ctx, `DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public') THEN
		RAISE EXCEPTION 'tables appeared'; END IF; END $$`); err != nil {
		t.Fatal(err)
	}
	if err := store.RequireExisting(ctx, dbtest.PostgresURL(t), ""); err != nil {
		t.Fatalf("an existing PostgreSQL installation: %v", err)
	}
}
