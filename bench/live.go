package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// liveScenario is the name -only matches for measureLive.
const liveScenario = "live event stream"

// liveLoad is the live scenario's load: clients held open on one replica, and
// notes published through the API while they listen (flags -live-clients,
// -live-rate, -live-events; the targets are for 1 000 clients at 100 a second).
type liveLoad struct {
	clients, rate, events int
}

// measureLive holds liveClients event-stream clients on the server (its
// resident memory before and after: target growth < 200 MiB), then adds
// liveRate notes a second to one case and measures, for each note, how long
// after its response every client had its event (target p99 < 500 ms). The
// clients run in this process, on the same machine: their own work is part
// of the figure.
func measureLive(s *server, token string, load liveLoad) (map[string]float64, error) {
	liveClients, liveRate, liveEventsRun := load.clients, load.rate, load.events
	caseID, _, err := s.createCase(token, "Benchmark: live updates")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rssBefore := s.rss()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: liveClients,
		DialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext}}

	// received counts, per note id, the clients that have its event and when the last one got it.
	type receipt struct {
		clients int
		last    time.Time
	}
	var mu sync.Mutex
	received := map[string]*receipt{}
	var ready, dropped atomic.Int64
	var wg sync.WaitGroup
	for range liveClients {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.api+"/events", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("open event stream %d: %w", ready.Load()+1, err)
		}
		if res.StatusCode != http.StatusOK {
			res.Body.Close()
			return nil, fmt.Errorf("open event stream: %d", res.StatusCode)
		}
		ready.Add(1)
		wg.Go(func() {
			defer res.Body.Close()
			sc := bufio.NewScanner(res.Body)
			sc.Buffer(make([]byte, 64<<10), 1<<20)
			for sc.Scan() {
				line := sc.Text()
				if line == "event: reset" {
					dropped.Add(1)
					return
				}
				data, ok := strings.CutPrefix(line, "data: ")
				if !ok {
					continue
				}
				var e struct {
					EntityID *string `json:"entity_id"`
				}
				if json.Unmarshal([]byte(data), &e) != nil || e.EntityID == nil {
					continue
				}
				now := time.Now()
				mu.Lock()
				r := received[*e.EntityID]
				if r == nil {
					r = &receipt{}
					received[*e.EntityID] = r
				}
				r.clients++
				r.last = now
				mu.Unlock()
			}
		})
	}
	time.Sleep(2 * time.Second) // let the connections settle before measuring memory
	rssHeld := s.rss()

	// Publish at liveRate a second, each note from its own goroutine so that
	// a slow response does not slow the rate.
	type published struct {
		id        string
		sent, got time.Time
	}
	var pubs []published
	var pmu sync.Mutex
	var perr atomic.Value
	var pwg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(liveRate))
	start := time.Now()
	for i := range liveEventsRun {
		<-tick.C
		pwg.Go(func() {
			sent := time.Now()
			var note struct {
				ID string `json:"id"`
			}
			if _, err := s.json(http.MethodPost, "/cases/"+caseID+"/notes", token, map[string]string{"kind": "update", "body": "Live note " + strconv.Itoa(i)}, http.StatusCreated, &note); err != nil {
				perr.Store(err)
				return
			}
			pmu.Lock()
			pubs = append(pubs, published{id: note.ID, sent: sent, got: time.Now()})
			pmu.Unlock()
		})
	}
	tick.Stop()
	pwg.Wait()
	rate := float64(liveEventsRun) / time.Since(start).Seconds()
	if err, _ := perr.Load().(error); err != nil {
		return nil, err
	}
	// Wait until every client has every note, or 10 s.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		mu.Lock()
		done := 0
		for _, p := range pubs {
			if r := received[p.id]; r != nil && r.clients >= liveClients {
				done++
			}
		}
		mu.Unlock()
		if done == len(pubs) {
			break
		}
	}
	rssAfter := s.rss()
	mu.Lock()
	var fromResponse, fromRequest []float64
	missing := 0
	for _, p := range pubs {
		r := received[p.id]
		if r == nil || r.clients < liveClients-int(dropped.Load()) {
			missing++
			continue
		}
		fromResponse = append(fromResponse, max(0, ms(r.last.Sub(p.got))))
		fromRequest = append(fromRequest, ms(r.last.Sub(p.sent)))
	}
	mu.Unlock()
	cancel()
	wg.Wait()
	if len(fromResponse) == 0 {
		return nil, fmt.Errorf("no note reached every client")
	}
	slices.Sort(fromResponse)
	slices.Sort(fromRequest)
	pct := func(v []float64, p float64) float64 { return v[min(len(v)-1, int(float64(len(v))*p))] }
	return map[string]float64{
		"clients": float64(liveClients), "events": float64(len(pubs)), "publish_rate_per_s": rate,
		"rss_before_mib": mib(rssBefore), "rss_held_mib": mib(rssHeld), "rss_after_mib": mib(rssAfter),
		"rss_growth_mib": mib(max(rssHeld, rssAfter) - rssBefore), "target_rss_growth_mib": 200,
		"p50_ms": pct(fromResponse, 0.5), "p99_ms": pct(fromResponse, 0.99), "max_ms": fromResponse[len(fromResponse)-1],
		"p99_from_request_ms": pct(fromRequest, 0.99), "target_p99_ms": 500,
		"clients_dropped": float64(dropped.Load()), "events_not_everywhere": float64(missing),
	}, nil
}

// rss is the server's resident memory now, in bytes.
func (s *server) rss() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func printLive(r map[string]float64) {
	if r == nil {
		return
	}
	verdict := func(ok bool) string { return map[bool]string{true: "met", false: "MISSED"}[ok] }
	fmt.Printf("%-32s %.0f clients: RSS %.0f → %.0f MiB (+%.0f, target < 200: %s); %.0f notes at %.0f/s: every client within p50 %.0f ms, p99 %.0f ms (target < 500: %s), slowest %.0f ms; %.0f dropped, %.0f events short\n",
		liveScenario, r["clients"], r["rss_before_mib"], r["rss_held_mib"], r["rss_growth_mib"], verdict(r["rss_growth_mib"] < r["target_rss_growth_mib"]),
		r["events"], r["publish_rate_per_s"], r["p50_ms"], r["p99_ms"], verdict(r["p99_ms"] < r["target_p99_ms"]), r["max_ms"], r["clients_dropped"], r["events_not_everywhere"])
}
