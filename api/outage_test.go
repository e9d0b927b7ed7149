package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
)

// outage phases, in the order the test goes through them.
const (
	phaseUp        = iota // the database answers
	phaseStalled          // every byte to and from the database is held
	phaseCut              // connections are refused and reset
	phaseRestoring        // the database is back; /readyz has not said so yet
	phaseRecovered        // /readyz said the database is back
)

var phaseNames = []string{"up", "stalled", "cut", "restoring", "recovered"}

// outcome is one request made during the run.
type outcome struct {
	phase      int
	what       string
	status     int
	ct         string
	retryAfter string
	body       string
	latency    time.Duration
	err        error
}

// loadClient sends requests as one signed-in user, never failing the test from
// a worker goroutine: it records every outcome instead.
type loadClient struct {
	t      *testing.T // Errorf only: the load runs in goroutines of its own
	base   string
	token  string
	http   *http.Client
	phase  atomic.Int32
	mu     sync.Mutex
	out    []outcome
	cases  []string // acknowledged with 201
	notes  []string // acknowledged with 201
	caseMu sync.Mutex
}

func (l *loadClient) send(what, method, path string, body any) (outcome, []byte) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, l.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+l.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	o := outcome{phase: int(l.phase.Load()), what: what}
	start := time.Now()
	res, err := l.http.Do(req)
	var b []byte
	if err == nil {
		b, err = io.ReadAll(res.Body)
		res.Body.Close()
		o.status, o.ct, o.retryAfter = res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Retry-After")
	}
	o.latency, o.err, o.body = time.Since(start), err, string(b)
	l.mu.Lock()
	l.out = append(l.out, o)
	l.mu.Unlock()
	return o, b
}

func (l *loadClient) someCase(i int) string {
	l.caseMu.Lock()
	defer l.caseMu.Unlock()
	if len(l.cases) == 0 {
		return ""
	}
	return l.cases[i%len(l.cases)]
}

func (l *loadClient) writer(stop <-chan struct{}, n int) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		o, b := l.send("create case", http.MethodPost, "/api/v1/cases", caseBody(fmt.Sprintf("Outage writer %d case %d", n, i), nil))
		if o.status == http.StatusCreated {
			var c apiCase
			if err := json.Unmarshal(b, &c); err != nil {
				l.t.Errorf("create case: answered 201 with %q: %v", b, err)
				continue
			}
			l.caseMu.Lock()
			l.cases = append(l.cases, c.ID)
			l.caseMu.Unlock()
		}
		if id := l.someCase(i + n); id != "" {
			o, b := l.send("add note", http.MethodPost, "/api/v1/cases/"+id+"/notes", map[string]string{"kind": "update", "body": "still investigating"})
			if o.status == http.StatusCreated {
				var note struct{ ID string }
				if err := json.Unmarshal(b, &note); err != nil {
					l.t.Errorf("add note: answered 201 with %q: %v", b, err)
					continue
				}
				l.caseMu.Lock()
				l.notes = append(l.notes, note.ID)
				l.caseMu.Unlock()
			}
		}
	}
}

func (l *loadClient) reader(stop <-chan struct{}, n int) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		l.send("list cases", http.MethodGet, "/api/v1/cases?limit=20&sort=-updated", nil)
		if id := l.someCase(i * n); id != "" {
			l.send("get case", http.MethodGet, "/api/v1/cases/"+id, nil)
		}
	}
}

