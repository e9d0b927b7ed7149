package store

import (
	"context"
	"fmt"
)

// MigrateTo applies the migrations up to and including version, for tests of
// a migration on rows written before it.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.migrator()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}
