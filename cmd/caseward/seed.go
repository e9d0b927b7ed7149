package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"

	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/seed"
)

// seedCommand handles `caseward seed --cases N`: realistic generated data
// through the real services, for demos and benchmarks.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flagSet("seed", stderr)
	n := fs.Int("cases", 100, "how many cases to generate")
	batch := fs.Int("batch", 200, "cases per transaction")
	workers := fs.Int("workers", 4, "transactions writing case histories at once (PostgreSQL; SQLite has one writer)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the seeding to this file (for go tool pprof)")
	cfg, err := config.Load(fs, args, getenv)
	if err != nil {
		return err
	}
	if *n < 0 || *batch < 1 || *workers < 1 {
		return errors.New("--cases must be 0 or more, --batch and --workers at least 1")
	}
	if cfg.DatabaseURL == "" {
		*workers = 1
	}
	cfg.DBTimeout = 0 // a batch is one long transaction on purpose
	svc, err := openServices(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer svc.db.Close()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close() // nothing was written
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintf(stderr, "cpu profile: %v\n", err)
			}
		}()
	}
	sum, err := seed.Run(ctx, seed.Deps{
		InTx: svc.db.InTx, Users: svc.users, Directory: svc.directory, Cases: svc.cases,
		Restoration: svc.restoration, Evidence: svc.evidence,
	}, seed.Options{Cases: *n, BatchSize: *batch, Workers: *workers, Seed: 1}, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded in %s: %d users, %d departments, %d services, %d cases, %d notes, %d suspensions, %d milestones, %d updates, %d evidence items\n",
		sum.Elapsed.Round(1e6), sum.Users, sum.Departments, sum.Services, sum.Cases, sum.Notes, sum.Suspensions, sum.Milestones, sum.Updates, sum.Evidence)
	fmt.Fprintf(stdout, "every seeded user signs in with the password %s (e.g. responder.0@example.org, head.0@example.org, auditor.0@example.org)\n", strconv.Quote(seed.Password))
	return nil
}
