// Package dbtest gives tests a fresh, migrated database on each dialect: SQLite
// always, PostgreSQL when TEST_DATABASE_URL is set or a local server answers.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates and drops databases

	"github.com/caseward/caseward/internal/store"
)

const localURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var pg struct {
	once     sync.Once
	admin    *sql.DB
	base     *url.URL
	template string
	err      error // setup failed although PostgreSQL was asked for
	skip     string
}

// Main runs the package's tests, then drops the PostgreSQL template database.
// Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if pg.admin != nil {
		if pg.template != "" {
			_, _ = pg.admin.Exec("DROP DATABASE IF EXISTS " + pg.template + " WITH (FORCE)")
		}
		pg.admin.Close()
	}
	os.Exit(code)
}

// EachDialect runs fn as a subtest on a fresh database of every available dialect.
func EachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a fresh migrated database of dialect d, removed when t ends. A
// PostgreSQL test is skipped when no server was asked for and none answers.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	ctx := context.Background()
	dbURL := ""
	if d == store.Postgres {
		dbURL = postgresDatabase(t)
	}
	db, err := store.Open(ctx, dbURL, t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if d == store.SQLite {
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrate sqlite: %v", err)
		}
	}
	return db
}

// postgresDatabase returns the URL of a fresh, migrated PostgreSQL database for t.
func postgresDatabase(t testing.TB) string {
	t.Helper()
	return newPostgresDatabase(t, true)
}

// newPostgresDatabase creates a database for t, a copy of the migrated
// template or empty, dropped when t ends.
func newPostgresDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	pg.once.Do(setupPostgres)
	if pg.skip != "" {
		t.Skip(pg.skip)
	}
	if pg.err != nil {
		t.Fatalf("postgres: %v", pg.err)
	}
	name := "caseward_test_" + strings.ToLower(rand.Text()[:12])
	create := "CREATE DATABASE " + name
	if migrated {
		create += " TEMPLATE " + pg.template
	}
	if _, err := pg.admin.Exec(create); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := pg.admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return withDatabase(pg.base, name)
}

// PostgresURL returns the URL of a fresh, migrated PostgreSQL database, for tests
// that start a server process of their own.
func PostgresURL(t testing.TB) string { return postgresDatabase(t) }

func setupPostgres() {
	raw, asked := os.LookupEnv("TEST_DATABASE_URL")
	if !asked || raw == "" {
		raw = localURL
	}
	base, err := url.Parse(raw)
	if err != nil {
		pg.err = fmt.Errorf("TEST_DATABASE_URL: %w", err)
		return
	}
	admin, err := sql.Open("pgx", raw)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if asked {
			pg.err = fmt.Errorf("TEST_DATABASE_URL does not answer: %w", err)
		} else {
			pg.skip = "no PostgreSQL: set TEST_DATABASE_URL or start a local server"
		}
		return
	}
	pg.admin, pg.base = admin, base
	pg.template = "caseward_tmpl_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec("CREATE DATABASE " + pg.template); err != nil {
		pg.err = fmt.Errorf("create template: %w", err)
		return
	}
	db, err := store.Open(context.Background(), withDatabase(base, pg.template), "")
	if err != nil {
		pg.err = err
		return
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		pg.err = err
	}
}

func withDatabase(base *url.URL, name string) string {
	u := *base
	u.Path = "/" + name
	return u.String()
}

// OpenEmpty returns a fresh database of dialect d with no migration applied,
// for tests of a migration on existing rows; removed when t ends.
func OpenEmpty(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	dbURL := ""
	if d == store.Postgres {
		dbURL = newPostgresDatabase(t, false)
	}
	db, err := store.Open(context.Background(), dbURL, t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// EmptyPostgresURL returns the URL of a fresh PostgreSQL database without
// Caseward's schema (no migration applied), dropped when t ends.
func EmptyPostgresURL(t testing.TB) string {
	t.Helper()
	return newPostgresDatabase(t, false)
}
