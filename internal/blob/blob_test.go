package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
)

// store is one implementation under test, with a count of its temporary objects.
type store struct {
	Store
	temps func() int
}

// eachStore runs fn on a local folder store and on an S3 store served by an
// in-memory S3 implementation.
func eachStore(t *testing.T, fn func(t *testing.T, s store)) {
	t.Run("local", func(t *testing.T) {
		dir := t.TempDir()
		l, err := NewLocal(dir)
		if err != nil {
			t.Fatal(err)
		}
		fn(t, store{l, func() int {
			entries, _ := os.ReadDir(filepath.Join(dir, "tmp"))
			return len(entries)
		}})
	})
	t.Run("s3", func(t *testing.T) {
		backend := s3mem.New()
		if err := backend.CreateBucket("evidence"); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(gofakes3.New(backend).Server())
		t.Cleanup(srv.Close)
		host := strings.TrimPrefix(srv.URL, "http://")
		s, err := NewS3FromURL(context.Background(), "s3://key:secret@"+host+"/evidence?insecure=true&region=us-east-1", func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		fn(t, store{s, func() int {
			n := 0
			for range s.client.ListObjects(context.Background(), "evidence", minio.ListObjectsOptions{Prefix: "tmp/", Recursive: true}) {
				n++
			}
			return n
		}})
	})
}

func TestUploadCommitsUnderItsHashAndDeduplicates(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		content := strings.Repeat("evidence bytes ", 10000)
		sum := sha256.Sum256([]byte(content))
		want := hex.EncodeToString(sum[:])
		for i, wantExisted := range []bool{false, true} {
			u, err := s.Create(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(u, strings.NewReader(content)); err != nil {
				t.Fatal(err)
			}
			key, existed, err := u.Commit(ctx)
			if err != nil || key != want || existed != wantExisted || u.Size() != int64(len(content)) {
				t.Fatalf("upload %d: key %s existed %v err %v", i, key, existed, err)
			}
		}
		r, size, err := s.Open(ctx, want)
		if err != nil || size != int64(len(content)) {
			t.Fatalf("open: %v size %d", err, size)
		}
		if _, err := r.Seek(9, io.SeekStart); err != nil {
			t.Fatalf("seek: %v", err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		_ = r.Close() // only read
		if string(got) != content[9:] {
			t.Fatal("bytes differ")
		}
		if n := s.temps(); n != 0 {
			t.Fatalf("temporary objects left: %d", n)
		}
		if err := s.Remove(ctx, want); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Open(ctx, want); !errors.Is(err, ErrNotFound) {
			t.Fatalf("open removed: %v", err)
		}
	})
}

func TestAbortLeavesNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		u := started(t, s, "half a file")
		if err := u.Abort(); err != nil {
			t.Fatal(err)
		}
		if n := s.temps(); n != 0 {
			t.Fatal("aborted upload left a temporary object")
		}
		if _, _, err := s.Open(ctx, u.SHA256()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("open aborted: %v", err)
		}
	})
}

func TestSweepRemovesAbandonedTemporaryObjectsOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		kept := started(t, s, "committed before the crash")
		key, _, err := kept.Commit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if l, ok := s.Store.(*Local); ok {
			// A live upload holds its file, however old; a crashed one (its
			// process gone, so its lock released) is swept however new.
			live := started(t, s, "")
			old := time.Now().Add(-2 * time.Hour)
			if err := os.Chtimes(live.(*localUpload).file.Name(), old, old); err != nil {
				t.Fatal(err)
			}
			crashed := started(t, s, "half a file")
			if err := crashed.(*localUpload).file.Close(); err != nil { // its lock released, as by a crash
				t.Fatal(err)
			}
			if n, err := l.SweepTemp(ctx, time.Hour); err != nil || n != 1 {
				t.Fatalf("swept %d, err %v; want 1", n, err)
			}
			if _, err := os.Stat(live.(*localUpload).file.Name()); err != nil {
				t.Fatal("an upload in progress was swept")
			}
			if _, err := os.Stat(crashed.(*localUpload).file.Name()); err == nil {
				t.Fatal("an abandoned temporary file was kept")
			}
			if err := live.Abort(); err != nil {
				t.Fatal(err)
			}
		} else {
			// In S3 an object exists once its upload completes: leave one
			// behind, and an unfinished multipart upload, as a crash would.
			u := started(t, s, "left by a crash")
			if err := u.(*s3Upload).finish(nil); err != nil {
				t.Fatal(err)
			}
			s3 := s.Store.(*S3)
			if _, err := (&minio.Core{Client: s3.client}).NewMultipartUpload(ctx, s3.bucket, "tmp/crashed", minio.PutObjectOptions{}); err != nil {
				t.Fatal(err)
			}
			if n, _ := s.SweepTemp(ctx, time.Hour); n != 0 {
				t.Fatal("a fresh temporary object was swept")
			}
			if n, err := s.SweepTemp(ctx, 0); err != nil || n != 2 || s.temps() != 0 {
				t.Fatalf("swept %d, err %v; want the object and the unfinished upload", n, err)
			}
			for up := range s3.client.ListIncompleteUploads(ctx, s3.bucket, "tmp/", true) {
				t.Fatalf("unfinished upload left: %+v", up)
			}
		}
		if n := s.temps(); n != 0 {
			t.Fatalf("temporary objects left: %d", n)
		}
		if r, _, err := s.Open(ctx, key); err != nil {
			t.Fatalf("the sweep touched a committed object: %v", err)
		} else {
			_ = r.Close() // only read
		}
	})
}

func TestKeysListsCommittedObjectsOnly(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		var want []string
		for _, content := range []string{"one", "two"} {
			key, _, err := started(t, s, content).Commit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, key)
		}
		pending := started(t, s, "not committed")
		defer func() { _ = pending.Abort() }() // checked in TestAbortLeavesNothing
		var got []string
		if err := s.Keys(ctx, func(key string) error { got = append(got, key); return nil }); err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("keys %v, want %v", got, want)
		}
	})
}

func TestBadKeysAreRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		for _, key := range []string{"", "../../etc/passwd", strings.Repeat("z", 64)} {
			if _, _, err := s.Open(context.Background(), key); err == nil || errors.Is(err, ErrNotFound) {
				t.Errorf("key %q: err %v", key, err)
			}
		}
	})
}

// Evidence is Caseward's account's only: the folders NewLocal creates are
// 0700 and a stored file 0600, also under a root the operator made 0755.
func TestLocalBlobsAreReadableByTheOwnerOnly(t *testing.T) {
	for _, made := range []bool{false, true} {
		root := filepath.Join(t.TempDir(), "blobs")
		if made {
			if err := os.Mkdir(root, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		l, err := NewLocal(root)
		if err != nil {
			t.Fatal(err)
		}
		up, err := l.Create(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := up.Write([]byte("evidence")); err != nil {
			t.Fatal(err)
		}
		key, _, err := up.Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]os.FileMode{
			"tmp": 0o700, "sha256": 0o700, filepath.Join("sha256", key[:2]): 0o700,
			filepath.Join("sha256", key[:2], key[2:4]): 0o700, filepath.Join("sha256", key[:2], key[2:4], key): 0o600,
		}
		for rel, mode := range want {
			fi, err := os.Stat(filepath.Join(root, rel))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != mode {
				t.Errorf("root made by operator %v: %s has mode %04o, want %04o", made, rel, fi.Mode().Perm(), mode)
			}
		}
	}
}

// started is an upload in progress, holding content.
func started(t *testing.T, s store, content string) Upload {
	t.Helper()
	u, err := s.Create(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	return u
}
