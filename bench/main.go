// Command bench measures Caseward against a real `caseward serve` on loopback,
// on PostgreSQL and on the embedded SQLite database, prints one table per
// database and writes bench/results.json. `make bench` runs it.
//
// For each database it seeds realistic data once (kept between runs), then
// measures on a copy: a large evidence upload beside `sha256sum`, the streamed
// audit export, and requests/s with latency percentiles for the API's main
// operations under concurrent load, each also as a share of a floor: a bare
// echo handler returning a body the size of a case under the same load, so
// figures compare across machines. On PostgreSQL it then measures a few of
// those scenarios through one, two and three replicas behind HAProxy
// (replicas.go; -only replicas runs that alone).
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

type options struct {
	bin       string
	cases     int
	postgres  string
	sqlite    bool
	conns     int
	duration  time.Duration
	deepPages int
	uploadMiB int
	out       string
	only      string
	notes     int
	live      liveLoad
	// The replicas measurement (-only replicas): its counts, the balancer
	// and the S3 store the replicas share.
	replicas   string
	haproxyBin string
	s3Bin      string
}

func main() {
	var o options
	floorAddr := flag.String("floor", "", "internal: serve the floor handler on this address")
	floorBody := flag.String("floor-body", "", "internal: the floor handler's response body")
	flag.StringVar(&o.bin, "bin", "bin/caseward", "the caseward binary")
	flag.IntVar(&o.cases, "cases", 100_000, "cases to seed (seeded once per size and schema, then copied)")
	flag.StringVar(&o.postgres, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
		"a PostgreSQL server's admin database (the bench creates its own databases); empty skips PostgreSQL")
	flag.BoolVar(&o.sqlite, "sqlite", true, "measure the embedded SQLite database too")
	flag.IntVar(&o.conns, "conns", 32, "concurrent connections of the load")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long each load scenario runs")
	flag.IntVar(&o.deepPages, "deep-pages", 1000, "how deep in the cursor chain the deep page is")
	flag.IntVar(&o.uploadMiB, "upload-mib", 1024, "size of the uploaded evidence file in MiB")
	flag.StringVar(&o.out, "out", "bench/results.json", "where to write the results")
	flag.StringVar(&o.only, "only", "", "run only the load scenarios whose names contain this (and skip the upload and the audit export)")
	flag.IntVar(&o.live.clients, "live-clients", 1000, "event-stream clients the "+liveScenario+" scenario holds open")
	flag.IntVar(&o.live.rate, "live-rate", 100, "notes a second the "+liveScenario+" scenario publishes")
	flag.IntVar(&o.live.events, "live-events", 1000, "notes the "+liveScenario+" scenario publishes")
	flag.IntVar(&o.notes, "notes", 500, "how many notes of 20 000 characters the notes scenario adds to one case")
	flag.StringVar(&o.replicas, "replicas", "1,2,3", "replica counts measured behind HAProxy on PostgreSQL, after one replica straight (-only "+replicasScenario+" runs only this); empty skips")
	flag.StringVar(&o.haproxyBin, "haproxy", "/usr/sbin/haproxy", "HAProxy, the replicas' balancer (Debian's haproxy package)")
	flag.StringVar(&o.s3Bin, "s3-bin", "bin/caseward-test-s3", "the S3-compatible store the replicas share (go build ./cmd/caseward-test-s3)")
	spaRuns := flag.Int("spa-runs", 7, "how many times the "+spaScenario+" scenario (-only "+spaScenario+") opens the list")
	caseExport := flag.Bool("case-export", false, "run only the case export scenario, on fresh empty databases, and add its figures to -out")
	var x caseExportOptions
	flag.IntVar(&x.notes, "case-export-notes", 2000, "notes on the exported case")
	flag.IntVar(&x.noteChars, "case-export-note-chars", 1000, "characters in each note of the exported case")
	flag.IntVar(&x.items, "case-export-items", 1000, "evidence items on the exported case")
	flag.IntVar(&x.runs, "case-export-runs", 10, "how many times the case is exported")
	flag.Parse()
	var err error
	switch {
	case *floorAddr != "":
		err = serveFloor(*floorAddr, *floorBody)
	case *caseExport:
		err = runCaseExport(context.Background(), o, x)
	case o.only == spaScenario:
		err = runSPA(context.Background(), o, *spaRuns)
	case o.only == replicasScenario:
		err = runReplicasOnly(context.Background(), o)
	default:
		err = run(context.Background(), o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// dbResults are one database's figures.
type dbResults struct {
	Database string             `json:"database"`
	Upload   map[string]float64 `json:"evidence_upload"`
	Export   map[string]float64 `json:"audit_export"`
	Load     []loadResult       `json:"load"`
	Notes    map[string]float64 `json:"notes_on_one_case,omitempty"`
	Figures  map[string]float64 `json:"figures_page,omitempty"`
	Outbox   map[string]float64 `json:"outbox,omitempty"`
	Live     map[string]float64 `json:"live_event_stream,omitempty"`
}

func run(ctx context.Context, o options) error {
	counts, err := parseCounts(o.replicas)
	if err != nil {
		return err
	}
	if o.postgres == "" || o.only != "" {
		counts = nil // the replicas run on PostgreSQL, in a full run or alone (-only replicas)
	}
	if len(counts) > 0 {
		if err := checkReplicaTools(o); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "caseward-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }() // a temporary folder: best effort
	file, digest, sha256sumSecs, err := uploadFile(dir, int64(o.uploadMiB)<<20)
	if err != nil {
		return err
	}
	up := upload{path: file, digest: digest, mib: float64(o.uploadMiB), sha256sumSecs: sha256sumSecs}

	var all []dbResults
	var replicas *replicasResults
	if o.postgres != "" {
		template, err := postgresTemplate(ctx, o.bin, o.postgres, o.cases)
		if err != nil {
			return err
		}
		url, drop, err := copyTemplate(ctx, o.postgres, template)
		if err != nil {
			return err
		}
		r, err := measure(o, "postgres", filepath.Join(dir, "pg"), up, "DATABASE_URL="+url)
		drop()
		if err != nil {
			return err
		}
		all = append(all, r)
		if len(counts) > 0 {
			if replicas, err = measureReplicas(ctx, o, template, counts); err != nil {
				return err
			}
		}
	}
	if o.sqlite {
		data := filepath.Join(dir, "sqlite")
		if err := sqliteData(o.bin, o.cases, data); err != nil {
			return err
		}
		r, err := measure(o, "sqlite", data, up, "DATABASE_URL=")
		if err != nil {
			return err
		}
		all = append(all, r)
	}
	for _, r := range all {
		printResults(o, r)
	}
	if replicas != nil {
		printReplicas(replicas)
	}
	if o.only != "" {
		// A partial run adds what it measured to the file and keeps the rest.
		return mergePartial(o.out, all)
	}
	out := map[string]any{
		"measured_at": time.Now().UTC(), "cpus": runtime.NumCPU(), "cases": o.cases, "conns": o.conns,
		"seconds_per_scenario": o.duration.Seconds(), "results": all,
	}
	if replicas != nil {
		out[replicasScenario] = replicas
	}
	// The case export and browser scenarios run on their own (-case-export,
	// -only spa-list-speed): keep their figures, and the replicas' when this
	// run skipped them.
	var old map[string]json.RawMessage
	if b, err := os.ReadFile(o.out); err == nil && json.Unmarshal(b, &old) == nil {
		for _, key := range []string{"case_export_pdf", spaScenario, replicasScenario} {
			if old[key] != nil && out[key] == nil {
				out[key] = old[key]
			}
		}
	}
	return writeResults(o.out, out)
}

// measure runs everything against one database.
func measure(o options, name, dataDir string, up upload, env ...string) (dbResults, error) {
	r := dbResults{Database: name}
	fmt.Fprintf(os.Stderr, "measuring %s\n", name)
	// Write out what preparing left in the page cache (the upload file, the
	// copied data) so that it does not compete with the measurements.
	syscall.Sync()
	srv, err := startServer(o.bin, dataDir, env...)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	// Memory first, on a fresh server, before the load raises the high-water mark.
	if o.only == "" {
		if r.Upload, err = up.measure(srv, dataDir); err != nil {
			return r, err
		}
		if r.Export, err = measureAuditExport(srv); err != nil {
			return r, err
		}
	}
	f, err := prepare(srv, o.deepPages, o.conns)
	if err != nil {
		return r, err
	}
	if strings.Contains(statusScenario, o.only) {
		if err := prepareStatus(srv, f.departmentID, envValue(env, "DATABASE_URL"), dataDir); err != nil {
			return r, err
		}
		f.statusReady = true
	}
	f.dbURL, f.dataDir = envValue(env, "DATABASE_URL"), dataDir
	bodyFile := filepath.Join(dataDir, "floor-body.json")
	res, err := call{method: http.MethodGet, url: srv.api + "/cases/" + f.caseIDs[0], token: f.responder}.do(http.DefaultClient)
	if err != nil {
		return r, err
	}
	if err := os.WriteFile(bodyFile, res.body, 0o644); err != nil {
		return r, err
	}
	floor, err := startFloor(bodyFile)
	if err != nil {
		return r, err
	}
	defer floor.stop()
	r.Load = loadAll(srv, f, floor.url, o.conns, o.duration, o.only)
	if strings.Contains(notesScenario, o.only) {
		if r.Notes, err = measureNotes(srv, f.responder, o.notes); err != nil {
			return r, err
		}
	}
	if strings.Contains(figuresScenario, o.only) {
		if r.Figures, err = measureFigures(srv); err != nil {
			return r, err
		}
	}
	if dbURL := envValue(env, "DATABASE_URL"); dbURL != "" && strings.Contains(outboxScenario, o.only) {
		if r.Outbox, err = measureOutbox(srv, f.responder, dbURL, o.conns, o.duration); err != nil {
			return r, err
		}
	}
	if strings.Contains(liveScenario, o.only) {
		if r.Live, err = measureLive(srv, f.responder, o.live); err != nil {
			return r, err
		}
	}
	return r, nil
}

// upload is the evidence file every database receives.
type upload struct {
	path, digest  string
	mib           float64
	sha256sumSecs float64
}

func uploadFile(dir string, size int64) (path, digest string, secs float64, err error) {
	path = filepath.Join(dir, "upload.bin")
	f, err := os.Create(path)
	if err != nil {
		return "", "", 0, err
	}
	if _, err = io.CopyN(f, rand.Reader, size); err == nil {
		err = f.Close()
	}
	if err != nil {
		return "", "", 0, err
	}
	// The best of three: the first run may share the disk with the file's
	// writeback.
	for range 3 {
		start := time.Now()
		sum, err := exec.Command("sha256sum", path).Output()
		if err != nil {
			return "", "", 0, fmt.Errorf("sha256sum: %w", err)
		}
		if took := time.Since(start).Seconds(); secs == 0 || took < secs {
			secs = took
		}
		digest = strings.Fields(string(sum))[0]
	}
	return path, digest, secs, nil
}

// diskWriteSecs times writing a copy of the file into dir and syncing it: the
// disk's part of storing evidence, which no upload can beat.
func diskWriteSecs(path, dir string) (float64, error) {
	src, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer func() { _ = src.Close() }() // only read
	dst, err := os.CreateTemp(dir, "disk-write-*")
	if err != nil {
		return 0, err
	}
	defer func() { _ = os.Remove(dst.Name()) }() // a temporary file: best effort
	start := time.Now()
	if _, err = io.Copy(dst, src); err == nil {
		err = dst.Sync()
	}
	secs := time.Since(start).Seconds()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return secs, err
}

func (u upload) measure(srv *server, dataDir string) (map[string]float64, error) {
	diskSecs, err := diskWriteSecs(u.path, dataDir)
	if err != nil {
		return nil, fmt.Errorf("disk write: %w", err)
	}
	token, err := srv.login("responder.1@example.org")
	if err != nil {
		return nil, err
	}
	caseID, _, err := srv.createCase(token, "Benchmark upload")
	if err != nil {
		return nil, err
	}
	before := srv.peakRSS()
	start := time.Now()
	if err := srv.upload(token, caseID, u.path, u.digest); err != nil {
		return nil, err
	}
	secs := time.Since(start).Seconds()
	return map[string]float64{
		"size_mib": u.mib, "upload_mib_per_s": u.mib / secs, "sha256sum_mib_per_s": u.mib / u.sha256sumSecs,
		"ratio_to_sha256sum": u.sha256sumSecs / secs, "peak_rss_growth_mib": mib(srv.peakRSS() - before),
		"disk_write_sync_mib_per_s": u.mib / diskSecs, "ratio_to_disk_write_sync": diskSecs / secs,
	}, nil
}

func measureAuditExport(srv *server) (map[string]float64, error) {
	token, err := srv.login("auditor.1@example.org")
	if err != nil {
		return nil, err
	}
	before := srv.peakRSS()
	start := time.Now()
	rows, err := srv.exportAudit(token)
	if err != nil {
		return nil, err
	}
	secs := time.Since(start).Seconds()
	return map[string]float64{"rows": float64(rows), "rows_per_s": float64(rows) / secs, "peak_rss_growth_mib": mib(srv.peakRSS() - before)}, nil
}

func mib(bytes int64) float64 { return float64(max(bytes, 0)) / (1 << 20) }

func printResults(o options, r dbResults) {
	fmt.Printf("\n%s: %d cases seeded, %d connections, %s per scenario\n", r.Database, o.cases, o.conns, o.duration)
	fmt.Printf("%-32s %9s %8s %8s %8s %8s %7s  %s\n", "scenario", "req/s", "×floor", "p50 ms", "p95 ms", "p99 ms", "errors", "target")
	for _, l := range r.Load {
		verdict := ""
		if l.TargetMet != nil {
			verdict = map[bool]string{true: "met: ", false: "MISSED: "}[*l.TargetMet] + l.Target
		}
		fmt.Printf("%-32s %9.0f %8.3f %8.2f %8.2f %8.2f %7d  %s\n", l.Name, l.PerSecond, l.RatioToFloor, l.P50, l.P95, l.P99, l.Errors, verdict)
	}
	if u, e := r.Upload, r.Export; u != nil && e != nil {
		fmt.Printf("%-32s %9.0f MiB/s, sha256sum %.0f MiB/s (%.0f%%, target ≥ 70%%), peak RSS +%.1f MiB (target < 32)\n",
			"evidence upload", u["upload_mib_per_s"], u["sha256sum_mib_per_s"], u["ratio_to_sha256sum"]*100, u["peak_rss_growth_mib"])
		fmt.Printf("%-32s %9.0f MiB/s: the upload is %.0f%% of it\n",
			"  disk: copy the file, fsync", u["disk_write_sync_mib_per_s"], u["ratio_to_disk_write_sync"]*100)
		fmt.Printf("%-32s %9.0f rows/s over %.0f rows (target ≥ 100 000), peak RSS +%.1f MiB (target < 50)\n",
			"audit export (jsonl)", e["rows_per_s"], e["rows"], e["peak_rss_growth_mib"])
	}
	printNotes(r.Notes)
	printFigures(r.Figures)
	printOutbox(r.Outbox)
	printLive(r.Live)
	for _, l := range r.Load {
		if l.FirstErr != "" {
			fmt.Printf("first error of %s: %s\n", l.Name, l.FirstErr)
		}
	}
}

// envValue is the value of name in env (NAME=value entries), or "".
func envValue(env []string, name string) string {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, name+"="); ok {
			return v
		}
	}
	return ""
}

// mergePartial adds the figures of a partial run (-only) to the results file
// at path: each database's measured sections replace the file's, its load
// scenarios replace those of the same name, and everything it did not
// measure stays as it was. The file is read as raw JSON, so that what other
// runs wrote into it (a section's measured_at) stays too.
func mergePartial(path string, measured []dbResults) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("a partial run (-only) adds to %s, which must exist: %w", path, err)
	}
	var file map[string]json.RawMessage
	var results []map[string]json.RawMessage
	if err := json.Unmarshal(b, &file); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if err := json.Unmarshal(file["results"], &results); err != nil {
		return fmt.Errorf("read the results in %s: %w", path, err)
	}
	for _, m := range measured {
		var fresh map[string]json.RawMessage
		if err := remarshal(m, &fresh); err != nil {
			return err
		}
		i := slices.IndexFunc(results, func(r map[string]json.RawMessage) bool { return string(r["database"]) == string(fresh["database"]) })
		if i < 0 {
			results = append(results, fresh)
			continue
		}
		if err := mergeDB(results[i], fresh); err != nil {
			return err
		}
	}
	v, err := json.Marshal(results)
	if err != nil {
		return err
	}
	file["results"] = v
	return writeResults(path, file)
}

// mergeDB sets in old the sections fresh measured, and its load scenarios by name.
func mergeDB(old, fresh map[string]json.RawMessage) error {
	for key, v := range fresh {
		if key != "load" && string(v) != "null" {
			old[key] = v
		}
	}
	var load, measured []map[string]json.RawMessage
	if err := json.Unmarshal(old["load"], &load); err != nil {
		return fmt.Errorf("read the load scenarios: %w", err)
	}
	if err := json.Unmarshal(fresh["load"], &measured); err != nil {
		return fmt.Errorf("read the measured load scenarios: %w", err)
	}
	for _, l := range measured {
		if i := slices.IndexFunc(load, func(o map[string]json.RawMessage) bool { return string(o["name"]) == string(l["name"]) }); i >= 0 {
			load[i] = l
		} else {
			load = append(load, l)
		}
	}
	v, err := json.Marshal(load)
	old["load"] = v
	return err
}

// remarshal converts v to out through JSON.
func remarshal(v, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
