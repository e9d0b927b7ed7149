package clock

import (
	"context"
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
