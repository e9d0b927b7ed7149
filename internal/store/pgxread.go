package store

import (
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// readsThroughPGX reports whether q, a read, can run on pgx itself rather
// than through database/sql: on PostgreSQL, outside a transaction (whose
// connection database/sql holds). Case reads scan into the same destinations
// either way (see casedest.go).
func (db *DB) readsThroughPGX(q *gorm.DB) bool {
	return db.dialect == Postgres && !db.InTransaction(q.Statement.Context)
}

// queryPGX runs the SELECT that q would run (dest names its model) on a
// pooled connection through pgx, and calls each for every row. database/sql
// hands every column over as a driver.Value and converts it again into the
// caller's variable: a fifth of a case list's server time, and allocations
// that pgx, scanning its binary results straight into typed variables, does
// not make.
func (db *DB) queryPGX(q *gorm.DB, dest any, each func(pgx.Rows) error) error {
	built := q.Session(&gorm.Session{DryRun: true}).Find(dest)
	if built.Error != nil {
		return built.Error
	}
	stmt, ctx := built.Statement, built.Statement.Context
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return unavailable(fmt.Errorf("take a connection: %w", err))
	}
	defer conn.Close()
	return unavailable(conn.Raw(func(driverConn any) error {
		rows, err := driverConn.(*stdlib.Conn).Conn().Query(ctx, stmt.SQL.String(), stmt.Vars...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}))
}
