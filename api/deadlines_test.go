package api_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// stuckQuery runs until its context ends. (The SQLite driver interrupts a
// statement it executes, not one whose rows are being read: hence Exec.)
var stuckQuery = map[store.Dialect]string{
	store.SQLite:   "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r",
	store.Postgres: "SELECT pg_sleep(60)",
}

func TestStuckQueryEndsWith503(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{RequestTimeout: 300 * time.Millisecond})
		s.echo.GET("/api/v1/test/stuck", func(c echo.Context) error {
			_, err := db.SQL().ExecContext(c.Request().Context(), stuckQuery[db.Dialect()])
			return fmt.Errorf("stuck query: %w", err)
		})
		start := time.Now()
		r := s.do(http.MethodGet, "/api/v1/test/stuck", nil)
		p := r.problem(t, http.StatusServiceUnavailable)
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("answered after %v", took)
		}
		if strings.Contains(p.Detail, "stuck query") || strings.Contains(p.Detail, "SELECT") {
			t.Fatalf("the problem leaks the cause: %q", p.Detail)
		}
		if r := s.do(http.MethodGet, "/readyz", nil); r.StatusCode != http.StatusOK {
			t.Fatalf("the database is not free again: %d", r.StatusCode)
		}
	})
}

// rawExchange sends head and body on a new connection, then waits, sending
// nothing more, for the response.
func rawExchange(t *testing.T, s *server, head string, body []byte) (*http.Response, []byte, time.Duration) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := conn.Write(append([]byte(head), body...)); err != nil {
		t.Fatal(err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b, time.Since(start)
}

func TestSlowJSONBodyIsCutOffWith408(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{BodyTimeout: 300 * time.Millisecond})
	body := `{"email":"admin@example.org","password":"correct horse battery staple"}`
	head := "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	res, b, took := rawExchange(t, s, head, []byte(body[:10])) // the rest never comes
	r := response{Response: res, body: b}
	r.problem(t, http.StatusRequestTimeout)
	if took > 3*time.Second {
		t.Fatalf("cut off after %v, want about 300ms", took)
	}
	if !res.Close {
		t.Fatal("the connection stays open after a body timeout")
	}
}

func TestBodyDeadlineIsLiftedOnceTheBodyIsIn(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{BodyTimeout: 200 * time.Millisecond, RequestTimeout: 5 * time.Second})
	s.echo.POST("/api/v1/test/slow-handler", func(c echo.Context) error {
		if _, err := io.ReadAll(c.Request().Body); err != nil {
			return err
		}
		select { // work for longer than the body timeout
		case <-time.After(600 * time.Millisecond):
			return c.String(http.StatusOK, "finished")
		case <-c.Request().Context().Done():
			return c.String(http.StatusInternalServerError, "cancelled: "+c.Request().Context().Err().Error())
		}
	})
	r := s.do(http.MethodPost, "/api/v1/test/slow-handler", `{"a":1}`)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%d %s: the body deadline cut a handler that outlived it", r.StatusCode, r.body)
	}
}

// slowUpload sends an evidence upload of size bytes in chunks of chunk bytes,
// pausing between chunks, and stops sending after stopAfter bytes (never when
// stopAfter is 0).
func slowUpload(t *testing.T, s *server, token, caseID string, size, chunk int, pause time.Duration, stopAfter int) (response, time.Duration) {
	t.Helper()
	content := bytes.Repeat([]byte("evidence "), size/9+1)[:size]
	body, ct := multipartBody(t, map[string]string{"title": "Slow disk image", "kind": "disk_image"}, "disk.img", content)
	pr, pw := io.Pipe()
	go func() {
		data := body.Bytes()
		for sent := 0; sent < len(data); sent += chunk {
			if stopAfter > 0 && sent >= stopAfter {
				time.Sleep(5 * time.Second) // stalled; the server cuts it off long before
				pw.CloseWithError(errors.New("client gave up"))
				return
			}
			if _, err := pw.Write(data[sent:min(sent+chunk, len(data))]); err != nil {
				return
			}
			time.Sleep(pause)
		}
		pw.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/api/v1/cases/"+caseID+"/evidence", pr)
	req.ContentLength = int64(body.Len())
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, body: b}, time.Since(start)
}

func TestSteadyUploadOutlivesEveryTimeout(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	// Signed in and set up under the production limits: only the upload is
	// what this test times out.
	admin := s.signIn().AccessToken
	c := s.createCase(admin, caseBody("Evidence case", nil))
	s.tighten(httpx.Limits{BodyTimeout: 200 * time.Millisecond, RequestTimeout: 200 * time.Millisecond, UploadStallTimeout: 400 * time.Millisecond})
	r, took := slowUpload(t, s, admin, c.ID, 900<<10, 64<<10, 100*time.Millisecond, 0)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("a slow but steady upload: %d %s", r.StatusCode, r.body)
	}
	if took < time.Second {
		t.Fatalf("the upload took only %v: it proves nothing", took)
	}
}

func TestStalledUploadIsCutOff(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{UploadStallTimeout: 300 * time.Millisecond})
	admin := s.signIn().AccessToken
	c := s.createCase(admin, caseBody("Evidence case", nil))
	r, took := slowUpload(t, s, admin, c.ID, 900<<10, 64<<10, 10*time.Millisecond, 256<<10)
	r.problem(t, http.StatusRequestTimeout)
	if took > 3*time.Second {
		t.Fatalf("cut off after %v, want about 300ms after the stall", took)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(s.blobFiles()) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if files := s.blobFiles(); len(files) != 0 {
		t.Fatalf("files left after a stalled upload: %v", files)
	}
	if n := s.evidenceCount(admin, c.ID); n != 0 {
		t.Fatalf("%d items after a stalled upload", n)
	}
}
