// Command bench measures Caseward against a real `caseward serve` on loopback
// and writes bench/results.json. `make bench` runs it.
//
// So far it measures the evidence upload: a large file streamed through the
// API, its throughput beside `sha256sum` on the same file, and the server's
// peak memory growth (it must stay flat however large the file).
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/caseward", "the caseward binary")
	sizeMiB := flag.Int("upload-mib", 1024, "size of the uploaded file in MiB")
	seedCases := flag.Int("seed-cases", 3000, "cases seeded before the audit export is measured")
	out := flag.String("out", "bench/results.json", "where to write the results")
	flag.Parse()
	if err := run(*bin, int64(*sizeMiB)<<20, *seedCases, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one measurement.
type result struct {
	Name   string             `json:"name"`
	Values map[string]float64 `json:"values"`
}

func run(bin string, size int64, seedCases int, out string) error {
	dir, err := os.MkdirTemp("", "caseward-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	file := filepath.Join(dir, "upload.bin")
	if err := writeRandom(file, size); err != nil {
		return err
	}
	start := time.Now()
	sum, err := exec.Command("sha256sum", file).Output()
	if err != nil {
		return fmt.Errorf("sha256sum: %w", err)
	}
	sha256sumSecs := time.Since(start).Seconds()
	digest := strings.Fields(string(sum))[0]

	dataDir := filepath.Join(dir, "data")
	seed := exec.Command(bin, "seed", "--cases", strconv.Itoa(seedCases), "--data-dir", dataDir, "--log-level", "warn")
	seed.Env = append(os.Environ(), "DATABASE_URL=")
	if msg, err := seed.CombinedOutput(); err != nil {
		return fmt.Errorf("seed: %w\n%s", err, msg)
	}
	srv, err := startServer(bin, dataDir)
	if err != nil {
		return err
	}
	defer srv.stop()
	token, err := srv.login()
	if err != nil {
		return err
	}
	caseID, err := srv.createCase(token)
	if err != nil {
		return err
	}
	before := srv.peakRSS()
	start = time.Now()
	if err := srv.upload(token, caseID, file, digest); err != nil {
		return err
	}
	uploadSecs := time.Since(start).Seconds()
	growth := float64(max(srv.peakRSS()-before, 0)) / (1 << 20)

	mib := float64(size) / (1 << 20)
	results := []result{{Name: "evidence upload", Values: map[string]float64{
		"size_mib": mib, "upload_mib_per_s": mib / uploadSecs, "sha256sum_mib_per_s": mib / sha256sumSecs,
		"ratio_to_sha256sum": sha256sumSecs / uploadSecs, "peak_rss_growth_mib": growth,
	}}}
	fmt.Printf("%-18s %10s %14s %16s %10s %16s\n", "benchmark", "size MiB", "upload MiB/s", "sha256sum MiB/s", "ratio", "peak RSS +MiB")
	v := results[0].Values
	fmt.Printf("%-18s %10.0f %14.1f %16.1f %10.2f %16.1f\n", results[0].Name, v["size_mib"], v["upload_mib_per_s"],
		v["sha256sum_mib_per_s"], v["ratio_to_sha256sum"], v["peak_rss_growth_mib"])

	before = srv.peakRSS()
	start = time.Now()
	rows, err := srv.exportAudit(token)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	growth = float64(max(srv.peakRSS()-before, 0)) / (1 << 20)
	results = append(results, result{Name: "audit export (jsonl)", Values: map[string]float64{
		"rows": float64(rows), "rows_per_s": float64(rows) / secs, "peak_rss_growth_mib": growth}})
	fmt.Printf("\n%-22s %10s %12s %16s\n", "benchmark", "rows", "rows/s", "peak RSS +MiB")
	fmt.Printf("%-22s %10d %12.0f %16.1f\n", "audit export (jsonl)", rows, float64(rows)/secs, growth)
	b, _ := json.MarshalIndent(map[string]any{"measured_at": time.Now().UTC(), "results": results}, "", "  ")
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

func writeRandom(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyN(f, rand.Reader, size)
	return err
}

type server struct {
	cmd  *exec.Cmd
	base string
}

const benchPassword = "bench-admin-password"

func startServer(bin, dataDir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "CASEWARD_ADDR="+addr, "CASEWARD_DATA_DIR="+dataDir, "CASEWARD_ADMIN_PASSWORD="+benchPassword,
		"CASEWARD_LOG_LEVEL=warn", "DATABASE_URL=", "CASEWARD_MAX_UPLOAD=8GiB")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.base + "/readyz"); err == nil && res.StatusCode == 200 {
			res.Body.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server did not become ready")
		}
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
	}
}

// peakRSS is the server's high-water mark of resident memory, in bytes.
func (s *server) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func (s *server) call(method, path, token string, body any, into any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(context.Background(), method, s.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		msg, _ := io.ReadAll(res.Body)
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, msg)
	}
	return json.NewDecoder(res.Body).Decode(into)
}

func (s *server) login() (string, error) {
	var tk struct {
		AccessToken string `json:"access_token"`
	}
	// The seed made the users, so the server made no first admin: sign in as the seeded one.
	err := s.call(http.MethodPost, "/api/v1/auth/login", "", map[string]string{"email": "admin.2@example.org", "password": "caseward-seed-password"}, &tk)
	return tk.AccessToken, err
}

func (s *server) createCase(token string) (string, error) {
	now := time.Now().UTC().Format(time.RFC3339)
	var c struct {
		ID string `json:"id"`
	}
	err := s.call(http.MethodPost, "/api/v1/cases", token, map[string]any{"title": "Benchmark upload", "category": "other",
		"severity": "low", "detected_at": now, "aware_at": now, "personal_data_involved": false}, &c)
	return c.ID, err
}

// upload streams the file as a multipart body without holding it in memory.
func (s *server) upload(token, caseID, path, digest string) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		f, err := os.Open(path)
		if err == nil {
			defer f.Close()
			mw.WriteField("title", "Benchmark image")
			mw.WriteField("kind", "disk_image")
			mw.WriteField("sha256", digest)
			var part io.Writer
			if part, err = mw.CreateFormFile("file", "upload.bin"); err == nil {
				if _, err = io.Copy(part, f); err == nil {
					err = mw.Close()
				}
			}
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/cases/"+caseID+"/evidence", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(res.Body)
		return fmt.Errorf("upload: %d %s", res.StatusCode, msg)
	}
	return nil
}

// exportAudit streams the whole audit log as JSON lines and counts the rows.
func (s *server) exportAudit(token string) (int, error) {
	req, _ := http.NewRequest(http.MethodGet, s.base+"/api/v1/audit/export?format=jsonl", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("audit export: %d", res.StatusCode)
	}
	lines := 0
	buf := make([]byte, 64<<10)
	for {
		n, err := res.Body.Read(buf)
		lines += bytes.Count(buf[:n], []byte{'\n'})
		if err == io.EOF {
			break
		}
		if err != nil {
			return lines, err
		}
	}
	if res.Trailer.Get("X-Caseward-Chain-Valid") != "true" {
		return lines, fmt.Errorf("audit export: the chain check did not pass")
	}
	return lines - 1, nil // the last line is the signature
}
