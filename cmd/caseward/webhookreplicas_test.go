package main

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store/dbtest"
)

// TestWebhookEventsArriveWhenAReplicaIsKilledDuringDelivery runs two
// `caseward serve` on one fresh PostgreSQL database with a webhook receiver
// that answers slowly. Cases are opened through both replicas while one of
// them is killed with SIGKILL mid-delivery and started again: every event the
// webhook wants arrives, under its event id, and the receiver, deduplicating
// on that id as Standard Webhooks asks, handles each exactly once.
func TestWebhookEventsArriveWhenAReplicaIsKilledDuringDelivery(t *testing.T) {
	url := dbtest.PostgresURL(t)
	t.Setenv("CASEWARD_WEBHOOK_ALLOW", "127.0.0.0/8")
	t.Setenv("CASEWARD_WEBHOOK_ALLOW_HTTP", "true")
	pg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	var mu sync.Mutex
	arrivals := map[string]int{} // webhook-id → requests that carried it
	var inFlight atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		defer inFlight.Add(-1)
		_, _ = io.Copy(io.Discard, r.Body)
		time.Sleep(100 * time.Millisecond) // slow enough to be killed mid-delivery
		mu.Lock()
		arrivals[r.Header.Get("webhook-id")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()

	// Replica A alone at first, so that the delivery in flight when it is
	// killed is its own.
	a := startServe(t, t.TempDir(), url)
	tokenA := a.signIn(t)
	if code := a.call(t, tokenA, http.MethodPost, "/api/v1/webhooks", map[string]any{"url": rcv.URL + "/caseward",
		"kinds": []string{"case.created", "case.status_changed"}}, nil); code != http.StatusCreated {
		t.Fatalf("create webhook: %d", code)
	}
	open := func(p *serverProcess, token string, i int) {
		now := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
		var c struct{ ID string }
		if code := p.call(t, token, http.MethodPost, "/api/v1/cases", map[string]any{"title": fmt.Sprintf("Ransomware note %d – Łódź", i),
			"summary": "Found by the mail gateway", "category": "malware", "severity": "high", "detected_at": now, "aware_at": now,
			"personal_data_involved": false}, &c); code != http.StatusCreated {
			t.Fatalf("create case %d: %d", i, code)
		}
	}
	for i := range 20 {
		open(a, tokenA, i)
	}
	waitUntil(t, 10*time.Second, "no delivery started", func() bool { return inFlight.Load() > 0 })
	if err := a.cmd.Process.Kill(); err != nil { // SIGKILL, its deliveries in flight
		t.Fatal(err)
	}
	_ = a.cmd.Wait()

	// Replica B takes over; A comes back; both open more cases.
	b := startServe(t, t.TempDir(), url)
	tokenB := b.signIn(t)
	for i := 20; i < 30; i++ {
		open(b, tokenB, i)
	}
	a = startServe(t, t.TempDir(), url)
	tokenA = a.signIn(t)
	for i := 30; i < 40; i++ {
		open(a, tokenA, i)
		open(b, tokenB, i+10)
	}

	want := map[string]bool{}
	read := func() {
		rows, err := pg.Query(`SELECT id FROM outbox_events WHERE kind IN ('case.created', 'case.status_changed')`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			want[id] = true
		}
	}
	read()
	if len(want) != 50 {
		t.Fatalf("%d events in the outbox, want one per case opened (50)", len(want))
	}
	// A delivery claimed by the killed replica waits for its lease (25 s).
	waitUntil(t, 60*time.Second, "not every event arrived", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for id := range want {
			if arrivals[id] == 0 {
				return false
			}
		}
		return true
	})
	mu.Lock()
	defer mu.Unlock()
	again := 0
	for id, n := range arrivals {
		if !want[id] {
			t.Errorf("an event the webhook did not ask for arrived: %s", id)
		}
		again += n - 1
	}
	t.Logf("%d events arrived, %d of them a second time (at least once: the receiver deduplicates on webhook-id)", len(arrivals), again)
}
