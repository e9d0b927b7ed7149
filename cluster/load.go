package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// worker is one signed-in responder sending a mix of requests through the
// balancer until told to stop. Writes are never retried: a write not answered
// 2xx may or may not have been done, and the checks accept either, once.
type worker struct {
	c      *client
	ledger *ledger
	rng    *mrand.Rand
	failed bool // the last request was not answered 2xx
}

// run sends requests until stop is set; the request in flight then is
// answered before it returns, so that nothing is still being written while
// the checks run (a client that hung up would not stop the balancer from
// waiting for the replica's answer).
func (w *worker) run(ctx context.Context, stop *atomic.Bool) {
	for ctx.Err() == nil && !stop.Load() {
		w.pace()
		switch n := w.rng.IntN(100); {
		case n < 20:
			w.read(ctx, "list cases", "/api/v1/cases?limit=20")
		case n < 35:
			w.read(ctx, "get case", "/api/v1/cases/"+w.ledger.someCase(w.rng.Int()))
		case n < 55:
			w.createCase(ctx)
		case n < 75:
			w.addNote(ctx)
		case n < 88:
			w.upload(ctx, 256<<10+w.rng.IntN(2<<20), 0)
		default:
			w.read(ctx, "export case", "/api/v1/cases/"+w.ledger.someCase(w.rng.Int())+"/export?format=json")
		}
	}
}

// pace waits between requests: about 25 a second at most (under a user's
// rate limit), and after a failure as long as a client told Retry-After
// would, up to a second, so that an outage is not met with a flood.
func (w *worker) pace() {
	wait := time.Duration(20+w.rng.IntN(40)) * time.Millisecond
	if w.failed {
		wait, w.failed = 500*time.Millisecond+time.Duration(w.rng.IntN(500))*time.Millisecond, false
	}
	time.Sleep(wait)
}

func (w *worker) read(ctx context.Context, op, path string) {
	start := time.Now()
	a := w.c.do(ctx, http.MethodGet, path, nil)
	if ctx.Err() == nil {
		w.ledger.note(op, start, a, nil)
	}
	w.failed = !a.ok()
}

func (w *worker) createCase(ctx context.Context) {
	marker := newMarker()
	at := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
	start := time.Now()
	a := w.c.do(ctx, http.MethodPost, "/api/v1/cases", map[string]any{"title": "Cluster case " + marker, "category": "malware",
		"severity": "high", "detected_at": at, "aware_at": at, "personal_data_involved": false})
	w.record(ctx, "create case", start, a, write{kind: "case", marker: marker})
}

func (w *worker) addNote(ctx context.Context) {
	caseID := w.ledger.someCase(w.rng.Int())
	marker := newMarker()
	start := time.Now()
	a := w.c.do(ctx, http.MethodPost, "/api/v1/cases/"+caseID+"/notes", map[string]any{"kind": "update", "body": "Cluster note " + marker})
	w.record(ctx, "add note", start, a, write{kind: "note", caseID: caseID, marker: marker})
}

// record notes a write's outcome, with the id the answer gave.
func (w *worker) record(ctx context.Context, op string, start time.Time, a answer, wr write) {
	if ctx.Err() != nil && !a.ok() {
		return // cut by the end of the load, not by a fault
	}
	var got struct {
		ID     string `json:"id"`
		SHA256 string `json:"sha256"`
	}
	if a.ok() {
		if err := a.decode(&got); err != nil || got.ID == "" || (wr.sha256 != "" && got.SHA256 != wr.sha256) {
			a = answer{status: a.status, err: fmt.Errorf("%s answered %d with %s", op, a.status, a.body)}
		}
	}
	wr.id = got.ID
	w.ledger.note(op, start, a, &wr)
	w.failed = !a.ok()
}

// upload adds evidence of size random bytes to a known case; with a pause
// between its 64 KiB chunks it is slow, long enough for a kill to land in it.
func (w *worker) upload(ctx context.Context, size int, pause time.Duration) {
	caseID := w.ledger.someCase(w.rng.Int())
	marker := newMarker()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	sum := make(chan string, 1)
	go func() {
		h := sha256.New()
		_ = mw.WriteField("title", "Cluster evidence "+marker) // fails only once the request has ended, as does the next
		_ = mw.WriteField("kind", "log")
		part, err := mw.CreateFormFile("file", marker+".log")
		if err != nil {
			sum <- ""
			return
		}
		chunk := make([]byte, 64<<10)
		for left := size; left > 0; left -= len(chunk) {
			if left < len(chunk) {
				chunk = chunk[:left]
			}
			rand.Read(chunk)
			h.Write(chunk)
			if _, err := part.Write(chunk); err != nil {
				pw.CloseWithError(err)
				sum <- ""
				return
			}
			if pause > 0 {
				time.Sleep(pause)
			}
		}
		sum <- hex.EncodeToString(h.Sum(nil))
		pw.CloseWithError(mw.Close())
	}()
	op := "upload evidence"
	if pause > 0 {
		op = "slow upload"
		var src string
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
			src = i.Conn.LocalAddr().String()
			w.ledger.slowStarted(src)
		}})
		defer func() { w.ledger.slowEnded(src) }()
	}
	start := time.Now()
	a := w.c.do(ctx, http.MethodPost, "/api/v1/cases/"+caseID+"/evidence", pr, "Content-Type", mw.FormDataContentType())
	pr.CloseWithError(io.ErrClosedPipe) // the writer stops if the request ended early
	w.record(ctx, op, start, a, write{kind: "evidence", caseID: caseID, marker: marker, sha256: <-sum})
}

// slowUploads sends slow uploads back to back, so that one is usually in
// flight when a replica is killed.
func (w *worker) slowUploads(ctx context.Context, stop *atomic.Bool) {
	for ctx.Err() == nil && !stop.Load() {
		w.pace()
		w.upload(ctx, 4<<20, 50*time.Millisecond)
	}
}
