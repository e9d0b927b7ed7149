package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store/dbtest"
)

// runMainEnv makes the test binary run main() instead of the tests, so that a
// test can start `caseward serve` as a process of its own and SIGKILL it
// without building a second binary.
const runMainEnv = "CASEWARD_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	dbtest.Main(m)
}

const crashAdminPassword = "crash test admin password"

// serverProcess is `caseward serve` running as a child process.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	stderr *syncBuffer
}

// startServe starts `caseward serve` on a free port with the given data
// folder and database URL (empty: the embedded database) and waits until it
// serves.
func startServe(t *testing.T, dataDir, databaseURL string) *serverProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--log-level", "warn")
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "CASEWARD_ADMIN_PASSWORD="+crashAdminPassword, "DATABASE_URL="+databaseURL)
	p := &serverProcess{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }) // killed: its exit status says nothing
	serving := make(chan string, 1)
	go func() {
		addr := regexp.MustCompile(`serving on (http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := addr.FindStringSubmatch(sc.Text()); m != nil {
				serving <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // drained so that the server never blocks on its output
	}()
	select {
	case p.base = <-serving:
	case <-time.After(20 * time.Second):
		t.Fatalf("caseward serve did not start: %s", p.stderr.String())
	}
	return p
}

// call sends a JSON request and decodes the JSON answer into out.
func (p *serverProcess) call(t *testing.T, token, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

func (p *serverProcess) signIn(t *testing.T) string {
	t.Helper()
	var tk struct {
		AccessToken string `json:"access_token"`
	}
	if code := p.call(t, "", http.MethodPost, "/api/v1/auth/login", map[string]string{"email": firstAdminEmail, "password": crashAdminPassword}, &tk); code != http.StatusOK {
		t.Fatalf("sign in: %d %s", code, p.stderr.String())
	}
	return tk.AccessToken
}

// files lists the regular files under dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error { // a file that goes meanwhile is not listed
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return err
	})
	return out
}

// TestKilledMidUploadLeavesNoEvidenceAndNoFiles streams a large upload slowly
// into a real `caseward serve` process, SIGKILLs the process mid-stream and
// starts it again: the restart sweeps the temporary file the crash left, no
// evidence item or stored file exists, and the audit chain verifies. A stored
// file that no item names (as a crash between storing a file and recording it
// leaves) survives the sweep and is reported by `evidence verify-all`.
func TestKilledMidUploadLeavesNoEvidenceAndNoFiles(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			databaseURL := ""
			if dialect == "postgres" {
				databaseURL = dbtest.PostgresURL(t)
			}
			killMidUpload(t, t.TempDir(), databaseURL)
		})
	}
}

func killMidUpload(t *testing.T, dataDir, databaseURL string) {
	srv := startServe(t, dataDir, databaseURL)
	token := srv.signIn(t)
	var c struct{ ID string }
	now := time.Now().UTC()
	if code := srv.call(t, token, http.MethodPost, "/api/v1/cases", map[string]any{"title": "Ransomware on the file server", "category": "malware",
		"severity": "critical", "detected_at": now.Add(-time.Hour).Format(time.RFC3339), "aware_at": now.Add(-time.Hour).Format(time.RFC3339),
		"personal_data_involved": false}, &c); code != http.StatusCreated {
		t.Fatalf("create case: %d", code)
	}

	// The upload: metadata, then a file whose first 4 MiB arrive at once and
	// whose rest never does: the body stays open until the server is gone.
	pr, pw := io.Pipe()
	defer func() { _ = pw.Close() }() // a pipe: closing never fails
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("title", "Disk image of FS01") // fails only once the test has ended the pipe
		_ = mw.WriteField("kind", "disk_image")
		part, _ := mw.CreateFormFile("file", "fs01.img")
		chunk := make([]byte, 1<<20)
		for range 4 {
			rand.Read(chunk)
			if _, err := part.Write(chunk); err != nil {
				return
			}
		}
	}()
	req, _ := http.NewRequest(http.MethodPost, srv.base+"/api/v1/cases/"+c.ID+"/evidence", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	uploadDone := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		uploadDone <- err
	}()

	tmp := filepath.Join(dataDir, "blobs", "tmp")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if fs := files(t, tmp); len(fs) == 1 {
			if st, err := os.Stat(fs[0]); err == nil && st.Size() >= 2<<20 {
				break // the server is streaming the file to disk
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the upload never reached the server's temporary file: %v", files(t, filepath.Join(dataDir, "blobs")))
		}
	}
	// Another process's sweep (serve, seed and verify-all sweep at start) leaves a live
	// upload alone: the server holds its temporary file's lock.
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return databaseURL
		}
		return ""
	}
	if err := run(context.Background(), []string{"evidence", "verify-all", "--data-dir", dataDir}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("verify-all during the upload: %v", err)
	}
	if left := files(t, tmp); len(left) != 1 {
		t.Fatalf("a sweep in another process removed the live upload's file: %v", left)
	}
	if err := srv.cmd.Process.Kill(); err != nil { // SIGKILL: no deferred clean-up runs
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()                     // killed: its exit status says nothing
	pw.CloseWithError(io.ErrUnexpectedEOF) // the client gives up only once its body ends
	if err := <-uploadDone; err == nil {
		t.Fatal("the upload was answered although the server was killed")
	}
	if left := files(t, tmp); len(left) != 1 {
		t.Fatalf("after the kill: temporary files %v, want the one the crash left", left)
	}
	// What a crash between storing a file and committing its item leaves.
	orphan := []byte("stored, then the server died before the commit")
	sum := sha256.Sum256(orphan)
	orphanKey := hex.EncodeToString(sum[:])
	orphanPath := filepath.Join(dataDir, "blobs", "sha256", orphanKey[:2], orphanKey[2:4], orphanKey)
	if err := os.MkdirAll(filepath.Dir(orphanPath), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphanPath, orphan, 0o600); err != nil {
		t.Fatal(err)
	}

	srv = startServe(t, dataDir, databaseURL)
	token = srv.signIn(t)
	if left := files(t, tmp); len(left) != 0 {
		t.Errorf("temporary files left after the restart: %v", left)
	}
	if stored := files(t, filepath.Join(dataDir, "blobs", "sha256")); len(stored) != 1 || stored[0] != orphanPath {
		t.Errorf("stored files after the restart: %v, want only the planted one (the sweep never touches stored files)", stored)
	}
	var items struct{ Items []any }
	if code := srv.call(t, token, http.MethodGet, "/api/v1/cases/"+c.ID+"/evidence", nil, &items); code != http.StatusOK || len(items.Items) != 0 {
		t.Errorf("evidence of the case after the crash: %d %v, want none", code, items.Items)
	}
	var events struct{ Items []any }
	srv.call(t, token, http.MethodGet, "/api/v1/audit?action=evidence.create", nil, &events)
	var chain struct {
		Valid   bool `json:"valid"`
		Checked int  `json:"checked"`
	}
	srv.call(t, token, http.MethodGet, "/api/v1/audit/verify", nil, &chain)
	if len(events.Items) != 0 || !chain.Valid || chain.Checked == 0 {
		t.Errorf("audit after the crash: %d evidence.create events, chain %+v", len(events.Items), chain)
	}
	_ = srv.cmd.Process.Kill() // done with it
	_ = srv.cmd.Wait()

	var out bytes.Buffer
	if err := run(context.Background(), []string{"evidence", "verify-all", "--data-dir", dataDir}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("verify-all: %v\n%s", err, out.String())
	}
	for _, want := range []string{orphanKey + "  UNREFERENCED", "0 files checked, 0 problems, 1 unreferenced files"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("verify-all output lacks %q:\n%s", want, out.String())
		}
	}
}
