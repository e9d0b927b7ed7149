package main

import (
	"crypto/rand"
	"sort"
	"sync"
	"time"
)

// write is one write answered 2xx: what was created, and the marker the
// request carried in its text, unique to that request.
type write struct {
	kind, id, caseID, marker, sha256 string
}

// failure is one request not answered 2xx.
type failure struct {
	at       time.Time
	op, kind string
}

// ledger records what the load did: every write answered 2xx, every outcome
// counted by operation, and the slow uploads in flight (for the faults).
type ledger struct {
	mu        sync.Mutex
	writes    []write
	cases     []string // ids of cases to read, note and export
	counts    map[string]map[string]int
	failures  []failure
	slow      map[string]time.Time // client address:port → start, of a slow upload sending its body
	lastWrite time.Time
}

func newLedger() *ledger {
	return &ledger{counts: map[string]map[string]int{}, slow: map[string]time.Time{}}
}

func newMarker() string { return "cw" + rand.Text()[:20] }

// note counts an outcome of op, sent at started, and keeps w when it was
// answered 2xx.
func (l *ledger) note(op string, started time.Time, a answer, w *write) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts[op] == nil {
		l.counts[op] = map[string]int{}
	}
	l.counts[op][a.kind()]++
	if !a.ok() {
		l.failures = append(l.failures, failure{at: time.Now(), op: op, kind: a.kind()})
		return
	}
	if w != nil {
		l.writes = append(l.writes, *w)
		if started.After(l.lastWrite) {
			l.lastWrite = started
		}
		if w.kind == "case" {
			l.cases = append(l.cases, w.id)
		}
	}
}

// someCase picks a known case (n: a random number).
func (l *ledger) someCase(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cases) == 0 {
		return ""
	}
	return l.cases[n%len(l.cases)]
}

func (l *ledger) slowStarted(src string) {
	l.mu.Lock()
	l.slow[src] = time.Now()
	l.mu.Unlock()
}

func (l *ledger) slowEnded(src string) {
	l.mu.Lock()
	delete(l.slow, src)
	l.mu.Unlock()
}

// slowInFlight lists the client addresses of slow uploads sending for at
// least age, oldest first.
func (l *ledger) slowInFlight(age time.Duration) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for src, t := range l.slow {
		if time.Since(t) >= age {
			out = append(out, src)
		}
	}
	sort.Slice(out, func(i, j int) bool { return l.slow[out[i]].Before(l.slow[out[j]]) })
	return out
}

// firstWriteAfter waits up to wait for a write sent after t and answered
// 2xx, and says when it was sent.
func (l *ledger) firstWriteAfter(t time.Time, wait time.Duration) (time.Time, bool) {
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		l.mu.Lock()
		last := l.lastWrite
		l.mu.Unlock()
		if last.After(t) {
			return last, true
		}
	}
	return time.Time{}, false
}

// snapshot copies what the checks and the report read.
func (l *ledger) snapshot() ([]write, map[string]map[string]int, []failure) {
	l.mu.Lock()
	defer l.mu.Unlock()
	counts := map[string]map[string]int{}
	for op, m := range l.counts {
		counts[op] = map[string]int{}
		for k, n := range m {
			counts[op][k] = n
		}
	}
	return append([]write(nil), l.writes...), counts, append([]failure(nil), l.failures...)
}
