package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/api"
	"github.com/caseward/caseward/internal/live"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// withLive serves s's later requests with a running live hub.
func withLive(s *server, opts live.Options, recheck time.Duration) *live.Hub {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s.t.Cleanup(cancel)
	hub := live.New(s.db, slog.New(slog.NewTextHandler(serverLog, nil)), opts)
	if err := hub.Start(ctx); err != nil {
		s.t.Fatal(err)
	}
	d := s.deps
	d.Live = api.Live{Hub: hub, Heartbeat: 200 * time.Millisecond, Recheck: recheck}
	s.deps = d
	s.echo = buildEcho(s.t, d)
	s.serving.Store(s.echo)
	return hub
}

// waitCaughtUp waits until hub has handed out every event committed so far.
func waitCaughtUp(t *testing.T, hub *live.Hub, db *store.DB) {
	t.Helper()
	head, err := db.LastEventSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); hub.Head() < head; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the hub is at %d, the outbox at %d", hub.Head(), head)
		}
	}
}

// sse is one server-sent event as a client reads it.
type sse struct {
	id, event, data string
	comment         bool
}

// sseEvent is the data of an outbox event.
type sseEvent struct {
	ID         string          `json:"id"`
	Seq        int64           `json:"seq"`
	Kind       string          `json:"kind"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    *string         `json:"actor_id"`
	CaseID     *string         `json:"case_id"`
	EntityType string          `json:"entity_type"`
	Action     string          `json:"action"`
	Data       json.RawMessage `json:"data"`
}

// stream is an open GET /events.
type stream struct {
	t      *testing.T
	res    *http.Response
	msgs   chan sse
	cancel func()
}

// openStream opens the event stream with token; header is extra headers.
func (s *server) openStream(t *testing.T, token, query string, header ...string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/api/v1/events"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		t.Fatalf("open stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	st := &stream{t: t, res: res, msgs: make(chan sse, 1000), cancel: cancel}
	t.Cleanup(st.close)
	go func() {
		defer close(st.msgs)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var m sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if m != (sse{}) {
					st.msgs <- m
				}
				m = sse{}
			case strings.HasPrefix(line, ":"):
				st.msgs <- sse{comment: true}
			case strings.HasPrefix(line, "id: "):
				m.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				m.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				m.data = line[6:]
			}
		}
	}()
	return st
}

func (st *stream) close() { st.cancel(); _ = st.res.Body.Close() }

// next returns the next event (not comment, not retry), failing after wait.
func (st *stream) next(wait time.Duration) (sse, bool) {
	st.t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case m, ok := <-st.msgs:
			if !ok {
				return sse{}, false
			}
			if m.comment || m.event == "" {
				continue
			}
			return m, true
		case <-deadline:
			return sse{}, false
		}
	}
}

// caseEvent waits for the next event about a case and decodes it.
func (st *stream) event(wait time.Duration) (sse, sseEvent) {
	st.t.Helper()
	m, ok := st.next(wait)
	if !ok {
		st.t.Fatalf("no event within %s", wait)
	}
	var e sseEvent
	if m.event != "reset" {
		if err := json.Unmarshal([]byte(m.data), &e); err != nil {
			st.t.Fatalf("event data %q: %v", m.data, err)
		}
		if strconv.FormatInt(e.Seq, 10) != m.id || e.Kind != m.event {
			st.t.Fatalf("id %s event %s disagree with data %s", m.id, m.event, m.data)
		}
	}
	return m, e
}

// The stream carries each event to those who may see it: a restricted case's
// events reach admins and its people, not a responder outside it; a user's
// creation reaches admins only; a department's everyone.
func TestEventStreamAppliesNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		hub := withLive(s, live.Options{}, time.Minute)
		roles := signInAsEachRole(t, s)
		admin, responder := roles["admin"], roles["responder"]
		waitCaughtUp(t, hub, s.db) // a stream starts at the hub's head: the users' creation is before it
		adminStream := s.openStream(t, admin, "")
		respStream := s.openStream(t, responder, "")

		hidden := s.createCase(admin, caseBody("Zażółć gęślą jaźń: ransomware", map[string]any{"restricted": true}))
		open := s.createCase(admin, caseBody("فيروس الفدية", nil))
		s.createUser(admin, map[string]any{"email": "nadia@example.org", "name": "Nadia", "role": "responder"})
		s.createDepartment(admin, "Radiology")

		// The admin sees all four, in commit order.
		_, e := adminStream.event(2 * time.Second)
		if e.Kind != "case.created" || *e.CaseID != hidden.ID || e.ActorID == nil {
			t.Fatalf("admin's first event: %+v", e)
		}
		_, e2 := adminStream.event(2 * time.Second)
		if e2.Kind != "case.created" || *e2.CaseID != open.ID || e2.Seq <= e.Seq {
			t.Fatalf("admin's second event: %+v after %d", e2, e.Seq)
		}
		_, u := adminStream.event(2 * time.Second)
		if u.EntityType != "user" {
			t.Fatalf("admin's third event: %+v", u)
		}
		_, d := adminStream.event(2 * time.Second)
		if d.EntityType != "department" {
			t.Fatalf("admin's fourth event: %+v", d)
		}
		// The responder sees the open case and the department, nothing else.
		_, r1 := respStream.event(2 * time.Second)
		if *r1.CaseID != open.ID {
			t.Fatalf("responder's first event: %+v (the restricted case leaked?)", r1)
		}
		_, r2 := respStream.event(2 * time.Second)
		if r2.EntityType != "department" {
			t.Fatalf("responder's second event: %+v (the user's creation leaked?)", r2)
		}
		if m, ok := respStream.next(300 * time.Millisecond); ok {
			t.Fatalf("responder got more: %+v", m)
		}
		// The case title in Polish and Arabic is not in the stream, only ids
		// and the audited changes; it survives in the data as UTF-8.
		var data struct {
			Changes map[string][2]any `json:"changes"`
		}
		if err := json.Unmarshal(e2.Data, &data); err != nil || data.Changes["title"][1] != "فيروس الفدية" {
			t.Fatalf("data %s: %v", e2.Data, err)
		}
	})
}

// A reconnect with Last-Event-ID (or last_event_id) replays what came after it
// and then carries on live, without gaps or duplicates; an unknown id gets a
// reset; a malformed one a 400.
func TestEventStreamResumesAfterLastEventID(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		withLive(s, live.Options{}, time.Minute)
		admin := s.signIn().AccessToken
		first := s.openStream(t, admin, "")
		c1 := s.createCase(admin, caseBody("one", nil))
		m1, _ := first.event(2 * time.Second)
		first.close()

		c2 := s.createCase(admin, caseBody("two", nil))
		c3 := s.createCase(admin, caseBody("three", nil))
		for round := range 2 {
			var st *stream
			if round == 0 {
				st = s.openStream(t, admin, "", "Last-Event-ID", m1.id)
			} else {
				st = s.openStream(t, admin, "?last_event_id="+m1.id)
			}
			var seen []string
			for range 2 {
				_, e := st.event(2 * time.Second)
				seen = append(seen, *e.CaseID)
			}
			if seen[0] != c2.ID || seen[1] != c3.ID {
				t.Fatalf("replay %v, want %s then %s (after %s)", seen, c2.ID, c3.ID, c1.ID)
			}
			c4 := s.createCase(admin, caseBody("four", nil))
			if _, e := st.event(2 * time.Second); *e.CaseID != c4.ID {
				t.Fatalf("live after replay: %+v, want case %s", e, c4.ID)
			}
			st.close()
			m1.id = strconv.FormatInt(mustSeq(t, s, admin), 10) // the next round resumes from here
			c2, c3 = s.createCase(admin, caseBody("two again", nil)), s.createCase(admin, caseBody("three again", nil))
		}

		// An id the outbox never had: reset, then live events.
		st := s.openStream(t, admin, "", "Last-Event-ID", "999999999")
		m, _ := st.event(2 * time.Second)
		if m.event != "reset" {
			t.Fatalf("unknown id: %+v, want a reset", m)
		}
		resetAt, _ := strconv.ParseInt(m.id, 10, 64)
		c5 := s.createCase(admin, caseBody("five", nil))
		for {
			_, e := st.event(2 * time.Second)
			if e.Seq <= resetAt {
				t.Fatalf("after a reset to %d: event %d", resetAt, e.Seq)
			}
			if *e.CaseID == c5.ID {
				break
			}
		}
		s.do(http.MethodGet, "/api/v1/events?last_event_id=abc", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}

func mustSeq(t *testing.T, s *server, _ string) int64 {
	t.Helper()
	head, err := s.db.LastEventSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return head
}

// An id older than the resume window gets a reset rather than a replay: the
// client refetches.
func TestEventStreamResetsAnOldLastEventID(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		hub := withLive(s, live.Options{ResumeFor: time.Millisecond}, time.Minute)
		admin := s.signIn().AccessToken
		s.createCase(admin, caseBody("old", nil))
		old := mustSeq(t, s, admin)
		s.createCase(admin, caseBody("missed", nil))
		time.Sleep(10 * time.Millisecond)
		for deadline := time.Now().Add(5 * time.Second); hub.Head() != mustSeq(t, s, admin); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the hub does not catch up with the outbox")
			}
		}
		st := s.openStream(t, admin, "", "Last-Event-ID", strconv.FormatInt(old, 10))
		m, _ := st.event(2 * time.Second)
		var reset struct {
			Head int64 `json:"head"`
		}
		if m.event != "reset" || json.Unmarshal([]byte(m.data), &reset) != nil || reset.Head != mustSeq(t, s, admin) || m.id != strconv.FormatInt(reset.Head, 10) {
			t.Fatalf("old id: %+v, want a reset to the head", m)
		}
	})
}

// The stream ends when its user is disabled: it is checked again while open.
func TestEventStreamEndsWhenTheUserIsDisabled(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		withLive(s, live.Options{}, 100*time.Millisecond)
		admin := s.signIn().AccessToken
		u := s.createUser(admin, map[string]any{"email": "wiktor@example.org", "name": "Wiktor", "role": "responder", "password": adminPassword})
		tk := s.signInAs(t, "wiktor@example.org", adminPassword)
		st := s.openStream(t, tk.AccessToken, "")
		if m, ok := st.next(500 * time.Millisecond); ok {
			t.Fatalf("unexpected %+v", m)
		}
		if _, ok := <-st.msgs; !ok {
			t.Fatal("the stream ended while the user was enabled")
		}
		r := s.do(http.MethodPatch, "/api/v1/users/"+u.User.ID, map[string]any{"disabled": true}, append(bearer(admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		deadline := time.After(3 * time.Second)
		for {
			select {
			case _, ok := <-st.msgs:
				if !ok {
					return // ended
				}
			case <-deadline:
				t.Fatal("the stream of a disabled user is still open")
			}
		}
	})
}

// One user may hold only so many streams open: one more is a 429 problem,
// and closing one makes room. Another user is not affected.
func TestEventStreamsPerUserAreBounded(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		hub := withLive(s, live.Options{PerUser: 2}, time.Minute)
		roles := signInAsEachRole(t, s)
		admin := roles["admin"]
		first := s.openStream(t, admin, "")
		s.openStream(t, admin, "")
		s.do(http.MethodGet, "/api/v1/events", nil, bearer(admin)...).problem(t, http.StatusTooManyRequests)
		s.openStream(t, roles["auditor"], "")
		first.close()
		for deadline := time.Now().Add(2 * time.Second); hub.Clients() > 2; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d streams after one closed, want 2", hub.Clients())
			}
		}
		again := s.openStream(t, admin, "")
		s.createDepartment(admin, "Kardiologia")
		if m, _ := again.event(2 * time.Second); m.event != "changed" {
			t.Fatalf("the stream opened after one closed: %+v", m)
		}
	})
}
