package store

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/export"
)

type exportKeyRow struct {
	ID         string
	PublicKey  []byte
	PrivateKey []byte
	CreatedAt  time.Time
}

func (exportKeyRow) TableName() string { return "export_keys" }

func (r exportKeyRow) toDomain() export.Key {
	return export.Key{ID: r.ID, Public: ed25519.PublicKey(r.PublicKey), Private: ed25519.PrivateKey(r.PrivateKey), CreatedAt: r.CreatedAt.UTC()}
}

// ExportKey returns the newest export signing key, creating the first one
// when there is none. Replicas starting together agree: the first key has a
// fixed id. A failure to read the keys is an error, never "no key yet".
func (db *DB) ExportKey(ctx context.Context) (export.Key, error) {
	var row exportKeyRow
	err := db.conn(ctx).Order("created_at DESC").Take(&row).Error
	if err == nil {
		return row.toDomain(), nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return export.Key{}, translate(err, "export key")
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return export.Key{}, fmt.Errorf("generate export key: %w", err)
	}
	first := exportKeyRow{ID: "export-1", PublicKey: pub, PrivateKey: priv, CreatedAt: Now(ctx)}
	if err := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&first).Error; err != nil {
		return export.Key{}, translate(err, "export key")
	}
	err = db.conn(ctx).Where("id = ?", first.ID).Take(&row).Error
	return row.toDomain(), translate(err, "export key")
}

// ExportKeys lists every export key, newest first (private halves included:
// callers publish only the public ones).
func (db *DB) ExportKeys(ctx context.Context) ([]export.Key, error) {
	var rows []exportKeyRow
	if err := db.conn(ctx).Order("created_at DESC").Find(&rows).Error; err != nil {
		return nil, translate(err, "export keys")
	}
	out := make([]export.Key, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// ReadExportKeys lists the public halves of an existing database's export
// keys, newest first, changing nothing on disk: the database is opened as
// OpenReadOnly opens it.
func ReadExportKeys(ctx context.Context, url, dataDir string) ([]export.Key, error) {
	db, err := OpenReadOnly(ctx, url, dataDir, Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var rows []exportKeyRow
	if err := db.gorm.WithContext(ctx).Select("id", "public_key", "created_at").Order("created_at DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read export keys: %w", err)
	}
	out := make([]export.Key, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
