// Package migrations embeds the versioned SQL migrations, one folder per dialect.
//
// Rules that keep the two folders in step (a parity test enforces them): the same
// file numbers, tables, columns, nullability and index names in both; unique
// constraints as named `CREATE UNIQUE INDEX`, never inline `UNIQUE`; SQLite primary
// keys declared `NOT NULL`; times as `timestamptz` / `TIMESTAMP` holding UTC.
//
// From 00045 on a migration only adds, so that replicas of the previous release
// keep working while the next one migrates (expand_test.go; docs/operations.md):
// taking something away waits for a later release and says so.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
