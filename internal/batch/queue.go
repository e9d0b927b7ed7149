// Package batch lets concurrent callers hand their work to a leader, which
// runs what is queued in batches: one transaction, one lock and one wait for
// the disk then serve many callers.
package batch

import "sync"

// Queue hands the items of concurrent callers of Do to leaders that run them
// in batches. The zero Queue is ready to use.
type Queue[T any] struct {
	mu      sync.Mutex
	pending []entry[T]
	leading int
}

type entry[T any] struct {
	item T
	done chan struct{}
}

// Do queues item and returns once a batch holding it has run. A caller that
// finds fewer than leaders batches running leads: it takes up to max queued
// items at a time, in the order they came, and runs them with run, until the
// queue is empty; the other callers wait. run tells each caller its result
// through its item, so T is usually a pointer.
func (q *Queue[T]) Do(item T, leaders, max int, run func(batch []T)) {
	e := entry[T]{item: item, done: make(chan struct{})}
	q.mu.Lock()
	q.pending = append(q.pending, e)
	if q.leading >= leaders {
		q.mu.Unlock()
		<-e.done
		return
	}
	q.leading++
	q.mu.Unlock()
	for {
		q.mu.Lock()
		n := min(len(q.pending), max)
		if n == 0 {
			q.leading--
			q.mu.Unlock()
			return
		}
		taken := q.pending[:n:n]
		q.pending = q.pending[n:]
		q.mu.Unlock()
		items := make([]T, n)
		for i, e := range taken {
			items[i] = e.item
		}
		run(items)
		for _, e := range taken {
			close(e.done)
		}
	}
}

// Waiting returns how many items are queued and not yet taken by a leader.
func (q *Queue[T]) Waiting() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}
