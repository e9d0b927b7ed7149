package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/glebarez/sqlite"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/caseward/caseward/internal/events"
)

// ErrNoDatabase means no Caseward database is where one was looked for.
var ErrNoDatabase = errors.New("no Caseward database")

// ExistingSQLite returns the path of the SQLite database in dataDir, or
// ErrNoDatabase when there is none; it creates nothing.
func ExistingSQLite(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "caseward.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%w at %s", ErrNoDatabase, path)
	} else if err != nil {
		return "", fmt.Errorf("look for the database: %w", err)
	}
	return path, nil
}

// OpenReadOnly opens an existing database for commands that only read (audit
// verify, migrate status): no folder or file is created, no migration runs,
// and the connections cannot write. A missing SQLite file is ErrNoDatabase.
// SQLite's file is opened read-only, and immutable when no write-ahead log
// lies beside it (no server has it open), so that not even SQLite's
// shared-memory file appears; PostgreSQL sessions are read-only
// (default_transaction_read_only), and a missing database fails to connect.
func OpenReadOnly(ctx context.Context, url, dataDir string, o Options) (*DB, error) {
	g, dialect, err := openReadOnlyGorm(url, dataDir, o)
	if err != nil {
		return nil, err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	return ready(ctx, &DB{gorm: g, sql: sqlDB, readers: g, dialect: dialect, timeout: o.Timeout, signedIn: newTTLCache[uuid.UUID, cachedUser](), keys: newTTLCache[uuid.UUID, cachedKey](), outbox: events.NewBus()})
}

func openReadOnlyGorm(url, dataDir string, o Options) (*gorm.DB, Dialect, error) {
	cfg := &gorm.Config{Logger: logger.Discard, NowFunc: wallNow, TranslateError: true}
	if url != "" {
		if o.Timeout > 0 {
			url = withConnectTimeout(url, o.Timeout)
		}
		readOnly := stdlib.OptionBeforeConnect(func(_ context.Context, c *pgx.ConnConfig) error {
			c.RuntimeParams["default_transaction_read_only"] = "on"
			return nil
		})
		g, err := gorm.Open(postgres.New(postgres.Config{DSN: url,
			OptionOpenDB: []stdlib.OptionOpenDB{readOnly, stdlib.OptionAfterConnect(sendUUIDsAsBytes)}}), cfg)
		if err != nil {
			return nil, Postgres, fmt.Errorf("open postgres database: %w", err)
		}
		return g, Postgres, nil
	}
	path, err := ExistingSQLite(dataDir)
	if err != nil {
		return nil, SQLite, err
	}
	mode := "mode=ro&immutable=1"
	if _, err := os.Stat(path + "-wal"); err == nil {
		mode = "mode=ro&_pragma=busy_timeout(10000)"
	}
	g, err := gorm.Open(sqlite.Open("file:"+path+"?"+mode+"&_pragma=query_only(1)"), cfg)
	if err != nil {
		return nil, SQLite, fmt.Errorf("open sqlite database: %w", err)
	}
	return g, SQLite, nil
}
