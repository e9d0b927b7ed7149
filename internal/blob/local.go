package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Local is a Store in a folder: objects at sha256/<aa>/<bb>/<hash>, temporary
// uploads in tmp/. An upload holds a lock on its temporary file until the file
// is in place or removed, so a sweep tells abandoned files from live ones.
type Local struct {
	root string
}

// NewLocal returns a Local store rooted at dir, creating it if needed. The
// folders it creates are 0700 and the files 0600 (os.CreateTemp's mode, kept
// by the rename): evidence is readable by Caseward's account only.
func NewLocal(dir string) (*Local, error) {
	for _, sub := range []string{"tmp", "sha256"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("create blob folder: %w", err)
		}
	}
	return &Local{root: dir}, nil
}

func (l *Local) path(key string) (string, error) {
	if len(key) != 64 {
		return "", fmt.Errorf("bad blob key %q", key)
	}
	if _, err := hex.DecodeString(key); err != nil {
		return "", fmt.Errorf("bad blob key %q", key)
	}
	return filepath.Join(l.root, "sha256", key[:2], key[2:4], key), nil
}

// Create starts an upload in a temporary file, locked while the upload lives.
func (l *Local) Create(ctx context.Context) (Upload, error) {
	for range 3 {
		f, err := os.CreateTemp(filepath.Join(l.root, "tmp"), "upload-*")
		if err != nil {
			return nil, fmt.Errorf("create temporary blob: %w", err)
		}
		if err := lockHeld(f); err != nil {
			_ = f.Close() // nothing written
			return nil, errors.Join(fmt.Errorf("lock temporary blob: %w", err), os.Remove(f.Name()))
		}
		// A sweep may have taken the file between its creation and the lock.
		if sameFile(f) {
			return &localUpload{store: l, file: f, hash: sha256.New()}, nil
		}
		_ = f.Close() // its name is gone and nothing was written
	}
	return nil, errors.New("create temporary blob: removed by a sweep three times")
}

// sameFile reports whether f is still the file at its name.
func sameFile(f *os.File) bool {
	atName, err1 := os.Stat(f.Name())
	open, err2 := f.Stat()
	return err1 == nil && err2 == nil && os.SameFile(atName, open)
}

// Open returns an object's bytes.
func (l *Local) Open(ctx context.Context, key string) (io.ReadSeekCloser, int64, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open blob: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close() // only read
		return nil, 0, fmt.Errorf("stat blob: %w", err)
	}
	return f, st.Size(), nil
}

// Remove deletes an object.
func (l *Local) Remove(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove blob: %w", err)
	}
	return nil
}

// SweepTemp removes the temporary files of uploads that no process is running
// any more (a crash, a SIGKILL): every file whose lock nobody holds, whatever
// its age, so a restart leaves none behind. Where file locks are not available
// it goes by age instead. Committed objects are never touched.
func (l *Local) SweepTemp(ctx context.Context, age time.Duration) (int, error) {
	dir := filepath.Join(l.root, "tmp")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("read temporary blobs: %w", err)
	}
	removed := 0
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if !locksWork {
			if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < age {
				continue
			}
		}
		if removeAbandoned(filepath.Join(dir, e.Name())) {
			removed++
		}
	}
	return removed, nil
}

// removeAbandoned removes a temporary file unless an upload holds its lock.
func removeAbandoned(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }() // opened to test its lock only
	if free, err := tryLock(f); err != nil || !free {
		return false
	}
	return os.Remove(path) == nil
}

// Keys calls fn with the key of every committed object.
func (l *Local) Keys(ctx context.Context, fn func(key string) error) error {
	return filepath.WalkDir(filepath.Join(l.root, "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		if want, err := l.path(d.Name()); err != nil || want != p {
			return nil // not an object Caseward wrote
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(d.Name())
	})
}

type localUpload struct {
	store   *Local
	file    *os.File
	hash    hash.Hash
	size    int64
	written int64 // bytes whose writeback has been started
	done    bool
}

// writebackChunk is how many bytes an upload lets the kernel hold back before
// it starts writing them to disk.
const writebackChunk = 8 << 20

func (u *localUpload) Write(p []byte) (int, error) {
	n, err := u.file.Write(p)
	u.hash.Write(p[:n])
	u.size += int64(n)
	if u.size-u.written >= writebackChunk {
		startWriteback(u.file, u.written, u.size-u.written)
		u.written = u.size
	}
	return n, err
}

func (u *localUpload) Size() int64    { return u.size }
func (u *localUpload) SHA256() string { return hex.EncodeToString(u.hash.Sum(nil)) }

func (u *localUpload) Commit(ctx context.Context) (string, bool, error) {
	key := u.SHA256()
	target, err := u.store.path(key)
	if err != nil {
		return "", false, err
	}
	if err := u.file.Sync(); err != nil {
		return "", false, fmt.Errorf("sync blob: %w", err)
	}
	dir := filepath.Dir(target)
	_, err = os.Stat(target)
	switch {
	case err == nil:
		u.done = true
		_ = u.file.Close() // a duplicate, removed next
		if err := os.Remove(u.file.Name()); err != nil {
			return "", false, fmt.Errorf("remove temporary blob: %w", err)
		}
		// Another upload may have moved it in and not yet made that durable.
		if err := syncDir(dir); err != nil {
			return "", false, fmt.Errorf("sync blob folder: %w", err)
		}
		return key, true, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", false, fmt.Errorf("look for stored blob: %w", err)
	}
	if err := u.store.makeFolder(dir); err != nil {
		return "", false, fmt.Errorf("create blob folder: %w", err)
	}
	// Renamed while still open, and so locked: a sweep never takes it on the way.
	if err := os.Rename(u.file.Name(), target); err != nil {
		return "", false, fmt.Errorf("move blob into place: %w", err)
	}
	u.done = true
	_ = u.file.Close() // the bytes are synced; closing only drops the lock
	// Until the folder is synced the rename may not survive a crash: an error
	// here fails the upload, so that no item is recorded for a file that may
	// vanish. The file stays in place (another upload may be using it), where
	// verify-all lists it as unreferenced if nothing names it.
	if err := syncDir(dir); err != nil {
		return "", false, fmt.Errorf("sync blob folder: %w", err)
	}
	return key, false, nil
}

// makeFolder creates an object's folder sha256/<aa>/<bb> if it is missing, and
// syncs the folders above it, so that the new folders survive a crash too.
func (l *Local) makeFolder(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := syncDir(parent); err != nil {
		return err
	}
	return syncDir(filepath.Dir(parent))
}

// syncDir flushes a folder's entries to disk: what makes a rename or a new
// file in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (u *localUpload) Abort() error {
	if u.done {
		return nil
	}
	u.done = true
	_ = u.file.Close() // abandoned, removed next
	if err := os.Remove(u.file.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove temporary blob: %w", err)
	}
	return nil
}
