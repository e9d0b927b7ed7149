package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver behind database/sql
)

// The seeded data is kept between runs (a PostgreSQL template database, a
// SQLite file under bench/.cache): seeding 100 000 cases takes minutes, copying
// them seconds. The key changes when the generator does, and when the set of
// migrations does: branches with different migrations share one PostgreSQL
// server, and data migrated by one branch's binary cannot be read by
// another's (its migrations refuse a database with one they do not know).
func dataKey(cases int) (string, error) {
	h := sha256.New()
	var files []string
	for _, root := range []string{"internal/seed"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return "", fmt.Errorf("run make bench from the repository root: %w", err)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		h.Write([]byte(f))
		h.Write(b)
	}
	migrations, err := filepath.Glob("migrations/*/*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(migrations)
	for _, m := range migrations {
		h.Write([]byte(m))
	}
	return strconv.Itoa(cases) + "_" + hex.EncodeToString(h.Sum(nil))[:10], nil
}

// migrate brings kept data up to the binary's schema.
func migrate(bin string, env ...string) error {
	cmd := exec.Command(bin, "migrate", "--log-level", "warn")
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("migrate the seeded data: %w: %s", err, out)
	}
	return nil
}

// seed runs `caseward seed` with env (the database) and shows its progress.
func seed(bin string, cases int, env ...string) error {
	cmd := exec.Command(bin, "seed", "--cases", strconv.Itoa(cases), "--batch", "500", "--log-level", "warn")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// postgresTemplate returns the name of the template database holding cases
// seeded cases, seeding it first when no run has, and brings it up to the
// binary's schema.
func postgresTemplate(ctx context.Context, bin, adminURL string, cases int) (string, error) {
	key, err := dataKey(cases)
	if err != nil {
		return "", err
	}
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		return "", fmt.Errorf("PostgreSQL at %s: %w", adminURL, err)
	}
	template := "caseward_bench_" + key
	var exists bool
	if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", template).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		fmt.Fprintf(os.Stderr, "seeding %d cases into the PostgreSQL template %s (once)\n", cases, template)
		partial := template + "_partial"
		for _, stmt := range []string{"DROP DATABASE IF EXISTS " + partial, "CREATE DATABASE " + partial} {
			if _, err := admin.ExecContext(ctx, stmt); err != nil {
				return "", err
			}
		}
		if err := seed(bin, cases, "DATABASE_URL="+withDB(adminURL, partial)); err != nil {
			return "", err
		}
		if err := analyze(ctx, withDB(adminURL, partial)); err != nil {
			return "", err
		}
		// Only a finished seed becomes the template.
		for _, stmt := range []string{"ALTER DATABASE " + partial + " RENAME TO " + template, "ALTER DATABASE " + template + " WITH IS_TEMPLATE true"} {
			if _, err := admin.ExecContext(ctx, stmt); err != nil {
				return "", err
			}
		}
	}
	if err := migrate(bin, "DATABASE_URL="+withDB(adminURL, template)); err != nil {
		return "", err
	}
	if err := analyze(ctx, withDB(adminURL, template)); err != nil {
		return "", err
	}
	return template, nil
}

// copyTemplate makes a fresh copy of the template database and returns its
// URL and a function that drops it.
func copyTemplate(ctx context.Context, adminURL, template string) (string, func(), error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	// Named after its template, so that benches of different sizes on one
	// server do not drop each other's copy.
	run := template + "_run"
	// FILE_COPY copies the files and syncs them before it returns; the
	// default writes the whole copy through the WAL, whose checkpoints then
	// compete with the measurements for the disk.
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + run, "CREATE DATABASE " + run + " TEMPLATE " + template + " STRATEGY FILE_COPY"} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			return "", nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	drop := func() {
		if admin, err := sql.Open("pgx", adminURL); err == nil {
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + run + " WITH (FORCE)"); err != nil {
				fmt.Fprintf(os.Stderr, "bench: drop database %s: %v\n", run, err)
			}
			admin.Close()
		}
	}
	return withDB(adminURL, run), drop, nil
}

func analyze(ctx context.Context, dbURL string) error {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	// VACUUM FULL rewrites the cases as a migration's storage settings say
	// (rows written after a migration are stored so anyway; the seeded ones
	// were written before it).
	for _, stmt := range []string{"VACUUM (FULL) cases", "VACUUM ANALYZE"} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

// dbName is the database a PostgreSQL URL names.
func dbName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

func withDB(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

// sqliteData copies the seeded SQLite data folder (seeded on first use) into dir.
func sqliteData(bin string, cases int, dir string) error {
	key, err := dataKey(cases)
	if err != nil {
		return err
	}
	cache := filepath.Join("bench", ".cache", "sqlite_"+key)
	if _, err := os.Stat(filepath.Join(cache, "done")); err != nil {
		fmt.Fprintf(os.Stderr, "seeding %d cases into %s (once)\n", cases, cache)
		if err := os.RemoveAll(cache); err != nil {
			return err
		}
		if err := seed(bin, cases, "DATABASE_URL=", "CASEWARD_DATA_DIR="+cache); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(cache, "done"), nil, 0o644); err != nil {
			return err
		}
	}
	if err := migrate(bin, "DATABASE_URL=", "CASEWARD_DATA_DIR="+cache); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", cache+"/.", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("copy the seeded data: %w: %s", err, out)
	}
	return nil
}
