package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
)

// outboxScenario is the name -only matches for measureOutbox.
const outboxScenario = "outbox throughput"

// measureOutbox measures, on PostgreSQL, how many outbox events a second
// real changes write: conns workers add short notes through the API, each to
// a case of its own, for duration, and the outbox rows they wrote are
// counted (target ≥ 1 000 a second). Then a relay.Delivery whose Handle does
// nothing drains them from a cursor set before the load: events a second a
// delivery hands over, cursor moves and transactions included.
func measureOutbox(s *server, token, dbURL string, conns int, duration time.Duration) (map[string]float64, error) {
	ctx := context.Background()
	pg, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, err
	}
	defer pg.Close()
	st, err := store.OpenWith(ctx, dbURL, "", store.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var handled atomic.Int64
	d := relay.Delivery{Name: fmt.Sprintf("bench-%d", time.Now().UnixNano()), Handle: func(_ context.Context, evs []events.Event) error {
		handled.Add(int64(len(evs)))
		return nil
	}}
	if _, err := relay.Once(ctx, st, d); err != nil { // its cursor starts at the newest event
		return nil, err
	}
	caseIDs := make([]string, conns)
	for i := range conns {
		if caseIDs[i], _, err = s.createCase(token, fmt.Sprintf("Benchmark: outbox %d", i)); err != nil {
			return nil, err
		}
	}
	count := func() (int64, error) {
		var n int64
		return n, pg.QueryRow("SELECT count(*) FROM outbox_events").Scan(&n)
	}
	before, err := count()
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(duration)
	for i := range conns {
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline); n++ {
				body := map[string]string{"kind": "update", "body": fmt.Sprintf("Host %d re-imaged and back on the network.", n)}
				if _, err := s.json(http.MethodPost, "/cases/"+caseIDs[i]+"/notes", token, body, http.StatusCreated, nil); err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	after, err := count()
	if err != nil {
		return nil, err
	}
	written := after - before
	r := map[string]float64{"conns": float64(conns), "seconds": secs, "events_written": float64(written),
		"events_written_per_s": float64(written) / secs, "target_events_per_s": 1000, "failed_requests": float64(failed.Load())}
	if e := firstErr.Load(); e != nil {
		fmt.Printf("first error of %s: %s\n", outboxScenario, e)
	}

	// A delivery reads every event but is handed only the notable ones; the
	// last bare changes, fewer than a batch, stay for the next notable event.
	start = time.Now()
	var read int64
	for {
		n, err := relay.Once(ctx, st, d)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		read += int64(n)
	}
	relaySecs := time.Since(start).Seconds()
	r["relay_events"] = float64(read)
	r["relay_events_per_s"] = float64(read) / relaySecs
	r["relay_notable_events"] = float64(handled.Load())
	r["relay_batch"] = relay.Batch
	if _, err := pg.Exec("DELETE FROM outbox_cursors WHERE name = $1", d.Name); err != nil { // it would hold pruning back
		return nil, err
	}
	return r, nil
}

func printOutbox(r map[string]float64) {
	if r == nil {
		return
	}
	verdict := map[bool]string{true: "met", false: "MISSED"}[r["events_written_per_s"] >= r["target_events_per_s"]]
	fmt.Printf("%-32s %9.0f events/s written by %.0f connections adding notes (target ≥ 1 000: %s), %.0f failed requests\n",
		outboxScenario, r["events_written_per_s"], r["conns"], verdict, r["failed_requests"])
	fmt.Printf("%-32s %9.0f events/s read by a delivery that does nothing (%.0f events, %.0f of them notable, batches of %.0f)\n",
		"  relay", r["relay_events_per_s"], r["relay_events"], r["relay_notable_events"], r["relay_batch"])
}
