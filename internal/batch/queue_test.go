package batch_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/batch"
)

type job struct {
	n    int
	runs int // batches that held it; written by the leader only
	ran  bool
}

// Many callers at once: each item runs in exactly one batch before its
// caller returns, no batch holds more than max, no more than leaders batches
// run at once, and callers that came while a batch ran share later batches.
func TestQueueRunsEachItemOnceInBoundedBatches(t *testing.T) {
	for _, leaders := range []int{1, 2, 3} {
		var q batch.Queue[*job]
		const callers, max = 500, 16
		var running, mostRunning, batches atomic.Int64
		var mu sync.Mutex
		sizes := map[int]int{}
		run := func(b []*job) {
			now := running.Add(1)
			defer running.Add(-1)
			for m := mostRunning.Load(); now > m && !mostRunning.CompareAndSwap(m, now); m = mostRunning.Load() {
			}
			batches.Add(1)
			mu.Lock()
			sizes[len(b)]++
			mu.Unlock()
			time.Sleep(200 * time.Microsecond) // a commit's wait, for others to queue behind
			for _, j := range b {
				j.runs++
				j.ran = true
			}
		}
		jobs := make([]*job, callers)
		var wg sync.WaitGroup
		for i := range jobs {
			jobs[i] = &job{n: i}
			wg.Go(func() {
				q.Do(jobs[i], leaders, max, run)
				if !jobs[i].ran {
					t.Errorf("caller %d returned before its item ran", i)
				}
			})
		}
		wg.Wait()
		for _, j := range jobs {
			if j.runs != 1 {
				t.Errorf("leaders %d: item %d ran %d times", leaders, j.n, j.runs)
			}
		}
		for size := range sizes {
			if size > max || size < 1 {
				t.Errorf("leaders %d: a batch of %d (max %d)", leaders, size, max)
			}
		}
		if m := mostRunning.Load(); m > int64(leaders) {
			t.Errorf("leaders %d: %d batches ran at once", leaders, m)
		}
		if b := batches.Load(); b >= callers {
			t.Errorf("leaders %d: %d batches for %d callers: none was shared", leaders, b, callers)
		}
		// The queue is left empty and leaderless: the next caller leads at once.
		j := &job{}
		q.Do(j, leaders, max, run)
		if j.runs != 1 {
			t.Errorf("leaders %d: an item after the rush ran %d times", leaders, j.runs)
		}
	}
}

// A leader returns once its own item has run, however many callers queued
// meanwhile: it hands its place to one of them. (It used to run batches until
// the queue was empty, so under steady load one request served everyone's for
// seconds.)
func TestLeaderReturnsOnceItsOwnItemRan(t *testing.T) {
	var q batch.Queue[*job]
	first, second := make(chan struct{}), make(chan struct{})
	batches := make(chan []*job, 2)
	run := func(b []*job) {
		batches <- b
		if b[0].n == 0 {
			<-first
		} else {
			<-second
		}
		for _, j := range b {
			j.ran = true
		}
	}
	leader := &job{n: 0}
	leaderDone := make(chan struct{})
	go func() { q.Do(leader, 1, 16, run); close(leaderDone) }()
	<-batches // the leader's batch is running
	late := []*job{{n: 1}, {n: 2}}
	var wg sync.WaitGroup
	for _, j := range late {
		wg.Go(func() { q.Do(j, 1, 16, run) })
	}
	for q.Waiting() < len(late) {
		time.Sleep(time.Millisecond)
	}
	close(first)
	if b := <-batches; len(b) != len(late) {
		t.Fatalf("the second batch holds %d items, want %d", len(b), len(late))
	}
	select {
	case <-leaderDone:
	case <-time.After(5 * time.Second):
		close(second)
		t.Fatal("the leader still waits while a batch of others' items runs")
	}
	if !leader.ran {
		t.Error("the leader returned before its item ran")
	}
	close(second)
	wg.Wait()
	for _, j := range late {
		if !j.ran {
			t.Errorf("item %d returned before it ran", j.n)
		}
	}
}
