package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/caseward/caseward/internal/testcluster"
)

// replicasScenario is the name -only takes for the measurement of replicas
// behind the balancer, and its key in the results file.
const replicasScenario = "replicas"

// replicaScenarios are the load scenarios measured through the balancer: a
// read of one row, a list, the two writes (a creation shares its
// transaction with concurrent ones, a change takes one of its own) and the
// public page each replica renders from its own cache.
var replicaScenarios = []string{"get case", firstPage, "create case", "patch case", statusScenario}

// replicasResults are the figures of one replicas measurement.
type replicasResults struct {
	MeasuredAt     time.Time    `json:"measured_at"`
	Cases          int          `json:"cases"`
	Conns          int          `json:"conns"`
	Seconds        float64      `json:"seconds_per_scenario"`
	CPUs           int          `json:"cpus"`
	MaxConnections int          `json:"postgres_max_connections"`
	InUseAtStart   int          `json:"postgres_connections_in_use_at_start"`
	EvidenceStore  string       `json:"evidence_store"`
	Runs           []replicaRun `json:"runs"`
}

// replicaRun is one configuration: n replicas, straight or behind HAProxy.
type replicaRun struct {
	Replicas      int           `json:"replicas"`
	BehindHAProxy bool          `json:"behind_haproxy"`
	PoolSize      int           `json:"request_pool_per_replica"`
	Load          []replicaLoad `json:"load"`
}

// replicaLoad is a scenario's figures, the cores each part used meanwhile
// (warm-up included) and what the database's backends were doing (after
// the warm-up: backendStates).
type replicaLoad struct {
	loadResult
	CPU      map[string]float64 `json:"cpu_cores,omitempty"`
	Backends map[string]float64 `json:"postgres_backends,omitempty"`
}

func (r replicaRun) label() string {
	if !r.BehindHAProxy {
		return fmt.Sprintf("%d replica, direct", r.Replicas)
	}
	return fmt.Sprintf("%d behind HAProxy", r.Replicas)
}

// runReplicasOnly is -only replicas: the measurement alone, added to -out.
func runReplicasOnly(ctx context.Context, o options) error {
	counts, err := parseCounts(o.replicas)
	if err != nil {
		return err
	}
	if o.postgres == "" || len(counts) == 0 {
		return fmt.Errorf("-only %s needs -postgres and -replicas", replicasScenario)
	}
	if err := checkReplicaTools(o); err != nil {
		return err
	}
	template, err := postgresTemplate(ctx, o.bin, o.postgres, o.cases)
	if err != nil {
		return err
	}
	r, err := measureReplicas(ctx, o, template, counts)
	if err != nil {
		return err
	}
	printReplicas(r)
	return mergeResults(o.out, replicasScenario, r)
}

// replicaBench is what the runs of one measurement share.
type replicaBench struct {
	o        options
	template string // the seeded PostgreSQL template database, copied for each run
	blobURL  string // the S3 store every replica of every run writes evidence to
	dir      string
	free     int // PostgreSQL connections the replicas may take
	pg       postgresConns
	admin    *sql.DB // to find the PostgreSQL processes that work for a run
	floor    *floorProcess
	floorLB  *testcluster.HAProxy // the balancer in front of the floor alone
}

// measureReplicas measures one replica straight, then counts replicas behind
// HAProxy, each run on a fresh copy of the seeded database, sharing one S3
// store as a cluster does (no scenario uploads).
func measureReplicas(ctx context.Context, o options, template string, counts []int) (*replicasResults, error) {
	fmt.Fprintf(os.Stderr, "measuring replicas behind HAProxy: %v\n", counts)
	b := &replicaBench{o: o, template: template}
	var err error
	if b.pg, err = readPostgresConns(ctx, o.postgres); err != nil {
		return nil, err
	}
	b.free = b.pg.max - b.pg.reserved - b.pg.inUse - connHeadroom
	if b.admin, err = sql.Open("pgx", o.postgres); err != nil {
		return nil, err
	}
	defer b.admin.Close()
	if b.dir, err = os.MkdirTemp("", "caseward-bench-replicas-"); err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(b.dir) }() // a temporary folder: best effort
	s3, blobURL, err := testcluster.StartS3(o.s3Bin)
	if err != nil {
		return nil, err
	}
	defer s3.Stop(5 * time.Second)
	b.blobURL = blobURL
	defer b.stopFloor()
	res := &replicasResults{MeasuredAt: time.Now().UTC(), Cases: o.cases, Conns: o.conns, Seconds: o.duration.Seconds(),
		CPUs: runtime.NumCPU(), MaxConnections: b.pg.max, InUseAtStart: b.pg.inUse,
		EvidenceStore: "caseward-test-s3 (S3 in memory), shared by every replica; no scenario here uploads"}
	runs := []replicaRun{{Replicas: 1}}
	for _, n := range counts {
		runs = append(runs, replicaRun{Replicas: n, BehindHAProxy: true})
	}
	for i, run := range runs {
		if run, err = b.measure(ctx, i, run); err != nil {
			return nil, fmt.Errorf("%s: %w", run.label(), err)
		}
		res.Runs = append(res.Runs, run)
	}
	return res, nil
}

