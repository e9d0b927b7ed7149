package store

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/gorm"

	"github.com/caseward/caseward/migrations"
)

// MigrationStatus is one migration and whether it has been applied.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
}

func (db *DB) migrator() (*goose.Provider, error) {
	dir, gooseDialect := "sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		dir, gooseDialect = "postgres", goose.DialectPostgres
		// Replicas starting together take turns.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", dir, err)
	}
	return goose.NewProvider(gooseDialect, db.sql, sub, opts...)
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	p, err := db.migrator()
	if err != nil {
		return 0, err
	}
	if db.migrateLock != "" {
		// Two servers starting at once on one SQLite file take turns, as
		// PostgreSQL replicas do through goose's session lock; else both
		// apply the first pending migration and one fails.
		unlock, err := lockFile(ctx, db.migrateLock)
		if err != nil {
			return 0, fmt.Errorf("migration lock: %w", err)
		}
		defer unlock()
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrate %s database: %w", db.dialect, err)
	}
	return len(results), nil
}

// Migrations lists every known migration and whether it is applied.
func (db *DB) Migrations(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.migrator()
	if err != nil {
		return nil, err
	}
	statuses, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(statuses))
	for _, s := range statuses {
		out = append(out, MigrationStatus{
			Version: s.Source.Version,
			Name:    s.Source.Path,
			Applied: s.State == goose.StateApplied,
		})
	}
	return out, nil
}

// Optimize refreshes SQLite's table statistics, which its planner needs to
// walk the right index for a list: without them it read and sorted every
// overdue case at 100 000 cases rather than walk the partial index. SQLite
// advises doing so on opening a database and then now and then. Tables that
// changed little are skipped; the others are sampled (20 000 rows an index:
// fewer gave statistics that still chose a sort over an index walk), about a
// second at 100 000 cases. PostgreSQL's
// autovacuum keeps its own statistics.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	return db.gorm.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		for _, pragma := range []string{"PRAGMA analysis_limit = 20000", "PRAGMA optimize = 0x10002"} {
			if err := conn.Exec(pragma).Error; err != nil {
				return fmt.Errorf("sqlite %s: %w", pragma, err)
			}
		}
		return nil
	})
}
