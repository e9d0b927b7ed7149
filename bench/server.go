package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/testcluster"
)

// serverEnv are the settings of every server the bench starts: rate limits
// off (the load comes from one address and a few users on purpose), uploads
// as large as the upload scenario's, and no bound on one user's live streams
// (the live scenario holds 1 000 of one user).
var serverEnv = []string{"CASEWARD_LOG_LEVEL=warn", "CASEWARD_MAX_UPLOAD=8GiB", "CASEWARD_RATE_LIMIT=0", "CASEWARD_RATE_LIMIT_IP=0",
	"CASEWARD_LIVE_STREAMS_PER_USER=0"}

// server is a running `caseward serve`.
type server struct {
	cmd  *exec.Cmd
	base string // e.g. http://127.0.0.1:41234
	api  string // base + /api/v1
}

// startServer runs the binary on a free loopback port with env (the database)
// and serverEnv, and waits until it is ready.
func startServer(bin, dataDir string, env ...string) (*server, error) {
	addr, err := testcluster.FreeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "CASEWARD_ADDR="+addr, "CASEWARD_DATA_DIR="+dataDir)
	cmd.Env = append(append(cmd.Env, serverEnv...), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, api: "http://" + addr + "/api/v1"}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
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
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return // it has already exited
	}
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }() // its exit status is not measured
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill() // fails only if it exited meanwhile
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

// json sends one JSON request outside the load and decodes the answer.
func (s *server) json(method, path, token string, body any, want int, into any) (http.Header, error) {
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	res, err := call{method: method, url: s.api + path, token: token, body: b, want: want}.do(http.DefaultClient)
	if err != nil {
		return nil, err
	}
	if into != nil {
		if err := json.Unmarshal(res.body, into); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return res.header, nil
}

// login signs in as a seeded user (the seed made the users, so the server
// made no first admin).
func (s *server) login(email string) (string, error) {
	var tk struct {
		AccessToken string `json:"access_token"`
	}
	_, err := s.json(http.MethodPost, "/auth/login", "", map[string]string{"email": email, "password": seedPassword}, http.StatusOK, &tk)
	return tk.AccessToken, err
}

const seedPassword = "caseward-seed-password"

// newCase is the body of a case a benchmark creates.
func newCase(title string) map[string]any {
	now := time.Now().UTC().Format(time.RFC3339)
	return map[string]any{"title": title, "category": "other", "severity": "low", "detected_at": now, "aware_at": now,
		"personal_data_involved": false, "summary": "Opened by make bench."}
}

func (s *server) createCase(token, title string) (id, etag string, err error) {
	var c struct {
		ID string `json:"id"`
	}
	h, err := s.json(http.MethodPost, "/cases", token, newCase(title), http.StatusCreated, &c)
	if err != nil {
		return "", "", err
	}
	return c.ID, h.Get("ETag"), nil
}

// writeUpload writes the multipart form of an upload of the file at path.
func writeUpload(mw *multipart.Writer, path, digest string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // only read
	for _, field := range [][2]string{{"title", "Benchmark image"}, {"kind", "disk_image"}, {"sha256", digest}} {
		if err := mw.WriteField(field[0], field[1]); err != nil {
			return err
		}
	}
	part, err := mw.CreateFormFile("file", "upload.bin")
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, f); err != nil {
		return err
	}
	return mw.Close()
}

// upload streams the file as a multipart body without holding it in memory.
func (s *server) upload(token, caseID, path, digest string) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(writeUpload(mw, path, digest)) // always nil
	}()
	req, _ := http.NewRequest(http.MethodPost, s.api+"/cases/"+caseID+"/evidence", pr)
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
	req, _ := http.NewRequest(http.MethodGet, s.api+"/audit/export?format=jsonl", nil)
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
	buf := make([]byte, 256<<10)
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
