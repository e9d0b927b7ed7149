package main

import (
	"context"
	"fmt"
	"time"

	"github.com/caseward/caseward/internal/testcluster"
)

// fault is one fault injected during the load, and how the cluster took it.
type fault struct {
	what      string
	at        time.Time
	recovered time.Duration // until the next write answered 2xx (a kill: until the balancer sent to the replica again)
	midUpload bool          // a kill that landed while a slow upload was sending to the replica
	err       error
}

func (f fault) String() string {
	s := fmt.Sprintf("%-44s recovered in %s", f.what, f.recovered.Round(10*time.Millisecond))
	if f.err != nil {
		s += "  FAILED: " + f.err.Error()
	}
	return s
}

// cluster is everything the run started.
type cluster struct {
	pg       *postgres
	replicas []*testcluster.Replica
	lb       *testcluster.HAProxy
	blobURL  string
	ledger   *ledger
}

// killMidUpload waits (up to wait) for a slow upload that has been sending
// for a second, finds the replica it goes to, SIGKILLs that replica and starts
// it again. With none found, it kills fallback.
func (c *cluster) killMidUpload(ctx context.Context, fallback *testcluster.Replica, wait time.Duration) fault {
	target := fallback
	f := fault{}
	for deadline := time.Now().Add(wait); time.Now().Before(deadline) && !f.midUpload; time.Sleep(50 * time.Millisecond) {
		for _, src := range c.ledger.slowInFlight(time.Second) {
			if name := c.lb.ServerOf(src); name != "" {
				for _, r := range c.replicas {
					if r.Name == name {
						target, f.midUpload = r, true
					}
				}
				break
			}
		}
	}
	f.what = "SIGKILL " + target.Name
	if f.midUpload {
		f.what += " mid-upload, and restart"
	} else {
		f.what += " (no upload caught), and restart"
	}
	f.at = time.Now()
	target.Proc.Kill()
	time.Sleep(time.Second) // down for a moment: the balancer notices
	if f.err = target.Start(); f.err != nil {
		return f
	}
	if err := c.lb.WaitUp(30 * time.Second); err != nil {
		f.err = fmt.Errorf("the balancer did not take %s back: %w", target.Name, err)
		return f
	}
	f.recovered = time.Since(f.at)
	return f
}

// restartPostgres restarts the database in immediate mode under the load.
func (c *cluster) restartPostgres(ctx context.Context) fault {
	f := fault{what: "PostgreSQL restart (immediate: crash recovery)", at: time.Now()}
	if f.err = c.pg.restart(ctx); f.err != nil {
		return f
	}
	back := time.Now() // a write sent from here on reached the restarted server
	if at, ok := c.ledger.firstWriteAfter(back, 60*time.Second); ok {
		f.recovered = at.Sub(f.at)
	} else {
		f.err = fmt.Errorf("no write succeeded within 60 s of the restart")
	}
	return f
}
