package main

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// client sends requests over keep-alive connections, as many as the load has
// workers, and never decompresses (the server does not compress either).
func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 5 * time.Minute,
		Transport: &http.Transport{
			MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
			DisableCompression: true, IdleConnTimeout: time.Minute,
		},
	}
}

// call is one request the load sends.
type call struct {
	method, url, token string
	body               []byte
	header             map[string]string
	want               int // the status that counts as success
}

// response is what a call got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (c call) do(client *http.Client) (response, error) {
	return c.doInto(client, new(bytes.Buffer))
}

// doInto is do reading the body into buf, whose bytes the response's body
// shares until the next call: the load's workers reuse one buffer each, as
// wrk does, so that the generator's allocations take less of the machine.
func (c call) doInto(client *http.Client, buf *bytes.Buffer) (response, error) {
	req, err := http.NewRequest(c.method, c.url, bytes.NewReader(c.body))
	if err != nil {
		return response{}, err
	}
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	buf.Reset()
	if _, err := buf.ReadFrom(res.Body); err != nil {
		return response{}, err
	}
	body := buf.Bytes()
	out := response{status: res.StatusCode, header: res.Header, body: body}
	want := c.want
	if want == 0 {
		want = http.StatusOK
	}
	if res.StatusCode != want {
		return out, fmt.Errorf("%s %s: %d %.200s", c.method, c.url, res.StatusCode, body)
	}
	return out, nil
}

// worker makes the calls of one connection: next gives its i-th call, and
// done (optional) sees the response, e.g. to carry an ETag into the next call.
type worker struct {
	next func(i int) call
	done func(response)
}

// stats summarise one load run.
type stats struct {
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"`
	FirstErr  string  `json:"first_error,omitempty"`
	PerSecond float64 `json:"requests_per_s"`
	P50       float64 `json:"p50_ms"`
	P95       float64 `json:"p95_ms"`
	P99       float64 `json:"p99_ms"`
}

// runLoad runs conns workers for d (after a short warm-up that is not counted)
// and measures every request's latency.
func runLoad(client *http.Client, conns int, d time.Duration, newWorker func(w int) worker) stats {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		st        stats
		wg        sync.WaitGroup
	)
	warmUntil := time.Now().Add(d / 5)
	start := warmUntil
	end := start.Add(d)
	for w := range conns {
		wk := newWorker(w)
		wg.Go(func() {
			var mine []time.Duration
			var buf bytes.Buffer
			errors, firstErr := 0, ""
			for i := 0; ; i++ {
				t0 := time.Now()
				if t0.After(end) {
					break
				}
				res, err := wk.next(i).doInto(client, &buf)
				took := time.Since(t0)
				if err == nil && wk.done != nil {
					wk.done(res)
				}
				if t0.Before(warmUntil) {
					continue
				}
				mine = append(mine, took)
				if err != nil {
					if errors++; firstErr == "" {
						firstErr = err.Error()
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			st.Errors += errors
			if st.FirstErr == "" {
				st.FirstErr = firstErr
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	st.Requests = len(latencies)
	st.PerSecond = float64(len(latencies)) / time.Since(start).Seconds()
	slices.Sort(latencies)
	st.P50, st.P95, st.P99 = percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)
	return st
}

func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return float64(sorted[i].Microseconds()) / 1000
}

// runRate offers rate requests a second for d (after a short warm-up that is
// not counted), whatever the server's pace: request i is due at i/rate, and
// its latency counts from then, so that time spent waiting for a free
// connection counts too (a closed loop would send less as the server slows
// and hide the wait). senders bounds the requests in flight.
func runRate(client *http.Client, rate float64, senders int, d time.Duration, wk worker) stats {
	type slot struct {
		i   int
		due time.Time
	}
	start := time.Now()
	warmUntil := start.Add(d / 5)
	n := int(rate * (d + d/5).Seconds())
	due := make(chan slot, n)
	for i := range n {
		due <- slot{i: i, due: start.Add(time.Duration(float64(i) / rate * float64(time.Second)))}
	}
	close(due)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		st        stats
		wg        sync.WaitGroup
	)
	for range senders {
		wg.Go(func() {
			var buf bytes.Buffer
			for s := range due {
				time.Sleep(time.Until(s.due))
				_, err := wk.next(s.i).doInto(client, &buf)
				took := time.Since(s.due)
				if s.due.Before(warmUntil) {
					continue
				}
				mu.Lock()
				latencies = append(latencies, took)
				if err != nil {
					if st.Errors++; st.FirstErr == "" {
						st.FirstErr = err.Error()
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	st.Requests = len(latencies)
	st.PerSecond = float64(len(latencies)) / time.Since(warmUntil).Seconds()
	slices.Sort(latencies)
	st.P50, st.P95, st.P99 = percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99)
	return st
}
