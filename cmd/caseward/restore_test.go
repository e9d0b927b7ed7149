package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/caseward/caseward/internal/store/dbtest"
)

// TestBackupRestoresIntoANewDatabase is docs/operations.md's restore drill:
// an installation on PostgreSQL with evidence is backed up as that page says
// (pg_dump of the database, then a copy of the evidence files), restored into
// a new, empty database and a new folder, and the restored installation
// verifies: the audit chain, every evidence file against its hash, no file
// without its record, and the chain of custody against the trail.
func TestBackupRestoresIntoANewDatabase(t *testing.T) {
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	source := dbtest.PostgresURL(t)
	ctx := context.Background()
	dir := t.TempDir()
	env := func(url string) func(string) string {
		return func(k string) string {
			if k == "DATABASE_URL" {
				return url
			}
			return ""
		}
	}
	if err := run(ctx, []string{"seed", "--cases", "40", "--data-dir", dir, "--log-level", "error"}, env(source), nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}

	// The backup: the database first, then the files (a file added between
	// the two is only an unreferenced file in the copy, never a missing one).
	dump := filepath.Join(t.TempDir(), "caseward.dump")
	if out, err := exec.Command("pg_dump", "--format=custom", "--file", dump, source).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	restoredDir := t.TempDir()
	if out, err := exec.Command("cp", "-a", filepath.Join(dir, "blobs"), restoredDir).CombinedOutput(); err != nil {
		t.Fatalf("copy the files: %v\n%s", err, out)
	}

	// The restore, into a database that has never seen Caseward.
	restored := dbtest.EmptyPostgresURL(t)
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--data-dir", restoredDir}, env(restored), nil, &out, io.Discard); err != nil {
		t.Fatalf("audit verify on the restored database: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"evidence", "verify-all", "--data-dir", restoredDir}, env(restored), nil, &out, io.Discard); err != nil {
		t.Fatalf("evidence verify-all on the restored installation: %v\n%s", err, out.String())
	}
	summary := regexp.MustCompile(`([1-9]\d*) files checked, 0 problems, 0 unreferenced files, 0 held by uploads\n` +
		`[1-9]\d* custody events checked against the audit trail, 0 problems\n` +
		`[1-9]\d* evidence records checked against the audit trail, 0 problems`)
	if !summary.MatchString(out.String()) {
		t.Fatalf("verify-all on the restored installation:\n%s", out.String())
	}
	for _, table := range []string{"cases", "evidence", "custody_events", "audit_events", "users"} {
		if a, b := count(t, source, table), count(t, restored, table); a != b || a == 0 {
			t.Errorf("%s: %d rows backed up, %d restored", table, a, b)
		}
	}

	// And the drill's point: a file lost from the copy is found out.
	var lost string
	_ = filepath.WalkDir(filepath.Join(restoredDir, "blobs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && lost == "" {
			lost = p
		}
		return err
	})
	if err := os.Remove(lost); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"evidence", "verify-all", "--data-dir", restoredDir}, env(restored), nil, &out, io.Discard); err == nil {
		t.Fatalf("verify-all passed with a file missing:\n%s", out.String())
	}
}

// count is the number of rows in table.
func count(t *testing.T, databaseURL, table string) int {
	t.Helper()
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
