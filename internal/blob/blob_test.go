package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
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
		got, _ := io.ReadAll(r)
		r.Close()
		if string(got) != content[9:] {
			t.Fatal("bytes differ")
		}
		if n := s.temps(); n != 0 {
			t.Fatalf("temporary objects left: %d", n)
		}
		if err := s.Remove(ctx, want); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Open(ctx, want); err != ErrNotFound {
			t.Fatalf("open removed: %v", err)
		}
	})
}

func TestAbortLeavesNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		u, _ := s.Create(ctx)
		u.Write([]byte("half a file"))
		if err := u.Abort(); err != nil {
			t.Fatal(err)
		}
		if n := s.temps(); n != 0 {
			t.Fatal("aborted upload left a temporary object")
		}
		if _, _, err := s.Open(ctx, u.SHA256()); err != ErrNotFound {
			t.Fatalf("open aborted: %v", err)
		}
	})
}

func TestSweepRemovesStaleTemporaryObjects(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		ctx := context.Background()
		if l, ok := s.Store.(*Local); ok {
			stale, _ := l.Create(ctx)
			fresh, _ := l.Create(ctx)
			old := time.Now().Add(-2 * time.Hour)
			os.Chtimes(stale.(*localUpload).file.Name(), old, old)
			if n, err := l.SweepTemp(ctx, time.Hour); err != nil || n != 1 {
				t.Fatalf("swept %d, err %v; want 1", n, err)
			}
			if _, err := os.Stat(fresh.(*localUpload).file.Name()); err != nil {
				t.Fatal("a fresh upload was swept")
			}
			return
		}
		// In S3 an object exists once its upload completes: leave one behind.
		u, _ := s.Create(ctx)
		u.Write([]byte("left by a crash"))
		u.(*s3Upload).finish(nil)
		if n, _ := s.SweepTemp(ctx, time.Hour); n != 0 {
			t.Fatal("a fresh temporary object was swept")
		}
		if n, err := s.SweepTemp(ctx, 0); err != nil || n != 1 || s.temps() != 0 {
			t.Fatalf("swept %d, err %v", n, err)
		}
	})
}

func TestBadKeysAreRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, s store) {
		for _, key := range []string{"", "../../etc/passwd", strings.Repeat("z", 64)} {
			if _, _, err := s.Open(context.Background(), key); err == nil || err == ErrNotFound {
				t.Errorf("key %q: err %v", key, err)
			}
		}
	})
}
