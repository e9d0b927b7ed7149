package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

type txKey struct{}

// fakeStore commits what a transaction inserted, or nothing when it fails.
type fakeStore struct {
	mu        sync.Mutex
	committed []string
	txs       int
}

type fakeTx struct{ pending []string }

func (s *fakeStore) inTx(ctx context.Context, fn func(context.Context) error) error {
	var tx fakeTx
	s.mu.Lock()
	s.txs++
	s.mu.Unlock()
	if err := fn(context.WithValue(ctx, txKey{}, &tx)); err != nil {
		return err // rolled back
	}
	s.mu.Lock()
	s.committed = append(s.committed, tx.pending...)
	s.mu.Unlock()
	return nil
}

var errRefused = errors.New("refused")

// insert refuses the whole group when one of it is "bad", as one multi-row
// insert would.
func (s *fakeStore) insert(ctx context.Context, group []*pendingCreate) ([]Case, error) {
	tx := ctx.Value(txKey{}).(*fakeTx)
	var out []Case
	for _, p := range group {
		if p.c.Title == "bad" {
			return nil, errRefused
		}
		tx.pending = append(tx.pending, p.c.Title)
		out = append(out, p.c)
	}
	return out, nil
}

// A refused creation in a group fails the group's transaction; each creation
// is then tried on its own, so the refusal reaches only its own caller and
// every other creation is committed exactly once.
func TestARefusalInAGroupFailsOnlyItsOwnCreation(t *testing.T) {
	var s fakeStore
	var batch []*pendingCreate
	for _, title := range []string{"first", "second", "bad", "fourth"} {
		batch = append(batch, &pendingCreate{ctx: context.Background(), c: Case{Title: title}})
	}
	run(batch, s.inTx, s.insert)
	for _, p := range batch {
		if p.c.Title == "bad" {
			if !errors.Is(p.err, errRefused) {
				t.Errorf("bad: %v, want the refusal", p.err)
			}
			continue
		}
		if p.err != nil || p.out.Title != p.c.Title {
			t.Errorf("%s: %+v, %v", p.c.Title, p.out.Title, p.err)
		}
	}
	if want := []string{"first", "second", "fourth"}; !slices.Equal(s.committed, want) {
		t.Fatalf("committed %v, want %v", s.committed, want)
	}
	if s.txs != 5 { // the group, then each of the four on its own
		t.Fatalf("%d transactions, want 5", s.txs)
	}
}

// Concurrent creations all get their own result, each committed once, in
// fewer transactions than creations when they arrive together.
func TestConcurrentCreationsShareTransactions(t *testing.T) {
	const n = 64
	var (
		s  fakeStore
		g  createGroup
		wg sync.WaitGroup
	)
	start := make(chan struct{})
	out := make([]Case, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			<-start
			out[i], errs[i] = g.do(context.Background(), Case{Title: fmt.Sprint(i)}, 2026, s.inTx, s.insert)
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil || out[i].Title != fmt.Sprint(i) {
			t.Fatalf("creation %d: %+v, %v", i, out[i].Title, errs[i])
		}
	}
	slices.Sort(s.committed)
	if len(s.committed) != n || len(slices.Compact(s.committed)) != n {
		t.Fatalf("%d committed, want %d once each", len(s.committed), n)
	}
	if s.txs > n {
		t.Fatalf("%d transactions for %d creations", s.txs, n)
	}
}
