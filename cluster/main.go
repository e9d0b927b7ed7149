// Command cluster runs Caseward as a cluster on this machine and breaks it
// under load: a fresh PostgreSQL of its own, an S3-compatible store
// (caseward-test-s3), three `caseward serve` replicas started at the same
// moment (so that their migrations race) and HAProxy in front of them. Mixed
// load goes through the balancer while a replica is killed with SIGKILL
// mid-upload and started again, and PostgreSQL is restarted. Then it checks
// that every write answered 2xx is there exactly once, the audit chain and
// the evidence verify with no stored file left over, a user disabled through
// one replica is refused by all within a second, and sign-in throttling and
// rate limits hold across replicas as documented. `make cluster-test` runs
// the full profile, `make test` the short one (-short); it prints a report and
// exits 1 when a check fails. docker-compose.yml describes the same topology.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// options are the command line's.
type options struct {
	bin, s3Bin, haproxyBin, pgBin string
	replicas, workers             int
	duration                      time.Duration
	kills, pgRestarts             int
	profile                       string
	keep                          bool
}

func main() {
	var o options
	short := flag.Bool("short", false, "the short profile (make test): fewer workers, one fault of each kind, under two minutes")
	flag.StringVar(&o.bin, "bin", "bin/caseward", "the caseward binary")
	flag.StringVar(&o.s3Bin, "s3-bin", "bin/caseward-test-s3", "the S3-compatible store (go build ./cmd/caseward-test-s3)")
	flag.StringVar(&o.haproxyBin, "haproxy", "/usr/sbin/haproxy", "HAProxy (Debian's haproxy package)")
	flag.StringVar(&o.pgBin, "pg-bin", "/usr/lib/postgresql/15/bin", "folder of PostgreSQL's initdb, pg_ctl and postgres")
	flag.IntVar(&o.replicas, "replicas", 3, "caseward serve replicas behind the balancer")
	flag.BoolVar(&o.keep, "keep", false, "keep the run's folder (logs, configuration, database) instead of removing it")
	workers := flag.Int("workers", 0, "concurrent clients of the load, besides one slow uploader (0: the profile's)")
	duration := flag.Duration("duration", 0, "how long the load runs at least (0: the profile's)")
	flag.Parse()
	o.profile, o.workers, o.duration, o.kills, o.pgRestarts = "full", 8, 150*time.Second, 3, 2
	if *short {
		o.profile, o.workers, o.duration, o.kills, o.pgRestarts = "short", 4, 30*time.Second, 1, 1
	}
	if *workers > 0 {
		o.workers = *workers
	}
	if *duration > 0 {
		o.duration = *duration
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}
