// Package batch lets concurrent callers hand their work to a leader, which
// runs what is queued in batches: one transaction, one lock and one wait for
// the disk then serve many callers.
package batch

import "sync"

// Queue hands the items of concurrent callers of Do to leaders that run them
// in batches. The zero Queue is ready to use.
type Queue[T any] struct {
	mu      sync.Mutex
	pending []*entry[T]
	leading int
}

type entry[T any] struct {
	item T
	// wake tells a waiting caller that it leads now (true) and that its item
	// has run (false): each at most once, so senders never block.
	wake chan bool
	// leads is set when a leader handed its place to this caller.
	leads bool
}

// Do queues item and returns once a batch holding it has run. A caller that
// finds fewer than leaders batches running leads: it takes up to max queued
// items at a time, in the order they came, and runs them with run until its
// own item has run; the other callers wait. A leader then hands its place to
// the oldest waiting caller, whose item the next batch holds: nobody serves
// more than the batches ahead of its own, however long others keep coming.
// run tells each caller its result through its item, so T is usually a
// pointer.
func (q *Queue[T]) Do(item T, leaders, max int, run func(batch []T)) {
	mine := &entry[T]{item: item, wake: make(chan bool, 2)}
	q.mu.Lock()
	q.pending = append(q.pending, mine)
	if q.leading >= leaders {
		q.mu.Unlock()
		if lead := <-mine.wake; !lead {
			return
		}
	} else {
		q.leading++
		q.mu.Unlock()
	}
	for {
		q.mu.Lock()
		n := min(len(q.pending), max)
		if n == 0 {
			// Another leader took this caller's item (leaders > 1).
			q.leading--
			q.mu.Unlock()
			<-mine.wake
			return
		}
		taken := q.pending[:n:n]
		q.pending = q.pending[n:]
		q.mu.Unlock()
		items := make([]T, n)
		ran := false
		for i, e := range taken {
			items[i] = e.item
			ran = ran || e == mine
		}
		run(items)
		for _, e := range taken {
			if e != mine {
				e.wake <- false
			}
		}
		if ran {
			q.handOver()
			return
		}
	}
}

// handOver passes a leader's place to the oldest waiting caller not already
// made a leader, or gives it up when there is none.
func (q *Queue[T]) handOver() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range q.pending {
		if !e.leads {
			e.leads = true
			e.wake <- true
			return
		}
	}
	q.leading--
}

// Waiting returns how many items are queued and not yet taken by a leader.
func (q *Queue[T]) Waiting() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}
