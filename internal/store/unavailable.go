package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
)

// bounded limits ctx to the DB's timeout, if it has one.
func (db *DB) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if db.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, db.timeout)
}

// statementContext bounds a statement outside a transaction. A gorm chain has
// no end to call a cancel function at, so the deadline's own timer releases
// the context, at most the timeout later (or when the request ends).
func (db *DB) statementContext(ctx context.Context) context.Context {
	ctx, cancel := db.bounded(ctx)
	_ = cancel // released by the deadline
	return ctx
}

// withConnectTimeout adds connect_timeout (whole seconds, pgx's unit) to a
// PostgreSQL URL that does not set one, so that the pool's own background
// connects, which no request deadline covers, give up too.
func withConnectTimeout(raw string, d time.Duration) string {
	u, err := url.Parse(raw)
	if err != nil || u.Query().Has("connect_timeout") {
		return raw
	}
	q := u.Query()
	q.Set("connect_timeout", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	u.RawQuery = q.Encode()
	return u.String()
}

// registerUnavailable makes every statement's error an apperr.Unavailable when
// it says the database could not be reached.
func registerUnavailable(g *gorm.DB) error {
	const name = "caseward:unavailable"
	mark := func(tx *gorm.DB) {
		if tx.Error != nil {
			tx.Error = unavailable(tx.Error)
		}
	}
	cb := g.Callback()
	return errors.Join(
		cb.Create().After("*").Register(name, mark),
		cb.Query().After("*").Register(name, mark),
		cb.Update().After("*").Register(name, mark),
		cb.Delete().After("*").Register(name, mark),
		cb.Row().After("*").Register(name, mark),
		cb.Raw().After("*").Register(name, mark),
	)
}

// unavailable wraps err as an apperr.Unavailable (a 503 with Retry-After at the
// HTTP edge) when it is the database failing to answer rather than refusing
// the request: other errors are returned as they are.
func unavailable(err error) error {
	if err == nil || apperr.KindOf(err) != apperr.Internal || !databaseDown(err) {
		return err
	}
	return apperr.Wrap(apperr.Unavailable, "the database is not available; try again shortly", err)
}

// databaseDown reports whether err means the database could not be reached or
// did not answer in time: a deadline, a refused, reset or broken connection,
// a pooled connection found closed, PostgreSQL shutting down, starting up or
// out of connections, or SQLite busy.
func databaseDown(err error) bool {
	// pgconn.ErrConnClosed: a pooled connection PostgreSQL dropped (it
	// restarted) before this statement used it.
	for _, target := range []error{context.DeadlineExceeded, driver.ErrBadConn, sql.ErrConnDone, io.ErrUnexpectedEOF,
		syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EPIPE, pgconn.ErrConnClosed} {
		if errors.Is(err, target) {
			return true
		}
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var pgErr interface{ SQLState() string }
	if errors.As(err, &pgErr) {
		code := pgErr.SQLState()
		// 08: connection exception; 53300: too many connections; 57014: query
		// cancelled (our deadline); 57P01-03: shutting down, crashed, starting.
		return strings.HasPrefix(code, "08") || code == "53300" || code == "57014" || strings.HasPrefix(code, "57P0")
	}
	var liteErr interface{ Code() int }
	if errors.As(err, &liteErr) {
		code := liteErr.Code() & 0xff
		return code == 5 || code == 6 // SQLITE_BUSY, SQLITE_LOCKED
	}
	return false
}
