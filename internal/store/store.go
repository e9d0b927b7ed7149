// Package store is the server's only way to the database: it opens
// PostgreSQL or the embedded SQLite file, applies migrations, runs transactions
// and maps rows to domain types.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/caseward/caseward/internal/batch"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/events"
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is Caseward's database handle. It is safe for concurrent use.
type DB struct {
	gorm     *gorm.DB
	sql      *sql.DB
	readers  *gorm.DB // SQLite: read-only connections beside the one writer; see reader
	dialect  Dialect
	timeout  time.Duration                    // see Options.Timeout
	signedIn *ttlCache[uuid.UUID, cachedUser] // see SignedInUser
	keys     *ttlCache[uuid.UUID, cachedKey]  // see APIKeyForAuth
	outbox   *events.Bus                      // see Outbox
	shared   batch.Queue[*sharedWrite]        // see InSharedTx
	// checkpoints is SQLite's background WAL checkpointer; see checkpoint.go.
	checkpoints *checkpointer
	// migrateLock is the file SQLite servers lock to take turns migrating.
	migrateLock string
}

// Now is the clock the store stamps rows with (see package clock): UTC, to the microsecond
// that PostgreSQL keeps, so both dialects round-trip the same value.
func Now(ctx context.Context) time.Time { return clock.Now(ctx) }

// wallNow is gorm's clock for the timestamps it fills itself (none of the
// store's writes leave them to it).
func wallNow() time.Time { return clock.Now(context.Background()) }

// Options tune how a DB waits on the database.
type Options struct {
	// Timeout bounds every wait on the database: a statement outside a
	// transaction, a transaction from BEGIN to COMMIT, a ping, and (on
	// PostgreSQL, unless the URL sets connect_timeout) connecting. A wait
	// that runs out, like a connection refused or reset, is an
	// apperr.Unavailable error. Zero waits as long as the caller's context
	// allows: right for commands an operator runs, not for a server.
	Timeout time.Duration
	// MaxConns is the most PostgreSQL connections the pool holds (zero:
	// 32). Replicas on one PostgreSQL share its max_connections.
	MaxConns int
}

// defaultMaxConns is the pool's size when Options.MaxConns is zero.
const defaultMaxConns = 32