// measure starts the run's replicas (and balancer) on a fresh copy of the
// data and runs the floors and the scenarios through them.
func (b *replicaBench) measure(ctx context.Context, i int, run replicaRun) (replicaRun, error) {
	var err error
	if run.PoolSize, err = poolSize(b.free, run.Replicas); err != nil {
		return run, err
	}
	fmt.Fprintf(os.Stderr, " %s (request pool %d each)\n", run.label(), run.PoolSize)
	dbURL, drop, err := copyTemplate(ctx, b.o.postgres, b.template)
	if err != nil {
		return run, err
	}
	defer drop()
	dir := filepath.Join(b.dir, "run"+strconv.Itoa(i))
	env := append(append(testcluster.ReplicaEnv(dbURL, b.blobURL), serverEnv...), "CASEWARD_DB_MAX_CONNS="+strconv.Itoa(run.PoolSize))
	replicas, err := testcluster.NewReplicas(b.o.bin, dir, run.Replicas, env)
	if err != nil {
		return run, err
	}
	defer testcluster.Stop(replicas, 10*time.Second)
	if err := errors.Join(testcluster.StartAll(replicas)...); err != nil {
		return run, err
	}
	target, lbPID := replicas[0].URL(), 0
	if run.BehindHAProxy {
		lb, err := testcluster.StartHAProxy(b.o.haproxyBin, dir, testcluster.Servers(replicas))
		if err != nil {
			return run, err
		}
		defer lb.Proc.Stop(5 * time.Second)
		target, lbPID = lb.URL(), lb.Proc.Pid()
	}
	srv := &server{base: target, api: target + "/api/v1"}
	f, err := prepare(srv, b.o.deepPages, b.o.conns)
	if err != nil {
		return run, err
	}
	if err := prepareStatus(srv, f.departmentID, dbURL, ""); err != nil {
		return run, err
	}
	f.statusReady = true
	if err := b.startFloor(srv, f); err != nil {
		return run, err
	}
	syscall.Sync()
	meter := cpuMeter{
		{"replicas", func() []int { return pids(replicas) }},
		{"haproxy", func() []int { return []int{lbPID, b.floorLB.Proc.Pid()} }},
		{"postgres", func() []int { return b.postgresPIDs(ctx, dbURL) }},
		{"floor", func() []int { return []int{b.floor.cmd.Process.Pid} }},
		{"load generator", func() []int { return []int{os.Getpid()} }},
	}
	client := newClient(b.o.conns)
	load := func(name string, newWorker func(int) worker) replicaLoad {
		before := meter.sample()
		sctx, stop := context.WithCancel(ctx)
		backends := sampleBackends(sctx, b.admin, dbName(dbURL), b.o.duration/5)
		st := runLoad(client, b.o.conns, b.o.duration, newWorker)
		stop()
		l := replicaLoad{loadResult: loadResult{Name: name, stats: st}, CPU: meter.cores(before, meter.sample()), Backends: <-backends}
		fmt.Fprintf(os.Stderr, "  %s: %.0f/s\n", name, st.PerSecond)
		return l
	}
	get := func(url string) func(int) worker {
		return func(int) worker {
			return worker{next: func(int) call { return call{method: http.MethodGet, url: url} }}
		}
	}
	run.Load = append(run.Load, load("floor: bare echo handler", get(b.floor.url)))
	if run.BehindHAProxy {
		run.Load = append(run.Load, load("floor: bare echo handler behind HAProxy", get(b.floorLB.URL()+"/case")))
	}
	for _, sc := range f.scenarios(srv) {
		if slices.Contains(replicaScenarios, sc.name) {
			run.Load = append(run.Load, load(sc.name, sc.worker))
		}
	}
	for i := range run.Load {
		run.Load[i].RatioToFloor = run.Load[i].PerSecond / run.Load[0].PerSecond
	}
	return run, nil
}

// startFloor starts the floor and a balancer in front of it alone, once: the
// floor's body is a case as the first run's server answers it.
func (b *replicaBench) startFloor(srv *server, f *fixture) error {
	if b.floor != nil {
		return nil
	}
	res, err := call{method: http.MethodGet, url: srv.api + "/cases/" + f.caseIDs[0], token: f.responder}.do(newClient(1))
	if err != nil {
		return err
	}
	bodyFile := filepath.Join(b.dir, "floor-body.json")
	if err := os.WriteFile(bodyFile, res.body, 0o644); err != nil {
		return err
	}
	if b.floor, err = startFloor(bodyFile); err != nil {
		return err
	}
	dir := filepath.Join(b.dir, "floor")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	b.floorLB, err = testcluster.StartHAProxy(b.o.haproxyBin, dir, []testcluster.Server{{Name: "floor", Addr: b.floor.addr}})
	return err
}

func (b *replicaBench) stopFloor() {
	if b.floorLB != nil {
		b.floorLB.Proc.Stop(5 * time.Second)
	}
	if b.floor != nil {
		b.floor.stop()
	}
}

func pids(replicas []*testcluster.Replica) []int {
	var out []int
	for _, r := range replicas {
		out = append(out, r.Proc.Pid())
	}
	return out
}
