package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The case export scenario (-case-export): one case with 2 000 notes (the
// most a case holds) and 1 000 evidence items, each with a transfer in its
// chain of custody beside its collection, exported as a signed PDF. Every
// export adds an exported custody event to each item, so each run exports
// a fresh copy of the same data, on a freshly started server: the case is
// the same every time, and the server's peak resident memory (VmHWM) before
// and after the export is that one export's. Targets on PostgreSQL: p99
// under 2 s, peak memory grown by less than 64 MiB. It runs on an empty
// database of its own (nothing else seeded), so it takes a minute or two,
// not the 100 000-case bench's hour, and adds its figures to the results
// file beside the others.
type caseExportOptions struct {
	notes, items, runs, noteChars int
}

const (
	caseExportScenario = "case export as pdf"
	benchAdminPassword = "caseward-bench-admin-password"
)

// runCaseExport measures the case export on each database asked for and
// merges the figures into o.out under "case_export_pdf".
func runCaseExport(ctx context.Context, o options, x caseExportOptions) error {
	dir, err := os.MkdirTemp("", "caseward-bench-export-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }() // a temporary folder: best effort
	results := map[string]map[string]float64{}
	load, _ := os.ReadFile("/proc/loadavg") // how busy the shared machine was
	if o.postgres != "" {
		r, err := postgresCaseExport(ctx, o, x, dir)
		if err != nil {
			return err
		}
		results["postgres"] = r
	}
	if o.sqlite {
		r, err := sqliteCaseExport(o, x, dir)
		if err != nil {
			return err
		}
		results["sqlite"] = r
	}
	for _, db := range []string{"postgres", "sqlite"} {
		if r := results[db]; r != nil {
			printCaseExport(db, r)
		}
	}
	return mergeResults(o.out, "case_export_pdf", map[string]any{"measured_at": time.Now().UTC(), "cpus": runtime.NumCPU(),
		"load_average_at_start": strings.TrimSpace(string(load)), "results": results})
}

// postgresCaseExport fills a database once and exports from a copy of it
// (CREATE DATABASE … TEMPLATE) each run.
func postgresCaseExport(ctx context.Context, o options, x caseExportOptions, dir string) (map[string]float64, error) {
	const filled, run = "caseward_bench_case_export", "caseward_bench_case_export_run"
	url, drop, err := emptyPostgres(ctx, o.postgres, filled, "")
	if err != nil {
		return nil, err
	}
	defer drop()
	dataDir := filepath.Join(dir, "pg")
	caseID, err := fillCaseToExport(o.bin, dataDir, x, "DATABASE_URL="+url)
	if err != nil {
		return nil, err
	}
	return exportRuns(o.bin, dataDir, caseID, x, func() ([]string, func(), error) {
		url, drop, err := emptyPostgres(ctx, o.postgres, run, filled)
		return []string{"DATABASE_URL=" + url}, drop, err
	})
}

// sqliteCaseExport fills a data folder once and exports from a copy of it
// each run.
func sqliteCaseExport(o options, x caseExportOptions, dir string) (map[string]float64, error) {
	filled := filepath.Join(dir, "sqlite")
	caseID, err := fillCaseToExport(o.bin, filled, x, "DATABASE_URL=")
	if err != nil {
		return nil, err
	}
	run := filepath.Join(dir, "sqlite-run")
	return exportRuns(o.bin, run, caseID, x, func() ([]string, func(), error) {
		if err := os.RemoveAll(run); err != nil {
			return nil, nil, err
		}
		if err := os.CopyFS(run, os.DirFS(filled)); err != nil {
			return nil, nil, err
		}
		return []string{"DATABASE_URL="}, func() {}, nil
	})
}

// emptyPostgres creates database name (dropping an older one), empty or as a
// copy of template, and returns its URL and a function that drops it.
func emptyPostgres(ctx context.Context, adminURL, name, template string) (string, func(), error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template + " STRATEGY FILE_COPY"
	}
	for _, stmt := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", create} {
		if _, err := admin.ExecContext(ctx, stmt); err != nil {
			return "", nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	drop := func() {
		if admin, err := sql.Open("pgx", adminURL); err == nil {
			if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
				fmt.Fprintf(os.Stderr, "bench: drop database %s: %v\n", name, err)
			}
			admin.Close()
		}
	}
	return withDB(adminURL, name), drop, nil
}

// signInAdmin signs in as the first admin that the server made at its first start.
func (s *server) signInAdmin() (string, error) {
	var tk struct {
		AccessToken string `json:"access_token"`
	}
	_, err := s.json(http.MethodPost, "/auth/login", "", map[string]string{"email": "admin@localhost", "password": benchAdminPassword},
		http.StatusOK, &tk)
	return tk.AccessToken, err
}

// fillCaseToExport starts a server on an empty database, adds the case and
// stops the server; it returns the case's id.
func fillCaseToExport(bin, dataDir string, x caseExportOptions, env ...string) (string, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", err
	}
	srv, err := startServer(bin, dataDir, append(env, "CASEWARD_ADMIN_PASSWORD="+benchAdminPassword)...)
	if err != nil {
		return "", err
	}
	defer srv.stop()
	token, err := srv.signInAdmin()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "case export: adding %d notes and %d evidence items\n", x.notes, x.items)
	caseID, _, err := srv.createCase(token, "Benchmark: a case to export")
	if err != nil {
		return "", err
	}
	body := noteBody(x.noteChars)
	for i := range x.notes {
		if _, err := srv.json(http.MethodPost, "/cases/"+caseID+"/notes", token, map[string]string{"kind": "update", "body": body},
			http.StatusCreated, nil); err != nil {
			return "", fmt.Errorf("note %d: %w", i+1, err)
		}
	}
	for i := range x.items {
		id, err := srv.uploadSmall(token, caseID, fmt.Sprintf("Firewall log %d", i+1), []byte(fmt.Sprintf("log lines of item %d\n", i+1)))
		if err != nil {
			return "", err
		}
		if _, err := srv.json(http.MethodPost, "/evidence/"+id+"/custody", token, map[string]string{"action": "transferred",
			"from_party": "Incident desk", "to_party": "Forensics lab", "purpose": "imaging"}, http.StatusCreated, nil); err != nil {
			return "", err
		}
	}
	return caseID, nil
}

