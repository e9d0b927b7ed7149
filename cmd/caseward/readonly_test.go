package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The commands that check an installation (audit verify with or without
// --record, migrate status, evidence verify-all) pointed at a data folder that does not exist say
// there is no database, fail, and leave the folder missing.
func TestCheckingCommandsCreateNoDatabase(t *testing.T) {
	for _, command := range [][]string{{"audit", "verify"}, {"audit", "verify", "--record"}, {"migrate", "status"}, {"evidence", "verify-all"}} {
		t.Run(strings.Join(command, " "), func(t *testing.T) {
			missing := filepath.Join(t.TempDir(), "data")
			var out bytes.Buffer
			err := run(context.Background(), append(command, "--data-dir", missing), noEnv, nil, &out, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "no Caseward database at "+filepath.Join(missing, "caseward.db")) {
				t.Fatalf("err = %v, output %s", err, out.String())
			}
			if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the data folder was created: %v", err)
			}
		})
	}
}

// audit verify and migrate status change nothing in an installation's data
// folder: no migration, no statistics, no file.
func TestReadOnlyCommandsChangeNothing(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	args := []string{"user", "create", "--email", "a@example.org", "--name", "N", "--role", "auditor", "--data-dir", dir}
	if err := run(ctx, args, noEnv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	for _, command := range [][]string{{"audit", "verify"}, {"migrate", "status"}} {
		var out bytes.Buffer
		if err := run(ctx, append(command, "--data-dir", dir), noEnv, nil, &out, io.Discard); err != nil {
			t.Fatalf("%s: %v %s", command, err, out.String())
		}
		if after := snapshot(t, dir); after != before {
			t.Fatalf("%s changed the data folder:\nbefore\n%s\nafter\n%s", command, before, after)
		}
	}
}

// snapshot lists a folder's files with their sizes, times and hashes.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var out strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		fmt.Fprintf(&out, "%s %d %s %x\n", path, info.Size(), info.ModTime(), sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}
