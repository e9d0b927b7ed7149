package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
)

// sqlState stands in for a PostgreSQL error (pgconn.PgError has SQLState).
type sqlState string

func (s sqlState) Error() string    { return "ERROR (SQLSTATE " + string(s) + ")" }
func (s sqlState) SQLState() string { return string(s) }

// sqliteCode stands in for a SQLite error (modernc's has Code).
type sqliteCode int

func (c sqliteCode) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c sqliteCode) Code() int     { return int(c) }

func TestDatabaseDownIsUnavailableAndOtherFailuresAreNot(t *testing.T) {
	t.Parallel()
	down := []error{
		context.DeadlineExceeded,
		fmt.Errorf("failed to connect: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}),
		fmt.Errorf("failed to receive message: %w", io.ErrUnexpectedEOF),
		&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET},
		fmt.Errorf("commit: %w", pgconn.ErrConnClosed), // a pooled connection PostgreSQL dropped as it restarted
		sqlState("57P01"), sqlState("08006"), sqlState("53300"), sqlState("57014"),
		sqliteCode(5), sqliteCode(517), // SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT
	}
	for _, err := range down {
		if got := unavailable(fmt.Errorf("list cases: %w", err)); !apperr.Is(got, apperr.Unavailable) || !errors.Is(got, err) {
			t.Errorf("%v → %v, want Unavailable wrapping it", err, got)
		}
	}
	notDown := []error{
		errors.New("boom"), context.Canceled, gorm.ErrRecordNotFound, sqlState("23505"), sqliteCode(19),
		apperr.NotFoundf("case not found"), apperr.Wrap(apperr.Conflict, "stale", context.DeadlineExceeded),
	}
	for _, err := range notDown {
		if got := unavailable(err); got != err { //nolint:errorlint // the very same error, not one wrapping it
			t.Errorf("%v → %v, want it unchanged", err, got)
		}
	}
}

func TestConnectTimeoutIsAddedUnlessTheURLSetsOne(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"postgres://u@h:5432/db?sslmode=disable":                    "postgres://u@h:5432/db?connect_timeout=3&sslmode=disable",
		"postgres://u@h:5432/db?connect_timeout=30&sslmode=disable": "postgres://u@h:5432/db?connect_timeout=30&sslmode=disable",
	} {
		if got := withConnectTimeout(in, 2500*time.Millisecond); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}
