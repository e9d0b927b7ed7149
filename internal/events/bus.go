package events

import "sync"

// Bus tells the goroutines of one process that new events were committed.
// A signal carries nothing: whoever wakes reads the outbox after its own
// cursor, so signals coalesce and a missed one costs only latency. On
// PostgreSQL, a listener feeds it the other replicas' commits too.
type Bus struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// NewBus returns a Bus with no subscribers.
func NewBus() *Bus { return &Bus{subs: map[chan struct{}]struct{}{}} }

// Subscribe returns a channel that receives a value after each Notify (at
// most one waits), and the function that stops it.
func (b *Bus) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// Notify wakes every subscriber without waiting for any.
func (b *Bus) Notify() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is already waiting
		}
	}
}
