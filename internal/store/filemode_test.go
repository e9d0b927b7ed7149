package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// The SQLite database holds password hashes and the export signing keys: the
// file and its -wal and -shm side files are the owner's only, and so is the
// data folder when Caseward creates it. A folder the operator made 0755, and
// a database file an older version left 0644, end with an owner-only file.
func TestSQLiteFilesAreReadableByTheOwnerOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		prepare func(dir string) error
		dirMode os.FileMode
	}{
		{"created by caseward", func(string) error { return nil }, 0o700},
		{"folder made 0755 by the operator", func(dir string) error { return os.Mkdir(dir, 0o755) }, 0o755},
		{"file left 0644 by an older version", func(dir string) error {
			if err := os.Mkdir(dir, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "caseward.db"), nil, 0o644)
		}, 0o755},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := tc.prepare(dir); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			db, err := store.Open(ctx, "", dir)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil { // writes, so the -wal and -shm files exist
				t.Fatal(err)
			}
			assertMode(t, dir, tc.dirMode)
			for _, name := range []string{"caseward.db", "caseward.db-wal", "caseward.db-shm"} {
				assertMode(t, filepath.Join(dir, name), 0o600)
			}
		})
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
	}
}
