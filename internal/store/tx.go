package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/events"
)

type txKey struct{}

// txState is one transaction, the audit events it will append when it
// commits, and what to do once it has.
type txState struct {
	tx          *gorm.DB
	pending     []audit.Event
	events      []events.Event // queued with AppendEvent
	afterCommit []func()
}

// InTx runs fn in a transaction carried in its context: store calls made with
// that context join it, and so does a nested InTx. An error from fn rolls back.
// The audit events recorded in it are chained and inserted just before commit.
// Under a context that carries refused fields (apperr.WithRefused) it always
// rolls back: fn's checks run, its changes are undone, and the refused fields
// are the error when fn has none.
// The whole transaction, from waiting for a connection to COMMIT, is bounded by
// the timeout: keep slow work that is not the database's (files) outside it.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return fn(ctx)
	}
	ctx, cancel := db.bounded(ctx)
	defer cancel()
	var st *txState
	err := unavailable(db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st = &txState{tx: tx}
		ctx := context.WithValue(ctx, txKey{}, st)
		if err := fn(ctx); err != nil {
			return err
		}
		if refused := apperr.Refused(ctx); len(refused) > 0 {
			// The contract refused the request and let it through only so
			// that the domain's checks could add theirs: roll back.
			return apperr.Invalidf(refused, "the request is not valid")
		}
		return db.flushAudit(ctx, st)
	}))
	if err == nil {
		for _, f := range st.afterCommit {
			f()
		}
	}
	return err
}

// InTransaction reports whether ctx carries a transaction.
func (db *DB) InTransaction(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*txState)
	return ok
}

// conn returns the transaction in ctx, or the pool with the statement bounded
// by the timeout.
// Under a context that carries refused fields (apperr.WithRefused) every
// statement on it fails with them, so that nothing changes.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx.WithContext(ctx)
	}
	g := db.gorm.WithContext(db.statementContext(ctx))
	if refused := apperr.Refused(ctx); len(refused) > 0 {
		_ = g.AddError(apperr.Invalidf(refused, "the request is not valid"))
	}
	return g
}

// reader is conn for statements that only read: outside a transaction, on
// SQLite, they go to the read-only connections rather than wait for the one
// that writes.
func (db *DB) reader(ctx context.Context) *gorm.DB {
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		return st.tx.WithContext(ctx)
	}
	return db.readers.WithContext(db.statementContext(ctx))
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
