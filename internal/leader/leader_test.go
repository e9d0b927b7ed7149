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
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// contender runs leader.Run and records when it leads.
type contender struct {
	leading atomic.Bool
	times   atomic.Int32 // how many times it came to lead
}

// TestOneLeaderAndTakeOverWhenItsConnectionDies runs two contenders for one
// lock on PostgreSQL: exactly one leads; when the server ends the leader's
// session (as it does for a process killed with -9), the leader's work stops
// and the other leads within seconds, never both at once.
func TestOneLeaderAndTakeOverWhenItsConnectionDies(t *testing.T) {
	url := dbtest.PostgresURL(t)
	key := rand.Int64()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	var both atomic.Bool // two led at once
	cs := []*contender{{}, {}}
	for _, c := range cs {
		lock := &leader.Postgres{URL: url, Key: key, Check: 200 * time.Millisecond}
		wg.Add(1)
		go func() {
			defer wg.Done()
			leader.Run(ctx, lock, 200*time.Millisecond, quiet, func(ctx context.Context) {
				c.leading.Store(true)
				c.times.Add(1)
				if cs[0].leading.Load() && cs[1].leading.Load() {
					both.Store(true)
				}
				<-ctx.Done()
				c.leading.Store(false)
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
	if cs[first].leading.Load() || both.Load() {
		t.Fatal("two replicas led at once")
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
