package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/caseward/caseward/internal/config"
)

// replicaExtraConns are the PostgreSQL connections a replica opens besides
// its request pool: deliveries 4, leader 1, listener 1 (docs/operations.md).
const replicaExtraConns = 6

// connHeadroom are PostgreSQL connections left for everyone else while the
// replicas run: the bench's own, psql, other work on a shared server.
const connHeadroom = 10

// parseCounts reads -replicas: ascending replica counts from 1 to 9.
func parseCounts(s string) ([]int, error) {
	var counts []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 9 || len(counts) > 0 && n <= counts[len(counts)-1] {
			return nil, fmt.Errorf("-replicas: want ascending counts from 1 to 9 such as 1,2,3, got %q", s)
		}
		counts = append(counts, n)
	}
	return counts, nil
}

// poolSize is the request pool each of n replicas gets so that they all fit
// in free PostgreSQL connections: never more than a replica's default (so
// that one or two replicas measure as deployed), and at least 4.
func poolSize(free, n int) (int, error) {
	per := free/n - replicaExtraConns
	if per < 4 {
		return 0, fmt.Errorf("PostgreSQL has %d connections free: too few for %d replicas of %d + %d each", free, n, 4, replicaExtraConns)
	}
	return min(per, config.DefaultDBMaxConns), nil
}

// postgresConns are what PostgreSQL allows and holds at the start.
type postgresConns struct {
	max, reserved, inUse int
	postmaster           int // its process on this machine, 0 if not found
}

func readPostgresConns(ctx context.Context, adminURL string) (postgresConns, error) {
	var pg postgresConns
	db, err := sql.Open("pgx", adminURL)
	if err != nil {
		return pg, err
	}
	defer db.Close()
	var backend int
	for q, dst := range map[string]*int{
		"SHOW max_connections": &pg.max, "SHOW superuser_reserved_connections": &pg.reserved,
		"SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'": &pg.inUse,
		"SELECT pg_backend_pid()": &backend,
	} {
		if err := db.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return pg, fmt.Errorf("%s: %w", q, err)
		}
	}
	pg.postmaster = parentPID(backend)
	return pg, nil
}

// checkReplicaTools fails at once, before anything is measured, when the
// balancer or the S3 store is missing.
func checkReplicaTools(o options) error {
	for _, bin := range []string{o.haproxyBin, o.s3Bin} {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("the replicas measurement needs %s (apt-get install -y haproxy; go build -o bin/caseward-test-s3 ./cmd/caseward-test-s3), or -replicas '' to skip it: %w", bin, err)
		}
	}
	return nil
}

// postgresPIDs are the PostgreSQL processes that work for the run's
// database: its backends (and their autovacuum and parallel workers), and
// the server's own, which belong to no database (the postmaster, the WAL
// writer, the checkpointer…). Other databases' processes are another's work
// on a shared server, left to "other".
func (b *replicaBench) postgresPIDs(ctx context.Context, dbURL string) []int {
	out := []int{b.pg.postmaster}
	rows, err := b.admin.QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = $1 OR datname IS NULL", dbName(dbURL))
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			out = append(out, pid)
		}
	}
	return out
}