// exportRuns exports the case x.runs times, each from a fresh copy of the
// data (copy gives its environment) on a freshly started server.
func exportRuns(bin, dataDir, caseID string, x caseExportOptions, copyData func() ([]string, func(), error)) (map[string]float64, error) {
	fmt.Fprintf(os.Stderr, "case export: exporting %d times, each from a fresh copy\n", x.runs)
	took, growth, cpu := make([]float64, x.runs), make([]float64, x.runs), make([]float64, x.runs)
	size := 0
	for i := range x.runs {
		env, drop, err := copyData()
		if err != nil {
			return nil, err
		}
		err = func() error {
			defer drop()
			if err := os.MkdirAll(dataDir, 0o700); err != nil {
				return err
			}
			srv, err := startServer(bin, dataDir, env...)
			if err != nil {
				return err
			}
			defer srv.stop()
			token, err := srv.signInAdmin()
			if err != nil {
				return err
			}
			before, cpuBefore := srv.peakRSS(), srv.cpuTime()
			start := time.Now()
			res, err := call{method: http.MethodGet, url: srv.api + "/cases/" + caseID + "/export?format=pdf", token: token}.do(http.DefaultClient)
			if err != nil {
				return err
			}
			took[i], growth[i], size = ms(time.Since(start)), mib(srv.peakRSS()-before), len(res.body)
			cpu[i] = ms(srv.cpuTime() - cpuBefore)
			return nil
		}()
		if err != nil {
			return nil, err
		}
	}
	sorted := slices.Clone(took)
	slices.Sort(sorted)
	return map[string]float64{
		// The server's own CPU time (user + system) per export, median: less
		// at the mercy of a shared machine than the wall clock.
		"server_cpu_p50_ms": median(cpu),
		"notes":             float64(x.notes), "note_chars": float64(x.noteChars), "evidence_items": float64(x.items), "exports": float64(x.runs),
		"p50_ms": sorted[len(sorted)/2], "p99_ms": sorted[min(len(sorted)-1, len(sorted)*99/100)], "max_ms": sorted[len(sorted)-1],
		"pdf_mib": mib(int64(size)), "peak_rss_growth_mib": slices.Max(growth), "target_p99_ms": 2000, "target_rss_growth_mib": 64,
	}, nil
}

// uploadSmall adds an evidence item holding content and returns its id.
func (s *server) uploadSmall(token, caseID, title string, content []byte) (string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, field := range [][2]string{{"title", title}, {"kind", "log"}} {
		if err := mw.WriteField(field[0], field[1]); err != nil {
			return "", err
		}
	}
	part, err := mw.CreateFormFile("file", "firewall.log")
	if err != nil {
		return "", err
	}
	if _, err := part.Write(content); err != nil {
		return "", err
	}
	if err := mw.Close(); err != nil {
		return "", err
	}
	res, err := call{method: http.MethodPost, url: s.api + "/cases/" + caseID + "/evidence", token: token, body: buf.Bytes(),
		header: map[string]string{"Content-Type": mw.FormDataContentType()}, want: http.StatusCreated}.do(http.DefaultClient)
	if err != nil {
		return "", err
	}
	var it struct {
		ID string `json:"id"`
	}
	return it.ID, json.Unmarshal(res.body, &it)
}

// cpuTime is the CPU time (user + system) the server has used so far.
func (s *server) cpuTime() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// After "pid (comm) ", utime and stime are the 12th and 13th fields, in
	// clock ticks of 1/100 s (USER_HZ on Linux).
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

func printCaseExport(db string, r map[string]float64) {
	verdict := func(ok bool) string { return map[bool]string{true: "met", false: "MISSED"}[ok] }
	fmt.Printf("%s, %s: %.0f notes of %.0f characters, %.0f evidence items; %.0f exports: p50 %.0f ms, p99 %.0f ms (target < 2 s: %s), server CPU p50 %.0f ms, PDF %.1f MiB, peak RSS +%.1f MiB at most (target < 64: %s)\n",
		caseExportScenario, db, r["notes"], r["note_chars"], r["evidence_items"], r["exports"], r["p50_ms"], r["p99_ms"],
		verdict(r["p99_ms"] < r["target_p99_ms"]), r["server_cpu_p50_ms"], r["pdf_mib"], r["peak_rss_growth_mib"], verdict(r["peak_rss_growth_mib"] < r["target_rss_growth_mib"]))
}

// mergeResults sets key in the JSON results file at path (created if
// missing), leaving the other figures as they are, in their order.
func mergeResults(path, key string, value any) error {
	all := map[string]json.RawMessage{}
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &all); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	} else if !os.IsNotExist(err) {
		return err
	}
	v, err := json.Marshal(value)
	if err != nil {
		return err
	}
	all[key] = v
	return writeResults(path, all)
}

// writeResults writes the results file indented and without escaping <, >
// and & (its targets read "p99 < 50 ms"), so that a run changes only the
// figures it measured.
func writeResults(path string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
