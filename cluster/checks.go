package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/migrations"
)

// check is one property of the cluster after the run.
type check struct {
	name string
	err  error
}

// migratedOnce checks that every migration is applied, each once, although
// every replica started migrating at the same moment.
func migratedOnce(ctx context.Context, db *sql.DB) error {
	files, err := fs.Glob(migrations.FS, "postgres/*.sql")
	if err != nil {
		return err
	}
	var applied, distinct int
	if err := db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0 AND is_applied`).Scan(&applied, &distinct); err != nil {
		return err
	}
	if applied != len(files) || distinct != len(files) {
		return fmt.Errorf("goose_db_version holds %d applied rows for %d versions, want each of the %d migrations once", applied, distinct, len(files))
	}
	return nil
}

// row is one created thing found in the database, with the text its marker
// is in.
type row struct{ id, caseID, sha256, text string }

var markerRe = regexp.MustCompile(`cw[A-Z2-7]{20}`)

// exactlyOnce checks that every write answered 2xx is in the database, once,
// as answered, and that no request's marker is there twice (no write done
// twice by a retry).
func exactlyOnce(ctx context.Context, db *sql.DB, writes []write) error {
	found := map[string][]row{}
	for _, q := range []string{
		`SELECT id::text, id::text, '', title FROM cases WHERE title LIKE 'Cluster case %'`,
		`SELECT id::text, case_id::text, '', body FROM notes WHERE body LIKE 'Cluster note %'`,
		`SELECT id::text, case_id::text, coalesce(sha256, ''), title FROM evidence WHERE title LIKE 'Cluster evidence %'`,
	} {
		if err := scanRows(ctx, db, q, func(r row) {
			m := markerRe.FindString(r.text)
			found[m] = append(found[m], r)
		}); err != nil {
			return err
		}
	}
	var problems []string
	for m, rows := range found {
		if len(rows) > 1 {
			problems = append(problems, fmt.Sprintf("marker %q is in %d rows", m, len(rows)))
		}
	}
	for _, w := range writes {
		rows := found[w.marker]
		want := w.caseID
		if w.kind == "case" {
			want = w.id
		}
		switch {
		case len(rows) == 0:
			problems = append(problems, fmt.Sprintf("%s %s was answered 2xx and is not in the database", w.kind, w.id))
		case rows[0].id != w.id || rows[0].caseID != want || rows[0].sha256 != w.sha256:
			problems = append(problems, fmt.Sprintf("%s %s is in the database as %+v", w.kind, w.id, rows[0]))
		}
	}
	return joinProblems(problems)
}

func scanRows(ctx context.Context, db *sql.DB, q string, fn func(row)) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.caseID, &r.sha256, &r.text); err != nil {
			return err
		}
		fn(r)
	}
	return rows.Err()
}

// filesStored checks that every evidence item's file is in the bucket.
func filesStored(ctx context.Context, db *sql.DB, blobURL string) (int, error) {
	store, err := blob.NewS3FromURL(ctx, blobURL, os.Getenv)
	if err != nil {
		return 0, err
	}
	var problems []string
	n := 0
	err = scanRows(ctx, db, `SELECT id::text, '', '', storage_key FROM evidence WHERE storage_key IS NOT NULL`, func(r row) {
		n++
		f, _, err := store.Open(ctx, r.text)
		if err != nil {
			problems = append(problems, fmt.Sprintf("evidence %s: file %s: %v", r.id, r.text, err))
			return
		}
		_ = f.Close() // only opened
	})
	if err != nil {
		return n, err
	}
	return n, joinProblems(problems)
}

// clientAddresses checks that the replicas saw each client's own address
// through the balancer (X-Forwarded-For from a trusted proxy), never the
// balancer's.
func clientAddresses(ctx context.Context, db *sql.DB, clients []*client) error {
	seen := map[string]bool{}
	if err := scanRows(ctx, db, `SELECT DISTINCT coalesce(ip, ''), '', '', '' FROM audit_events WHERE action = 'auth.login'`, func(r row) { seen[r.id] = true }); err != nil {
		return err
	}
	if seen["127.0.0.1"] {
		return errors.New("a sign-in was recorded from 127.0.0.1, the balancer's address: the client's was lost")
	}
	for _, c := range clients {
		if !seen[c.src] {
			return fmt.Errorf("no sign-in recorded from %s, a client's address (recorded: %v)", c.src, seen)
		}
	}
	return nil
}

// verifyCommand runs a caseward command that checks the installation and
// returns its output; a non-zero exit is an error.
func verifyCommand(ctx context.Context, bin string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("caseward %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

var verifyAllLine = regexp.MustCompile(`(\d+) files checked, (\d+) problems, (\d+) unreferenced files, (\d+) held by uploads`)

// sweptWithin is how long the files of uploads that died with a killed
// replica may stay: their holds go stale in 30 s and the leader sweeps every
// 10 s (evidence.SweepEvery), plus a leader's change after a kill.
const sweptWithin = 60 * time.Second

// evidenceClean runs `caseward evidence verify-all` and wants no problem, no
// stored file without an item and, within sweptWithin, no file held by an
// upload: the load has ended, so any hold left is an upload that died, whose
// file the leader must remove.
func evidenceClean(ctx context.Context, bin string, env []string) (string, error) {
	start := time.Now()
	for {
		out, err := verifyCommand(ctx, bin, env, "evidence", "verify-all")
		if err != nil {
			return "", err
		}
		m := verifyAllLine.FindStringSubmatch(out)
		if m == nil {
			return "", fmt.Errorf("verify-all said: %s", out)
		}
		if m[2] != "0" || m[3] != "0" {
			return "", fmt.Errorf("verify-all: %s", out)
		}
		if m[4] == "0" {
			return fmt.Sprintf("%s (after %s)", m[0], time.Since(start).Round(time.Second)), nil
		}
		if time.Since(start) > sweptWithin {
			return "", fmt.Errorf("held files not removed within %s: %s", sweptWithin, out)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func joinProblems(problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	if len(problems) > 10 {
		problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
	}
	return errors.New(strings.Join(problems, "; "))
}
