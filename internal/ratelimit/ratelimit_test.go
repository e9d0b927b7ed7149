package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestBurstThenRefusedUntilATokenReturns(t *testing.T) {
	l := New(2, 3, 10) // 2 per second, 3 at once
	for i := range 3 {
		q := l.Take("ann", t0)
		if !q.Allowed || q.Limit != 3 || q.Remaining != 2-i {
			t.Fatalf("request %d: %+v", i+1, q)
		}
	}
	q := l.Take("ann", t0)
	if q.Allowed || q.Remaining != 0 || q.RetryIn != 500*time.Millisecond || q.Reset != 1500*time.Millisecond {
		t.Fatalf("over the burst: %+v, want refused, retry in 500ms, full in 1.5s", q)
	}
	if q := l.Take("ann", t0.Add(500*time.Millisecond)); !q.Allowed || q.Remaining != 0 {
		t.Fatalf("after the retry time: %+v", q)
	}
	if q := l.Take("ann", t0.Add(10*time.Second)); !q.Allowed || q.Remaining != 2 || q.Reset != 500*time.Millisecond {
		t.Fatalf("after a long pause: %+v, want a full bucket again", q)
	}
}

func TestKeysHaveTheirOwnBuckets(t *testing.T) {
	l := New(1, 1, 10)
	if !l.Take("ann", t0).Allowed || l.Take("ann", t0).Allowed {
		t.Fatal("ann's second request at once was allowed")
	}
	if !l.Take("bob", t0).Allowed {
		t.Fatal("ann's flood refused bob")
	}
}

func TestZeroRateAllowsEverything(t *testing.T) {
	l := New(0, 100, 10)
	if l != nil {
		t.Fatalf("New(0, …) = %v, want nil", l)
	}
}

func TestIdleBucketsAreDropped(t *testing.T) {
	l := New(10, 10, 1000) // full again after 1 s idle
	for i := range 100 {
		l.Take(fmt.Sprint("10.0.0.", i), t0)
	}
	l.Take("busy", t0.Add(1500*time.Millisecond))
	if n := l.Len(); n != 1 {
		t.Fatalf("%d buckets kept, want only the one used in the last second", n)
	}
}

func TestMemoryIsBoundedUnderAFloodOfKeys(t *testing.T) {
	l := New(1, 5, 50)
	for i := range 10_000 {
		l.Take(fmt.Sprint("key-", i), t0)
	}
	if n := l.Len(); n > 50 {
		t.Fatalf("%d buckets kept, want at most 50", n)
	}
}
