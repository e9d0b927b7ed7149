// Package blob stores evidence files outside the database, content-addressed by
// their SHA-256. A file is streamed to a temporary object and hashed on the way,
// synced, and only then moved into place, so a crash never leaves a partial
// file under a real key.
package blob

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound is returned for a key with no object.
var ErrNotFound = errors.New("blob not found")

// Store keeps objects under content-addressed keys.
type Store interface {
	// Create starts a new object; write its bytes to the returned Upload.
	Create(ctx context.Context) (Upload, error)
	// Open returns an object's bytes, seekable for range requests, and its size.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, int64, error)
	// Remove deletes an object; a missing one is not an error.
	Remove(ctx context.Context, key string) error
	// SweepTemp removes temporary objects left by a crash, never committed
	// ones: those no live upload holds where that can be told, else those
	// older than age.
	SweepTemp(ctx context.Context, age time.Duration) (int, error)
	// Keys calls fn with the key of every committed object.
	Keys(ctx context.Context, fn func(key string) error) error
}

// Upload is an object being written. It hashes what it is given.
type Upload interface {
	io.Writer
	// Size and SHA256 (hex) describe the bytes written so far.
	Size() int64
	SHA256() string
	// Commit syncs the bytes and moves them under the key of their hash. It
	// reports whether an object with that key existed already (the same file
	// stored before), in which case the new copy is dropped. On an error the
	// object must not be recorded; it may be in place all the same (the move
	// done, but not known to be durable), since another upload of the same
	// bytes may be using it.
	Commit(ctx context.Context) (key string, existed bool, err error)
	// Abort discards the upload; after Commit it does nothing.
	Abort() error
}
