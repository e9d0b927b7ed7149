package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// spaScenario is the name -only takes for the cases list in a browser. It
// runs alone: `go run ./bench -bin bin/caseward -cases 100000 -only spa-list-speed`.
const spaScenario = "spa-list-speed"

// Targets of issue 20: the first row within 1 s of navigation, no main-thread
// task over 200 ms, at most 300 KB of JavaScript (gzipped) before the first row.
const (
	spaTargetFirstRowMs = 1000
	spaTargetLongTaskMs = 200
	spaTargetJSBytes    = 300_000
)

// spaFigures are what frontend/bench/listspeed.mjs prints for one way of
// reaching the list (a page load of /cases, or a click in the navigation).
type spaFigures struct {
	Runs                  int       `json:"runs"`
	FirstRowMsMedian      float64   `json:"first_row_ms_median"`
	FirstRowMsMax         float64   `json:"first_row_ms_max"`
	LongTaskMaxMsMedian   float64   `json:"long_task_max_ms_median"`
	LongTaskMaxMsMax      float64   `json:"long_task_max_ms_max"`
	LongTaskTotalMsMedian float64   `json:"long_task_total_ms_median"`
	LongTaskCPUMsMedian   float64   `json:"long_task_cpu_ms_median"`
	LongTaskCPUMsMax      float64   `json:"long_task_cpu_ms_max"`
	JSFiles               int       `json:"js_files_to_first_row"`
	JSGzipBytes           int       `json:"js_gzip_bytes_to_first_row"`
	FirstRowMsEach        []float64 `json:"first_row_ms_each"`
}

// runSPA serves the built SPA (frontend/dist) on a copy of the seeded SQLite
// data, drives Chromium through frontend/bench/listspeed.mjs and adds the
// figures to o.out under spaScenario. The list's first page costs the API a
// few milliseconds at any size; -cases 1000 is the quick mode.
func runSPA(_ context.Context, o options, runs int) error {
	dist, err := filepath.Abs(filepath.Join("frontend", "dist"))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		return fmt.Errorf("no built SPA in %s: run make build first: %w", dist, err)
	}
	dir, err := os.MkdirTemp("", "caseward-bench-spa-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }() // a temporary folder: best effort
	if err := sqliteData(o.bin, o.cases, dir); err != nil {
		return err
	}
	srv, err := startServer(o.bin, dir, "DATABASE_URL=", "CASEWARD_STATIC_DIR="+dist)
	if err != nil {
		return err
	}
	defer srv.stop()
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(os.Stderr, "measuring %s: %d runs in Chromium\n", spaScenario, runs)
	cmd := exec.Command("node", "bench/listspeed.mjs", "--base", srv.base, "--runs", strconv.Itoa(runs))
	cmd.Dir = "frontend"
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("frontend/bench/listspeed.mjs: %w", err)
	}
	var r struct {
		Email string     `json:"email"`
		Load  spaFigures `json:"load"`
		Nav   spaFigures `json:"nav"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return fmt.Errorf("frontend/bench/listspeed.mjs printed %q: %w", out, err)
	}
	printSPA("page load of /cases", r.Load)
	printSPA("click on Cases", r.Nav)
	return mergeResults(o.out, spaScenario, map[string]any{
		"measured_at": time.Now().UTC(), "cpus": runtime.NumCPU(), "cases": o.cases, "user": r.Email,
		"load_average_at_start": strings.TrimSpace(string(load)),
		"targets":               map[string]float64{"first_row_ms": spaTargetFirstRowMs, "long_task_ms": spaTargetLongTaskMs, "js_gzip_bytes": spaTargetJSBytes},
		"page_load":             r.Load, "navigation": r.Nav,
	})
}

func printSPA(how string, f spaFigures) {
	verdict := func(ok bool) string { return map[bool]string{true: "met", false: "MISSED"}[ok] }
	fmt.Printf("%s, %s (%d runs): first row median %.0f ms, max %.0f ms (target < %d: %s); longest task median %.0f ms, max %.0f ms (target < %d: %s), most main-thread time in one task median %.0f ms, max %.0f ms; JS %.1f KB gzipped in %d files (target < %d KB: %s)\n",
		spaScenario, how, f.Runs, f.FirstRowMsMedian, f.FirstRowMsMax, spaTargetFirstRowMs, verdict(f.FirstRowMsMax < spaTargetFirstRowMs),
		f.LongTaskMaxMsMedian, f.LongTaskMaxMsMax, spaTargetLongTaskMs, verdict(f.LongTaskMaxMsMax < spaTargetLongTaskMs),
		f.LongTaskCPUMsMedian, f.LongTaskCPUMsMax,
		float64(f.JSGzipBytes)/1000, f.JSFiles, spaTargetJSBytes/1000, verdict(f.JSGzipBytes < spaTargetJSBytes))
}