// Open connects to PostgreSQL when url is set, otherwise to the SQLite file
// caseward.db in dataDir (created if needed). It waits on the database as
// long as the caller's context allows; a server uses OpenWith.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	return OpenWith(ctx, url, dataDir, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url, dataDir string, o Options) (*DB, error) {
	if url != "" && o.Timeout > 0 {
		url = withConnectTimeout(url, o.Timeout)
	}
	cfg := &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        wallNow,
		TranslateError: true,
	}
	var (
		g       *gorm.DB
		err     error
		dialect Dialect
	)
	if url != "" {
		dialect = Postgres
		g, err = gorm.Open(postgres.New(postgres.Config{DSN: url, OptionOpenDB: []stdlib.OptionOpenDB{stdlib.OptionAfterConnect(sendUUIDsAsBytes)}}), cfg)
	} else {
		dialect = SQLite
		if err := prepareSQLiteFile(dataDir); err != nil {
			return nil, err
		}
		g, err = gorm.Open(sqlite.Open(sqliteDSN(filepath.Join(dataDir, "caseward.db"), o.Timeout)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if dialect == SQLite {
		// SQLite has one writer; one connection serialises every transaction.
		sqlDB.SetMaxOpenConns(1)
	} else {
		// Keep every connection the pool may open: closing the ones above an
		// idle limit after each burst costs a new backend and its prepared
		// statements on the next one. Idle ones still close after five minutes.
		n := cmp.Or(o.MaxConns, defaultMaxConns)
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	db := &DB{gorm: g, sql: sqlDB, readers: g, dialect: dialect, timeout: o.Timeout, signedIn: newTTLCache[uuid.UUID, cachedUser](), keys: newTTLCache[uuid.UUID, cachedKey](), outbox: events.NewBus()}
	if dialect == SQLite {
		path := filepath.Join(dataDir, "caseward.db")
		db.migrateLock = path + ".migrate-lock"
		if db.readers, err = openSQLiteReaders(path, o.Timeout, cfg); err != nil {
			sqlDB.Close()
			return nil, err
		}
		if db.checkpoints, err = startCheckpointer(path, o.Timeout); err != nil {
			db.Close()
			return nil, err
		}
	}
	return ready(ctx, db)
}

// ready maps db's driver errors to unavailability and checks that the
// database answers; on failure it closes db.
func ready(ctx context.Context, db *DB) (*DB, error) {
	conns := []*gorm.DB{db.gorm}
	if db.readers != db.gorm {
		conns = append(conns, db.readers)
	}
	for _, g := range conns {
		if err := registerUnavailable(g); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqliteFiles are the database file and the side files SQLite keeps beside it.
var sqliteFiles = []string{"caseward.db", "caseward.db-wal", "caseward.db-shm"}

// prepareSQLiteFile creates the data folder (0700) and the database file
// (0600) before SQLite opens it: the file holds password hashes and the
// export signing keys, and SQLite would create it 0644, readable by every
// local account, even in a folder the operator made. SQLite gives the -wal
// and -shm files it creates the database file's mode; files left by an older
// version are narrowed to 0600 here.
func prepareSQLiteFile(dataDir string) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, sqliteFiles[0]), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	for _, name := range sqliteFiles {
		err := os.Chmod(filepath.Join(dataDir, name), 0o600)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restrict %s to its owner: %w", name, err)
		}
	}
	return nil
}

// sqliteReaders is how many read-only connections a SQLite database has.
const sqliteReaders = 4

// openSQLiteReaders opens read-only connections to the database file. With
// one connection for everything, a slow list or a long export held up every
// other request; in WAL mode readers run beside the writer and each other,
// and see every transaction committed before they start.
func openSQLiteReaders(path string, timeout time.Duration, cfg *gorm.Config) (*gorm.DB, error) {
	// A read transaction (ReadSnapshot) begins DEFERRED: a read-only
	// connection cannot take the write lock that IMMEDIATE asks for.
	dsn := strings.Replace(sqliteDSN(path, timeout), "_txlock=immediate", "_txlock=deferred", 1)
	g, err := gorm.Open(sqlite.Open(dsn+"&_pragma=query_only(1)"), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	readers, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	readers.SetMaxOpenConns(sqliteReaders)
	readers.SetMaxIdleConns(sqliteReaders)
	return g, nil
}

// sqliteDSN names the database file and its settings. A writer waiting for
// another process's write lock waits in SQLite's busy handler, which no
// context deadline interrupts: its wait is capped at the timeout, if shorter.
func sqliteDSN(path string, timeout time.Duration) string {
	busy := 10 * time.Second
	if timeout > 0 && timeout < busy {
		busy = timeout
	}
	return "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(" + strconv.FormatInt(busy.Milliseconds(), 10) + ")&_pragma=synchronous(NORMAL)" +
		"&_pragma=wal_autocheckpoint(" + strconv.Itoa(walSafetyPages) + ")&_txlock=immediate"
}

// Superuser reports whether the connection's PostgreSQL role is a superuser,
// which can switch off the append-only triggers; on SQLite, false.
func (db *DB) Superuser(ctx context.Context) (bool, error) {
	if db.dialect != Postgres {
		return false, nil
	}
	ctx, cancel := db.bounded(ctx)
	defer cancel()
	var super bool
	err := db.sql.QueryRowContext(ctx, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&super)
	if err != nil {
		return false, unavailable(fmt.Errorf("read the database role: %w", err))
	}
	return super, nil
}

// Dialect reports which engine the DB runs on.
func (db *DB) Dialect() Dialect { return db.dialect }

// SQL returns the underlying pool, for migrations and pool metrics.
func (db *DB) SQL() *sql.DB { return db.sql }

// Ping checks that the database answers, within the timeout.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := db.bounded(ctx)
	defer cancel()
	if err := db.sql.PingContext(ctx); err != nil {
		return unavailable(fmt.Errorf("ping %s database: %w", db.dialect, err))
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error {
	err := db.sql.Close()
	if db.readers != db.gorm {
		if readers, rerr := db.readers.DB(); rerr == nil {
			err = errors.Join(err, readers.Close())
		}
	}
	if db.checkpoints != nil {
		err = errors.Join(err, db.checkpoints.close())
	}
	return err
}
