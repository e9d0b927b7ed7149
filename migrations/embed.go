// Package migrations embeds the versioned SQL migrations, one folder per dialect.
//
// Rules that keep the two folders in step (a parity test enforces them): the same
// file numbers, tables, columns, nullability and index names in both; unique
// constraints as named `CREATE UNIQUE INDEX`, never inline `UNIQUE`; SQLite primary
// keys declared `NOT NULL`; times as `timestamptz` / `TIMESTAMP` holding UTC.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
