package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// liveEvent is one message of GET /api/v1/events as a client reads it.
type liveEvent struct {
	ID, Event string
	Seq       int64
	CaseID    string
	At        time.Time // when it was read
}

// openEvents opens the event stream of p, resuming after lastID when it is
// not empty, and delivers its events until the test ends.
func (p *serverProcess) openEvents(t *testing.T, token, lastID string) <-chan liveEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("open the event stream: %d", res.StatusCode)
	}
	out := make(chan liveEvent, 100)
	go func() {
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var e liveEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && e.Event != "":
				e.At = time.Now()
				out <- e
				e = liveEvent{}
			case strings.HasPrefix(line, "id: "):
				e.ID = line[4:]
				e.Seq, _ = strconv.ParseInt(e.ID, 10, 64)
			case strings.HasPrefix(line, "event: "):
				e.Event = line[7:]
			case strings.HasPrefix(line, "data: "):
				var d struct {
					CaseID *string `json:"case_id"`
				}
				_ = json.Unmarshal([]byte(line[6:]), &d)
				if d.CaseID != nil {
					e.CaseID = *d.CaseID
				}
			}
		}
	}()
	return out
}

func (p *serverProcess) createCase(t *testing.T, token, title string) string {
	t.Helper()
	var c struct {
		ID string `json:"id"`
	}
	now := time.Now().UTC()
	body := map[string]any{"title": title, "category": "malware", "severity": "high",
		"detected_at": now.Add(-time.Hour).Format(time.RFC3339), "aware_at": now.Add(-time.Hour).Format(time.RFC3339), "personal_data_involved": false}
	if code := p.call(t, token, http.MethodPost, "/api/v1/cases", body, &c); code != http.StatusCreated {
		t.Fatalf("create case: %d", code)
	}
	return c.ID
}

// untilCase reads events until the one creating caseID, failing after wait.
func untilCase(t *testing.T, events <-chan liveEvent, caseID string, wait time.Duration) (liveEvent, []liveEvent) {
	t.Helper()
	var before []liveEvent
	deadline := time.After(wait)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended before case %s", caseID)
			}
			if e.Event == "case.created" && e.CaseID == caseID {
				return e, before
			}
			before = append(before, e)
		case <-deadline:
			t.Fatalf("case %s did not arrive within %s", caseID, wait)
		}
	}
}

// Two `caseward serve` on one PostgreSQL database: a case created through
// replica A reaches an event-stream client of replica B within a second
// (LISTEN/NOTIFY). Replica B killed with SIGKILL and started again resumes
// the client's stream after its Last-Event-ID: what was committed meanwhile
// is replayed, in order, with no gap and no duplicate, then live events follow.
func TestTwoReplicasShareTheEventStream(t *testing.T) {
	databaseURL := dbtest.PostgresURL(t)
	a := startServe(t, t.TempDir(), databaseURL)
	b := startServe(t, t.TempDir(), databaseURL)
	tokenA, tokenB := a.signIn(t), b.signIn(t)

	streamB := b.openEvents(t, tokenB, "")
	time.Sleep(200 * time.Millisecond) // the stream is registered with B's hub
	var worst time.Duration
	var last liveEvent
	for i := range 5 {
		id := a.createCase(t, tokenA, fmt.Sprintf("Through A, %d", i))
		created := time.Now()
		e, _ := untilCase(t, streamB, id, 2*time.Second)
		worst = max(worst, e.At.Sub(created))
		last = e
	}
	if worst > time.Second {
		t.Fatalf("a case created through A reached B's client after %s, want within 1 s", worst)
	}
	t.Logf("A to B's client: slowest of 5 in %s", worst)

	if err := b.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = b.cmd.Wait()
	var missed []string
	for i := range 3 {
		missed = append(missed, a.createCase(t, tokenA, fmt.Sprintf("While B was down, %d", i)))
	}
	b2 := startServe(t, t.TempDir(), databaseURL)
	resumed := b2.openEvents(t, b2.signIn(t), last.ID)
	seen := map[int64]bool{}
	prev := last.Seq
	check := func(e liveEvent) {
		if e.Seq <= prev || seen[e.Seq] {
			t.Fatalf("event %d (%s) after %d: out of order or twice", e.Seq, e.Event, prev)
		}
		if e.Event == "reset" {
			t.Fatalf("a reset instead of a replay")
		}
		seen[e.Seq], prev = true, e.Seq
	}
	for _, id := range missed {
		e, before := untilCase(t, resumed, id, 3*time.Second)
		for _, o := range before {
			check(o)
		}
		check(e)
	}
	live := a.createCase(t, tokenA, "After B came back")
	e, before := untilCase(t, resumed, live, 2*time.Second)
	for _, o := range before {
		check(o)
	}
	check(e)
	// No gap: every event the outbox holds after the resume point came, as
	// admins see everything.
	for seq := last.Seq + 1; seq <= e.Seq; seq++ {
		if !seen[seq] && !outboxHasNo(t, databaseURL, seq) {
			t.Fatalf("event %d was not delivered after the restart", seq)
		}
	}
}

// outboxHasNo reports whether the outbox has no event seq (seq may skip a
// number where an event told before was not written again).
func outboxHasNo(t *testing.T, databaseURL string, seq int64) bool {
	t.Helper()
	db, err := store.Open(context.Background(), databaseURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	evs, err := db.EventsAfter(context.Background(), seq-1, 1)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs) == 0 || evs[0].Seq != seq
}
