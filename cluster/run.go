package main

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
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
	var procs []*proc // stopped at the end, the balancer first
	defer func() {
		if c.lb != nil {
			c.lb.proc.stop(5 * time.Second)
		}
		for _, r := range c.replicas {
			if r.proc != nil {
				r.proc.stop(10 * time.Second)
			}
		}
		for _, p := range procs {
			p.stop(5 * time.Second)
		}
		if c.pg != nil {
			c.pg.stop()
		}
		if o.keep || !ok {
			fmt.Printf("the run's folder (logs, configuration, database) is kept: %s\n", dir)
			for _, r := range c.replicas {
				if r.proc == nil {
					continue
				}
				_ = os.WriteFile(filepath.Join(dir, r.name+".log"), []byte(r.proc.out.String()), 0o600)
			}
			return
		}
		_ = os.RemoveAll(dir)
	}()

	if c.pg, err = startPostgres(ctx, o.pgBin, dir, o.replicas); err != nil {
		return false, err
	}
	s3, blobURL, err := startProc("caseward-test-s3", exec.Command(o.s3Bin, "-addr", "127.0.0.1:0"), regexp.MustCompile(`serving on (s3://\S+)`), 30*time.Second)
	if err != nil {
		return false, err
	}
	procs = append(procs, s3)
	c.blobURL = blobURL
	env := replicaEnv(c.pg.URL(), blobURL)

	// Every replica at once on the fresh database: their migrations race.
	startedAt := time.Now()
	for i := range o.replicas {
		r, err := newReplica(o.bin, dir, i, env)
		if err != nil {
			return false, err
		}
		c.replicas = append(c.replicas, r)
	}
	startErrs := make([]error, o.replicas)
	var wg sync.WaitGroup
	for i, r := range c.replicas {
		wg.Go(func() { startErrs[i] = r.start() })
	}
	wg.Wait()
	var checks []check
	raceErr := firstError(startErrs)
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
	if c.lb, err = startHAProxy(o.haproxyBin, dir, c.replicas); err != nil {
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
	if err := until(60*time.Second, 200*time.Millisecond, func() error {
		if up, err := c.lb.serversUp(); err != nil {
			return fmt.Errorf("ask the balancer: %w", err)
		} else if up != len(c.replicas) {
			return fmt.Errorf("the balancer sees %d of %d replicas up", up, len(c.replicas))
		}
		return nil
	}); err != nil {
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

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
