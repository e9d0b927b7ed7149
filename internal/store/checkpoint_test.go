package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/store"
)

// SQLite's WAL is copied back into the database file by a connection of its
// own, in the background, not by whichever commit happens to cross SQLite's
// threshold (and makes its caller wait for the disk). A write far below that
// threshold reaches the database file within a moment, with no commit or
// close to trigger it. (SQLite only: PostgreSQL checkpoints on its own.)
func TestSQLiteCheckpointsInTheBackground(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, dir := newInstallation(t, store.SQLite)
	path := filepath.Join(dir, "caseward.db")
	// The test's own connection empties the WAL first, so what the file
	// holds afterwards is where the writes below went.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	before := fileSize(t, path)

	// One commit of about 300 KiB of events: a hundred-odd pages, far below
	// SQLite's default threshold of 1 000.
	changes, _ := json.Marshal(map[string][2]string{"summary": {"", strings.Repeat("ź", 1000)}})
	err = db.InTx(ctx, func(ctx context.Context) error {
		for i := range 150 {
			if err := db.AppendAudit(ctx, audit.Event{Action: "test.checkpoint", EntityType: "case", EntityID: fmt.Sprint(i), Changes: changes}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); fileSize(t, path) <= before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes: the WAL was not checkpointed", before)
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
