package main

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caseward/caseward/internal/testcluster"
)

// run starts the cluster, loads and breaks it, checks it and reports; ok is
// false when a check failed, err when the cluster could not be run at all.
func run(ctx context.Context, o options) (ok bool, err error) {
	began := time.Now()
	dir, err := os.MkdirTemp("", "caseward-cluster-")
	if err != nil {
		return false, err
	}
	c := &cluster{ledger: newLedger()}
	var s3 *testcluster.Proc // stopped at the end, after the balancer and the replicas
	defer func() {
		if c.lb != nil {
			c.lb.Proc.Stop(5 * time.Second)
		}
		testcluster.Stop(c.replicas, 10*time.Second)
		if s3 != nil {
			s3.Stop(5 * time.Second)
		}
		if c.pg != nil {
			c.pg.stop()
		}
		if o.keep || !ok {
			fmt.Printf("the run's folder (logs, configuration, database) is kept: %s\n", dir)
			for _, r := range c.replicas {
				if r.Proc == nil {
					continue
				}
				_ = os.WriteFile(filepath.Join(dir, r.Name+".log"), []byte(r.Proc.Output()), 0o600)
			}
			return
		}
		_ = os.RemoveAll(dir)
	}()

	if c.pg, err = startPostgres(ctx, o.pgBin, dir, o.replicas); err != nil {
		return false, err
	}
	if s3, c.blobURL, err = testcluster.StartS3(o.s3Bin); err != nil {
		return false, err
	}
	env := replicaEnv(c.pg.URL(), c.blobURL)

	// Every replica at once on the fresh database: their migrations race.
	if c.replicas, err = testcluster.NewReplicas(o.bin, dir, o.replicas, env); err != nil {
		return false, err
	}
	startedAt := time.Now()
	var checks []check
	raceErr := errors.Join(testcluster.StartAll(c.replicas)...)
	db, err := c.pg.open()
	if err != nil {
		return false, err
	}
	defer db.Close()
	if raceErr == nil {
		raceErr = migratedOnce(ctx, db)
	}
	checks = append(checks, check{fmt.Sprintf("%d replicas started at once on a fresh database (%s); each migration applied once", o.replicas, time.Since(startedAt).Round(100*time.Millisecond)), raceErr})
	if raceErr != nil {
		return report(o, c, checks, nil, began), nil
	}
	if c.lb, err = testcluster.StartHAProxy(o.haproxyBin, dir, testcluster.Servers(c.replicas)); err != nil {
		return false, err
	}

	// The users: an admin and one responder per worker, each at an address of its own.
	admin := newClient(c.lb.URL(), "127.0.0.2")
	if err := until(30*time.Second, 200*time.Millisecond, func() error { return admin.signIn(ctx, "admin@localhost", adminPassword) }); err != nil {
		return false, err
	}
	workers := make([]*worker, o.workers+1)
	var clients []*client
	for i := range workers {
		email, password := fmt.Sprintf("worker%d@cluster.test", i), "cluster worker password "+strconv.Itoa(i)
		if _, err := newUser(ctx, admin, email, "responder", password); err != nil {
			return false, err
		}
		cl := newClient(c.lb.URL(), fmt.Sprintf("127.0.0.%d", 10+i))
		if err := cl.signIn(ctx, email, password); err != nil {
			return false, err
		}
		clients = append(clients, cl)
		workers[i] = &worker{c: cl, ledger: c.ledger, rng: mrand.New(mrand.NewPCG(uint64(i), uint64(began.UnixNano())))}
	}
	for range 5 {
		workers[0].createCase(ctx)
	}

	faults := c.load(ctx, o, workers)

	// The cluster must be whole again, then everything is checked.
	if err := c.lb.WaitUp(60 * time.Second); err != nil {
		return false, err
	}
	writes, _, _ := c.ledger.snapshot()
	checks = append(checks, c.verify(ctx, o, db, admin, writes, clients)...)
	return report(o, c, checks, faults, began), nil
}

// load runs the workers through the profile's duration while the faults
// are injected one after the other, and returns the faults.
func (c *cluster) load(ctx context.Context, o options, workers []*worker) []fault {
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i, w := range workers {
		if i == len(workers)-1 {
			wg.Go(func() { w.slowUploads(ctx, &stop) })
		} else {
			wg.Go(func() { w.run(ctx, &stop) })
		}
	}
	// Kills and restarts of PostgreSQL alternate, spread over the first
	// three quarters: the load goes on after the last.
	var plan []string
	for k, p := o.kills, o.pgRestarts; k+p > 0; k, p = k-1, p-1 {
		if k > 0 {
			plan = append(plan, "kill")
		}
		if p > 0 {
			plan = append(plan, "postgres")
		}
	}
	start := time.Now()
	var faults []fault
	kills := 0
	for i, what := range plan {
		time.Sleep(time.Until(start.Add(o.duration * time.Duration(i+1) * 3 / time.Duration(4*(len(plan)+1)))))
		if ctx.Err() != nil {
			break
		}
		var f fault
		if what == "kill" {
			f = c.killMidUpload(ctx, c.replicas[kills%len(c.replicas)], 15*time.Second)
			kills++
		} else {
			f = c.restartPostgres(ctx)
		}
		fmt.Printf("  %6.1fs  %s\n", time.Since(start).Seconds(), f)
		faults = append(faults, f)
	}
	time.Sleep(time.Until(start.Add(o.duration)))
	stop.Store(true)
	wg.Wait()
	return faults
}
