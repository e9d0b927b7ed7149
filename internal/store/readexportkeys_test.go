package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

func TestReadExportKeysReadsAnInstallationsKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db, url, dir := newInstallation(t, d)
			key, err := db.ExportKey(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// While the installation has it open (SQLite: its write-ahead log beside it).
			keys, err := store.ReadExportKeys(ctx, url, dir)
			if err != nil || len(keys) != 1 || keys[0].ID != key.ID || !keys[0].Public.Equal(key.Public) || keys[0].Private != nil {
				t.Fatalf("keys %+v, %v; want the public half of %s", keys, err, key.ID)
			}
		})
	}
}

func TestReadExportKeysCreatesNoDatabase(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	_, err := store.ReadExportKeys(context.Background(), "", missing)
	if !errors.Is(err, store.ErrNoDatabase) {
		t.Fatalf("err = %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the folder was created: %v", err)
	}
}
