package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
)

type txKey struct{}

// InTx runs fn in a transaction carried in its context: store calls made with
// that context join it, and so does a nested InTx. An error from fn rolls back.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// conn returns the transaction in ctx, or the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// translate maps database errors to apperr kinds; what is not recognised is
// wrapped with context and stays Internal.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return apperr.Wrap(apperr.NotFound, what+" not found", err)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return apperr.Wrap(apperr.Conflict, what+" already exists", err)
	default:
		return fmt.Errorf("%s: %w", what, err)
	}
}