// TestDatabaseOutageUnderLoadFailsFastAndRecovers runs writers and readers
// against the real HTTP server while the database first stops answering (a
// stall: only deadlines end the waits) and then refuses connections. Every
// request ends within the configured database timeout as a success or a 503
// problem with Retry-After; /readyz follows; the server recovers by itself;
// and afterwards every acknowledged write is in the database, with its audit
// event, on a chain that verifies.
func TestDatabaseOutageUnderLoadFailsFastAndRecovers(t *testing.T) {
	t.Parallel()
	const dbTimeout = time.Second
	// A hang would last until the client's 30 s timeout; the bound is the
	// database timeout plus room for a loaded 2-core CI machine.
	const bound = dbTimeout + 3*time.Second
	p, raw, dbURL := proxiedPostgres(t)
	db, err := store.OpenWith(context.Background(), dbURL, "", store.Options{Timeout: dbTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	limits := productionLimits
	limits.UserRate, limits.IPRate = 0, 0 // many requests from one user and address, on purpose
	s := newServerWithLimits(t, db, limits)
	l := &loadClient{t: t, base: s.url, token: s.signIn().AccessToken, http: &http.Client{Timeout: 30 * time.Second}}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() { l.writer(stop, i) })
	}
	for i := range 2 {
		wg.Go(func() { l.reader(stop, i+1) })
	}
	ready := func() int {
		o, _ := l.send("readyz", http.MethodGet, "/readyz", nil)
		return o.status
	}

	time.Sleep(500 * time.Millisecond)
	l.phase.Store(phaseStalled)
	p.stalled()
	time.Sleep(2 * time.Second)
	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("readyz while the database is stalled = %d, want 503", got)
	}
	l.phase.Store(phaseCut)
	p.cut()
	time.Sleep(time.Second)
	if got := ready(); got != http.StatusServiceUnavailable {
		t.Errorf("readyz while the database refuses connections = %d, want 503", got)
	}
	l.phase.Store(phaseRestoring)
	p.restore()
	deadline := time.Now().Add(10 * time.Second)
	for ready() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover after the database came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	l.phase.Store(phaseRecovered)
	time.Sleep(700 * time.Millisecond)
	close(stop)
	wg.Wait()

	checkOutcomes(t, l.out, bound)
	checkAcknowledgedWrites(t, raw, l.cases, l.notes)
	var v struct {
		Valid   bool `json:"valid"`
		Checked int  `json:"checked"`
	}
	s.do(http.MethodGet, "/api/v1/audit/verify", nil, bearer(l.token)...).json(&v)
	if !v.Valid || v.Checked < len(l.cases)+len(l.notes) {
		t.Errorf("audit chain after the outage: %+v for %d acknowledged writes", v, len(l.cases)+len(l.notes))
	}
}

// checkOutcomes: no request took longer than bound; every failure was a 503
// problem with Retry-After; requests succeeded before and after the outage.
func checkOutcomes(t *testing.T, out []outcome, bound time.Duration) {
	t.Helper()
	type tally struct {
		ok, unavailable int
		slowest         time.Duration
	}
	per := make([]tally, len(phaseNames))
	for _, o := range out {
		tl := &per[o.phase]
		tl.slowest = max(tl.slowest, o.latency)
		switch {
		case o.err != nil:
			t.Errorf("%s (%s): %v after %v", o.what, phaseNames[o.phase], o.err, o.latency)
		case o.latency > bound:
			t.Errorf("%s (%s): took %v, more than %v", o.what, phaseNames[o.phase], o.latency, bound)
		case o.status < 300:
			tl.ok++
		case o.status == http.StatusServiceUnavailable && o.ct == "application/problem+json" && o.retryAfter != "" && strings.Contains(o.body, `"status":503`):
			tl.unavailable++
		default:
			t.Errorf("%s (%s): %d %q Retry-After %q: %.300s", o.what, phaseNames[o.phase], o.status, o.ct, o.retryAfter, o.body)
		}
	}
	for i, tl := range per {
		t.Logf("%-9s %4d ok, %4d 503, slowest %v", phaseNames[i], tl.ok, tl.unavailable, tl.slowest.Round(time.Millisecond))
	}
	if per[phaseUp].ok == 0 || per[phaseRecovered].ok == 0 {
		t.Errorf("no successful requests before or after the outage")
	}
	if per[phaseRecovered].unavailable > 0 {
		t.Errorf("%d requests failed after /readyz said the database was back", per[phaseRecovered].unavailable)
	}
	if per[phaseStalled].unavailable == 0 || per[phaseCut].unavailable == 0 {
		t.Errorf("no 503 during the outage: the test did not reach the database")
	}
}

// checkAcknowledgedWrites reads the database directly (not through the proxy):
// every case and note acknowledged with 201 is there, and every case and note
// there has its audit event.
func checkAcknowledgedWrites(t *testing.T, raw string, cases, notes []string) {
	t.Helper()
	conn, err := sql.Open("pgx", raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, c := range []struct {
		table, action string
		ids           []string
	}{{"cases", "case.create", cases}, {"notes", "note.create", notes}} {
		present := map[string]bool{}
		rows, err := conn.Query("SELECT id::text FROM " + c.table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			present[id] = true
		}
		rows.Close()
		for _, id := range c.ids {
			if !present[id] {
				t.Errorf("%s %s was acknowledged with 201 but is not in the database", c.table, id)
			}
		}
		var unaudited int
		err = conn.QueryRow(`SELECT count(*) FROM `+c.table+` t WHERE NOT EXISTS
			(SELECT 1 FROM audit_events a WHERE a.entity_id = t.id::text AND a.action = $1)`, c.action).Scan(&unaudited)
		if err != nil || unaudited > 0 {
			t.Errorf("%s without their %s audit event: %d (%v)", c.table, c.action, unaudited, err)
		}
		t.Logf("%s: %d acknowledged, %d in the database", c.table, len(c.ids), len(present))
	}
}
