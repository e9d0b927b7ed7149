package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// Scan destinations that both drivers fill without reflection: pgx through
// its typed scanner interfaces (pgtype.UUIDScanner …), straight from its
// binary results; database/sql through sql.Scanner. Given a *uuid.UUID, pgx
// would scan it as text through its sql.Scanner, and database/sql reaches a
// **T (a nullable column) only by reflection. The nullable ones are made once
// per query, holding the sql.Null value database/sql scans into: a local one
// would be allocated on every row.

// uuidDest fills a uuid that is never NULL.
type uuidDest struct{ p *uuid.UUID }

func (d uuidDest) ScanUUID(v pgtype.UUID) error {
	if !v.Valid {
		return errors.New("uuid: NULL")
	}
	*d.p = v.Bytes
	return nil
}

func (d uuidDest) Scan(src any) error { return d.p.Scan(src) }

// nullUUIDDest fills a uuid that may be NULL.
type nullUUIDDest struct {
	p **uuid.UUID
	v uuid.NullUUID // database/sql scans into it
}

func (d *nullUUIDDest) ScanUUID(v pgtype.UUID) error {
	*d.p = nullPtr(uuid.UUID(v.Bytes), v.Valid)
	return nil
}

func (d *nullUUIDDest) Scan(src any) error {
	err := d.v.Scan(src)
	*d.p = nullPtr(d.v.UUID, d.v.Valid && err == nil)
	return err
}

// nullInt64Dest fills an integer that may be NULL.
type nullInt64Dest struct {
	p **int64
	v sql.NullInt64 // database/sql scans into it
}

func (d *nullInt64Dest) ScanInt64(v pgtype.Int8) error {
	*d.p = nullPtr(v.Int64, v.Valid)
	return nil
}

func (d *nullInt64Dest) Scan(src any) error {
	err := d.v.Scan(src)
	*d.p = nullPtr(d.v.Int64, d.v.Valid && err == nil)
	return err
}

// nullTimeDest fills a time that may be NULL.
type nullTimeDest struct {
	p **time.Time
	v sql.NullTime // database/sql scans into it
}

func (d *nullTimeDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	*d.p = nullPtr(v.Time, v.Valid)
	return nil
}

func (d *nullTimeDest) Scan(src any) error {
	err := d.v.Scan(src)
	*d.p = nullPtr(d.v.Time, d.v.Valid && err == nil)
	return err
}

// nullStringDest fills a string that may be NULL.
type nullStringDest struct {
	p **string
	v sql.NullString // database/sql scans into it
}

func (d *nullStringDest) ScanText(v pgtype.Text) error {
	*d.p = nullPtr(v.String, v.Valid)
	return nil
}

func (d *nullStringDest) Scan(src any) error {
	err := d.v.Scan(src)
	*d.p = nullPtr(d.v.String, d.v.Valid && err == nil)
	return err
}

// nullPtr is a pointer to a copy of v, or nil if it is not valid. It allocates
// only when valid (a returned &v would move v to the heap on every call).
func nullPtr[T any](v T, valid bool) *T {
	if !valid {
		return nil
	}
	p := new(T)
	*p = v
	return p
}
