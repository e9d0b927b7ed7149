package main

import (
	"bufio"
	"bytes"
	"context"
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

	// Each client keeps its own receipts (note id, when), read without a
	// JSON decoder and merged after the run, so that the clients' own work
	// and a shared lock do not end up in the server's figure.
	type receipt struct {
		id string
		at time.Time
	}
	receipts := make([][]receipt, liveClients)
	var ready, dropped atomic.Int64
	var wg sync.WaitGroup
	for i := range liveClients {
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
			const key = `"entity_id":"`
			for sc.Scan() {
				line := sc.Bytes()
				if string(line) == "event: reset" {
					dropped.Add(1)
					return
				}
				if !bytes.HasPrefix(line, []byte("data: ")) {
					continue
				}
				_, rest, ok := bytes.Cut(line, []byte(key))
				if !ok {
					continue
				}
				id, _, ok := bytes.Cut(rest, []byte(`"`))
				if ok {
					receipts[i] = append(receipts[i], receipt{string(id), time.Now()})
				}
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
	// Give every client 10 s to have every note, then close the streams
	// and read the receipts.
	time.Sleep(10 * time.Second)
	rssAfter := s.rss()
	cancel()
	wg.Wait()
	type arrival struct {
		clients int
		last    time.Time
	}
	arrived := map[string]*arrival{}
	for _, rs := range receipts {
		for _, r := range rs {
			a := arrived[r.id]
			if a == nil {
				a = &arrival{}
				arrived[r.id] = a
			}
			a.clients++
			if r.at.After(a.last) {
				a.last = r.at
			}
		}
	}
	var fromResponse, fromRequest []float64
	missing := 0
	for _, p := range pubs {
		r := arrived[p.id]
		if r == nil || r.clients < liveClients-int(dropped.Load()) {
			missing++
			continue
		}
		fromResponse = append(fromResponse, max(0, ms(r.last.Sub(p.got))))
		fromRequest = append(fromRequest, ms(r.last.Sub(p.sent)))
	}
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
