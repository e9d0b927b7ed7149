package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"
)

// alertScenario is the name -only matches for the alert intake.
const alertScenario = "alert intake"

// repeatedAlerts is how many (source, source_ref) pairs the intake sends
// again and again; each is posted once before the load, so that a repeat is
// always a 200 and a fresh pair always a 201.
const repeatedAlerts = 1000

// alertScenarios post alerts as a SIEM would (issue 23: "alert intake,
// target ≥ 2 000 alerts/s"): half of them fresh pairs, half repeats of a
// thousand known ones, each with three observables and a small raw payload.
func (f *fixture) alertScenarios(s *server) []scenario {
	run := time.Now().UnixNano()
	var fresh atomic.Int64
	body := func(ref string) []byte {
		b, _ := json.Marshal(map[string]any{
			"source": "bench-siem", "source_ref": ref, "title": "Suspicious sign-in to the finance portal", "severity": "high",
			"description": "Impossible travel: two sign-ins 9 000 km apart within ten minutes.",
			"observables": []map[string]any{{"type": "ipv4", "value": fmt.Sprintf("198.51.100.%d", len(ref)%250)},
				{"type": "user_account", "value": "j.kowalska"}, {"type": "domain", "value": "login-finance[.]example"}},
			"raw": map[string]any{"rule": "impossible-travel", "ref": ref, "score": 87},
		})
		return b
	}
	repeat := func(i int) string { return fmt.Sprintf("bench-%d-repeat-%d", run, i) }
	prepare := func() error {
		for i := range repeatedAlerts {
			if _, err := s.json(http.MethodPost, "/alerts", f.responder, json.RawMessage(body(repeat(i))), http.StatusCreated, nil); err != nil {
				return err
			}
		}
		return nil
	}
	return []scenario{{name: alertScenario, minPerS: 2000, prepare: prepare, worker: func(int) worker {
		return worker{next: func(i int) call {
			c := call{method: http.MethodPost, url: s.api + "/alerts", token: f.responder}
			if i%2 == 0 {
				c.body, c.want = body(fmt.Sprintf("bench-%d-fresh-%d", run, fresh.Add(1))), http.StatusCreated
			} else {
				c.body = body(repeat(rand.IntN(repeatedAlerts)))
			}
			return c
		}}
	}}}
}
