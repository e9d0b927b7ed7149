package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	cfg, err := config.Load(fs, args, getenv)
	if err != nil {
		return err
	}
	if *n < 0 || *batch < 1 {
		return errors.New("--cases must be 0 or more and --batch at least 1")
	}
	svc, err := openServices(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer svc.db.Close()
	sum, err := seed.Run(ctx, seed.Deps{
		InTx: svc.db.InTx, Users: svc.users, Directory: svc.directory, Cases: svc.cases,
		Restoration: svc.restoration, Evidence: svc.evidence,
	}, seed.Options{Cases: *n, BatchSize: *batch, Seed: 1}, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded in %s: %d users, %d departments, %d services, %d cases, %d notes, %d suspensions, %d milestones, %d evidence items\n",
		sum.Elapsed.Round(1e6), sum.Users, sum.Departments, sum.Services, sum.Cases, sum.Notes, sum.Suspensions, sum.Milestones, sum.Evidence)
	fmt.Fprintf(stdout, "every seeded user signs in with the password %s (e.g. responder.0@example.org, head.0@example.org, auditor.0@example.org)\n", strconv.Quote(seed.Password))
	return nil
}
