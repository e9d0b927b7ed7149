package main

import (
	"testing"
	"time"
)

func TestParseCountsWantsAscendingCountsFromOneToNine(t *testing.T) {
	for in, want := range map[string][]int{"1,2,3": {1, 2, 3}, " 2, 4 ": {2, 4}, "": nil, "3": {3}} {
		got, err := parseCounts(in)
		if err != nil || len(got) != len(want) {
			t.Errorf("%q: %v, %v", in, got, err)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: %v, want %v", in, got, want)
			}
		}
	}
	for _, bad := range []string{"0", "10", "2,1", "1,1", "one"} {
		if _, err := parseCounts(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// With PostgreSQL's default max_connections (100, 3 reserved) and 5 in use,
// 82 are free: one or two replicas keep their default pool, three get 21.
func TestPoolSizeFitsEveryReplicaInTheFreeConnections(t *testing.T) {
	for _, tc := range []struct{ free, n, want int }{{82, 1, 32}, {82, 2, 32}, {82, 3, 21}, {30, 3, 4}} {
		got, err := poolSize(tc.free, tc.n)
		if err != nil || got != tc.want {
			t.Errorf("%d free, %d replicas: pool %d (%v), want %d", tc.free, tc.n, got, err, tc.want)
		}
		if err == nil && tc.n*(got+replicaExtraConns) > tc.free {
			t.Errorf("%d free, %d replicas: %d × (%d + %d) do not fit", tc.free, tc.n, tc.n, got, replicaExtraConns)
		}
	}
	if _, err := poolSize(20, 3); err == nil {
		t.Error("3 replicas in 20 connections: accepted")
	}
}

func TestStatTicksReadsUserAndSystemTimePastTheCommandName(t *testing.T) {
	// A command name with spaces and a parenthesis; utime 1500, stime 250.
	stat := "4242 (caseward (r1) x) S 1 4242 4242 0 -1 4194560 1234 0 0 0 1500 250 0 0 20 0 12 0 100 0"
	if got, ok := statTicks(stat); !ok || got != 1750 {
		t.Errorf("ticks %d, %v; want 1750", got, ok)
	}
	if _, ok := statTicks("4242 (short) S 1"); ok {
		t.Error("a short line read")
	}
}

func TestCoresSharesTheMachineBetweenParts(t *testing.T) {
	m := cpuMeter{{name: "replicas"}, {name: "postgres"}}
	at := time.Now()
	a := cpuSample{at: at, machineBusy: 1000, parts: []map[int]int64{{1: 100}, {7: 50}}}
	// Over 2 s: the machine busy 380 ticks (1.9 cores), replica 1 100 ticks,
	// PostgreSQL's old backend 60 and a new one 40, whose start counts.
	b := cpuSample{at: at.Add(2 * time.Second), machineBusy: 1380, parts: []map[int]int64{{1: 200}, {7: 110, 8: 40}}}
	got := m.cores(a, b)
	want := map[string]float64{"machine": 1.9, "replicas": 0.5, "postgres": 0.5, "other": 0.9}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %.2f cores, want %.2f (%v)", k, got[k], v, got)
		}
	}
}
