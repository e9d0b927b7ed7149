package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// leaderPID is the PostgreSQL backend that holds the leader lock, 0 when
// none does.
func leaderPID(t *testing.T, db *sql.DB) int {
	t.Helper()
	var pid int
	key := uint64(store.LeaderKey)
	err := db.QueryRow(`SELECT COALESCE(MAX(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`,
		uint32(key>>32), uint32(key)).Scan(&pid)
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func waitUntil(t *testing.T, within time.Duration, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > within {
			t.Fatalf("after %v: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start)
}

// TestLeaderKilledAnotherTakesOverAndNoThresholdTwice runs two `caseward
// serve` on one fresh PostgreSQL database. The first leads and tells the
// thresholds crossed; it is killed with SIGKILL; the other leads within
// seconds and tells the thresholds crossed meanwhile, and no threshold is in
// the outbox twice.
func TestLeaderKilledAnotherTakesOverAndNoThresholdTwice(t *testing.T) {
	url := dbtest.PostgresURL(t)
	t.Setenv("CASEWARD_SCHEDULE_INTERVAL", "1s")
	pg, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	a := startServe(t, t.TempDir(), url)
	waitUntil(t, 10*time.Second, "the first replica never led", func() bool { return leaderPID(t, pg) != 0 })
	first := leaderPID(t, pg)
	b := startServe(t, t.TempDir(), url)
	token := a.signIn(t)

	// Two clocks (GDPR Art. 33, 72 h from awareness) and a task: one clock
	// already under an hour from due, one that crosses "1 h left" in a few
	// seconds, a task that falls due meanwhile.
	now := time.Now().UTC().Truncate(time.Second)
	newCase := func(title string, aware time.Time) string {
		var c struct{ ID string }
		if code := a.call(t, token, http.MethodPost, "/api/v1/cases", map[string]any{"title": title, "category": "data_leak",
			"severity": "critical", "detected_at": aware.Format(time.RFC3339), "aware_at": aware.Format(time.RFC3339),
			"personal_data_involved": true}, &c); code != http.StatusCreated {
			t.Fatalf("create case: %d", code)
		}
		return c.ID
	}
	soon := newCase("Patient records exposed", now.Add(-72*time.Hour+30*time.Minute))
	later := newCase("Wypłaty: wyciek danych kadrowych", now.Add(-71*time.Hour+8*time.Second))
	taskDue := now.Add(10 * time.Second)
	if code := a.call(t, token, http.MethodPost, "/api/v1/cases/"+soon+"/tasks", map[string]any{"title": "Notify the ICO",
		"due_at": taskDue.Format(time.RFC3339)}, nil); code != http.StatusCreated {
		t.Fatalf("create task: %d", code)
	}

	type told struct{ CaseID, Kind, Threshold string }
	read := func() map[told]int {
		rows, err := pg.Query(`SELECT case_id, kind, data FROM outbox_events WHERE action = 'schedule'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[told]int{}
		for rows.Next() {
			var k told
			var data string
			if err := rows.Scan(&k.CaseID, &k.Kind, &data); err != nil {
				t.Fatal(err)
			}
			var d struct{ Threshold string }
			_ = json.Unmarshal([]byte(data), &d)
			k.Threshold = d.Threshold
			out[k]++
		}
		return out
	}
	waitUntil(t, 10*time.Second, "the leader did not tell the clock under an hour", func() bool {
		return read()[told{soon, "clock.due_soon", "1h"}] == 1
	})
	if err := a.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = a.cmd.Wait()
	took := waitUntil(t, 15*time.Second, "the other replica did not lead", func() bool {
		pid := leaderPID(t, pg)
		return pid != 0 && pid != first
	})
	t.Logf("the other replica led %v after the leader was killed", took.Round(time.Millisecond))
	if took > 10*time.Second {
		t.Errorf("takeover took %v", took)
	}
	waitUntil(t, 20*time.Second, "the thresholds crossed after the kill were not told", func() bool {
		got := read()
		return got[told{later, "clock.due_soon", "1h"}] == 1 && got[told{soon, "task.overdue", ""}] == 1
	})
	time.Sleep(2 * time.Second) // a few more scans by the new leader
	got := read()
	want := map[told]int{
		{soon, "clock.due_soon", "1h"}:  1,
		{later, "clock.due_soon", "6h"}: 1, // opened with under 6 h left
		{later, "clock.due_soon", "1h"}: 1,
		{soon, "task.overdue", ""}:      1,
	}
	var lines []string
	for k, n := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s ×%d", k.Kind, k.Threshold, k.CaseID, n))
		if want[k] != n {
			t.Errorf("%+v told %d times, want %d", k, n, want[k])
		}
	}
	sort.Strings(lines)
	if len(got) != len(want) {
		t.Errorf("told:\n%s", strings.Join(lines, "\n"))
	}
	var dup int
	if err := pg.QueryRow(`SELECT count(*) - count(DISTINCT id) FROM outbox_events`).Scan(&dup); err != nil || dup != 0 {
		t.Errorf("%d event ids twice (%v)", dup, err)
	}
	if code := b.call(t, "", http.MethodGet, "/readyz", nil, nil); code != http.StatusOK {
		t.Errorf("the surviving replica answers %d", code)
	}
}
