package clock

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNowReadsTheContextsClockOrTheWallClock(t *testing.T) {
	before := time.Now().UTC().Add(-time.Second)
	if got := Now(context.Background()); got.Before(before) || got.Location() != time.UTC {
		t.Fatalf("wall clock: got %v", got)
	}
	past := time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	ctx := At(context.Background(), past)
	want := time.Date(2025, 3, 1, 8, 30, 0, 123456000, time.UTC)
	if got := Now(ctx); !got.Equal(want) || got.Location() != time.UTC || got.Nanosecond() != 123456000 {
		t.Fatalf("set clock: got %v, want %v", got, want)
	}
	if got := Now(At(ctx, want.Add(time.Hour))); !got.Equal(want.Add(time.Hour)) {
		t.Fatalf("a later At wins: got %v", got)
	}
}

// TestOnlyTheSeedSetsTheClock holds the package comment's promise: no code a
// request reaches can backdate what it records.
func TestOnlyTheSeedSetsTheClock(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if strings.HasPrefix(rel, filepath.Join("internal", "seed")+string(filepath.Separator)) || strings.HasPrefix(rel, filepath.Join("internal", "clock")+string(filepath.Separator)) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "clock.At(") {
			t.Errorf("%s sets the clock: only internal/seed may", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
