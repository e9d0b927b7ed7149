package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A read-only open reads an installation's database and cannot write to it,
// on both databases, and creates none where there is none.
func TestOpenReadOnlyReadsAndCannotWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db, url, dir := newInstallation(t, d)
			event := audit.Event{Action: "case.create", EntityType: "case", Changes: json.RawMessage(`{}`)}
			if err := db.AppendAudit(ctx, event); err != nil {
				t.Fatal(err)
			}
			db.Close()
			ro, err := store.OpenReadOnly(ctx, url, dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			res, err := audit.NewService(ro).Verify(ctx)
			if err != nil || !res.Valid || res.Checked != 1 {
				t.Fatalf("verify: %+v %v", res, err)
			}
			if err := ro.AppendAudit(ctx, event); err == nil {
				t.Fatal("a read-only database took a write")
			}
			if events, err := ro.ListAudit(ctx, audit.Filter{Limit: 10}); err != nil || len(events) != 1 {
				t.Fatalf("after the refused write: %d events, %v", len(events), err)
			}
		})
	}
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	if _, err := store.OpenReadOnly(ctx, "", missing, store.Options{}); !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("err = %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the folder was created: %v", err)
	}
}

// newInstallation migrates a fresh installation of dialect d, as `caseward
// migrate` would, and returns it open, with the URL and data folder that name
// it for a second opening. It is closed when t ends.
func newInstallation(t *testing.T, d store.Dialect) (db *store.DB, url, dir string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	if d == store.Postgres {
		url = dbtest.PostgresURL(t)
	}
	db, err := store.Open(ctx, url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, url, dir
}
