package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUploadCommitsUnderItsHashAndDeduplicates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
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
	got, _ := io.ReadAll(r)
	r.Close()
	if string(got) != content {
		t.Fatal("bytes differ")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(entries) != 0 {
		t.Fatalf("temporary files left: %d", len(entries))
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, _ := NewLocal(dir)
	u, _ := s.Create(ctx)
	u.Write([]byte("half a file"))
	if err := u.Abort(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(entries) != 0 {
		t.Fatal("aborted upload left a temporary file")
	}
	if _, _, err := s.Open(ctx, u.SHA256()); err != ErrNotFound {
		t.Fatalf("open aborted: %v", err)
	}
}

func TestSweepRemovesOnlyStaleTemporaryFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, _ := NewLocal(dir)
	stale, _ := s.Create(ctx)
	fresh, _ := s.Create(ctx)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale.(*localUpload).file.Name(), old, old)
	n, err := s.SweepTemp(ctx, time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("swept %d, err %v; want 1", n, err)
	}
	if _, err := os.Stat(fresh.(*localUpload).file.Name()); err != nil {
		t.Fatal("a fresh upload was swept")
	}
}

func TestBadKeysAreRefused(t *testing.T) {
	s, _ := NewLocal(t.TempDir())
	for _, key := range []string{"", "../../etc/passwd", strings.Repeat("z", 64)} {
		if _, _, err := s.Open(context.Background(), key); err == nil || err == ErrNotFound {
			t.Errorf("key %q: err %v", key, err)
		}
	}
}
