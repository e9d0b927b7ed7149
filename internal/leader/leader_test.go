package leader_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/caseward/caseward/internal/leader"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// contender runs leader.Run and records when it leads.
type contender struct {
	leading atomic.Bool
	times   atomic.Int32 // how many times it came to lead
	stopped atomic.Int64 // when it last stopped leading (UnixNano)
	started atomic.Int64 // when it last started leading (UnixNano)
}

// TestOneLeaderAndTakeOverWhenItsConnectionDies runs two contenders for one
// lock on PostgreSQL: exactly one leads; when the server ends the leader's
// session (as it does for a process killed with -9), the other leads within
// seconds and the old leader's work stops within one check of its
// connection (the server freed the lock before the old leader could know:
// the work a leader does must bear that much overlap, as the scheduler's
// does).
func TestOneLeaderAndTakeOverWhenItsConnectionDies(t *testing.T) {
	url := dbtest.PostgresURL(t)
	key := rand.Int64()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	cs := []*contender{{}, {}}
	for _, c := range cs {
		lock := &store.AdvisoryLock{URL: url, Key: key, Check: 200 * time.Millisecond}
		wg.Add(1)
		go func() {
			defer wg.Done()
			leader.Run(ctx, lock, 200*time.Millisecond, quiet, func(ctx context.Context) {
				c.started.Store(time.Now().UnixNano())
				c.leading.Store(true)
				c.times.Add(1)
				<-ctx.Done()
				c.leading.Store(false)
				c.stopped.Store(time.Now().UnixNano())
			})
		}()
	}
	leaderOf := func() int {
		n, who := 0, -1
		for i, c := range cs {
			if c.leading.Load() {
				n, who = n+1, i
			}
		}
		if n != 1 {
			return -1
		}
		return who
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("after 5 s: %s did not happen (leading: %v %v)", what, cs[0].leading.Load(), cs[1].leading.Load())
			}
		}
	}
	waitFor("one leads", func() bool { return leaderOf() >= 0 })
	first := leaderOf()
	time.Sleep(time.Second) // the other keeps trying meanwhile
	if leaderOf() != first || cs[1-first].times.Load() != 0 {
		t.Fatalf("leadership moved without a cause: leader %d, the other led %d times", leaderOf(), cs[1-first].times.Load())
	}

	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var killed bool
	err = admin.QueryRow(`SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
		uint32(uint64(key)>>32), uint32(uint64(key))).Scan(&killed)
	if err != nil || !killed {
		t.Fatalf("end the leader's session: %v %v", killed, err)
	}
	start := time.Now()
	waitFor("the other leads", func() bool { return leaderOf() == 1-first })
	t.Logf("the other replica led %v after the leader's session ended", time.Since(start).Round(time.Millisecond))
	waitFor("the old leader stops", func() bool { return !cs[first].leading.Load() })
	if overlap := time.Duration(cs[first].stopped.Load() - cs[1-first].started.Load()); overlap > 600*time.Millisecond {
		t.Fatalf("the old leader went on for %v after the other began to lead", overlap)
	} else {
		t.Logf("overlap: %v", overlap.Round(time.Millisecond))
	}
}

// Single leads at once and stops with its context.
func TestSingleLeads(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	leader.Run(ctx, leader.Single{}, time.Hour, quiet, func(ctx context.Context) {
		close(ran)
		<-ctx.Done()
	})
	select {
	case <-ran:
	default:
		t.Fatal("the single process did not lead")
	}
}

// A leader that falls silent (its host gone, its connection never closed)
// loses the lock once the server has not heard from it for Idle.
func TestSilentLeaderLosesTheLock(t *testing.T) {
	url := dbtest.PostgresURL(t)
	key := rand.Int64()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	silent := &store.AdvisoryLock{URL: url, Key: key, Check: time.Hour, Idle: time.Second} // never pings
	_, release, ok, err := silent.TryAcquire(ctx)
	if err != nil || !ok {
		t.Fatalf("the first did not lead: %v %v", ok, err)
	}
	defer release()
	other := &store.AdvisoryLock{URL: url, Key: key, Check: 200 * time.Millisecond}
	if _, _, ok, err := other.TryAcquire(ctx); ok || err != nil {
		t.Fatalf("the other led (%v) while the first held the lock: %v", ok, err)
	}
	start := time.Now()
	for {
		_, rel, ok, err := other.TryAcquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			rel()
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the silent leader's lock was never dropped")
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("the silent leader's lock went after %v", time.Since(start).Round(time.Millisecond))
}
