package store

import (
	"context"
	"fmt"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// RequireExisting returns ErrNoDatabase unless a Caseward database (one that
// holds the audit trail's table) is already where url, or dataDir when url is
// empty, points. It creates nothing: the checks that report on an
// installation call it first, because opening a store creates and migrates
// an empty one, which would then verify as a clean installation with nothing
// in it.
func RequireExisting(ctx context.Context, url, dataDir string) error {
	if url == "" {
		_, err := ExistingSQLite(dataDir)
		return err
	}
	g, err := gorm.Open(postgres.Open(url), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	if sqlDB, err := g.DB(); err == nil {
		defer sqlDB.Close()
	}
	var found bool
	if err := g.WithContext(ctx).Raw("SELECT to_regclass('audit_events') IS NOT NULL").Scan(&found).Error; err != nil {
		return fmt.Errorf("look for the database: %w", err)
	}
	if !found {
		return fmt.Errorf("%w in that PostgreSQL database: it has no Caseward tables", ErrNoDatabase)
	}
	return nil
}
