package main

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// dashboardScenario is the name -only matches for the restoration dashboard
// with many active suspensions: "The dashboard with 500 active suspensions
// answers with p99 < 50 ms under the bench load on PostgreSQL" (issue 17).
const dashboardScenario = "dashboard, 500 active"

// activeSuspensions is how many suspensions the dashboard scenarios add, each
// on a service of its own, spread over every department, with a plan of
// milestonesEach milestones (one overdue, one in progress, the rest planned).
const (
	activeSuspensions = 500
	milestonesEach    = 4
)

// dashboardFixture is who reads the dashboard: an admin (every suspension) and
// the head of a department (that department's share).
type dashboardFixture struct {
	admin, head string
}

// prepareDashboard adds the active suspensions through the API, as people
// would (so each has its audit trail), eight requests at a time.
func prepareDashboard(s *server, responder string) (*dashboardFixture, error) {
	f := &dashboardFixture{}
	var err error
	if f.admin, err = s.login("admin.2@example.org"); err != nil {
		return nil, err
	}
	if f.head, err = s.login("head.0@example.org"); err != nil {
		return nil, err
	}
	var depts struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if _, err := s.json(http.MethodGet, "/departments?limit=200", f.admin, nil, http.StatusOK, &depts); err != nil {
		return nil, err
	}
	if len(depts.Items) == 0 {
		return nil, fmt.Errorf("the seeded data has no departments")
	}
	const perCase = 10
	caseIDs := make([]string, activeSuspensions/perCase)
	for i := range caseIDs {
		if caseIDs[i], _, err = s.createCase(responder, fmt.Sprintf("Benchmark outage %d", i)); err != nil {
			return nil, err
		}
	}
	now := time.Now().UTC()
	day := 24 * time.Hour
	stamp := func(t time.Time) string { return t.Format(time.RFC3339) }
	one := func(i int) error {
		var svc, sp struct {
			ID string `json:"id"`
		}
		dept := depts.Items[i%len(depts.Items)].ID
		if _, err := s.json(http.MethodPost, "/services", f.admin, map[string]any{
			"name": fmt.Sprintf("Benchmark service %d", i), "department_id": dept}, http.StatusCreated, &svc); err != nil {
			return err
		}
		started := now.Add(-time.Duration(2+i%60) * day)
		if _, err := s.json(http.MethodPost, "/cases/"+caseIDs[i/perCase]+"/suspensions", responder, map[string]any{
			"service_id": svc.ID, "reason": "Taken offline as a precaution", "decided_by": "Chief Information Security Officer",
			"suspended_at": stamp(started), "expected_restoration_at": stamp(now.Add(time.Duration(5+i%30) * day)),
			"impact": "Staff cannot use the service.", "workaround": "Paper forms.",
		}, http.StatusCreated, &sp); err != nil {
			return err
		}
		for m := range milestonesEach {
			body := map[string]any{"title": fmt.Sprintf("Step %d of the plan", m+1), "due_at": stamp(now.Add(time.Duration(m*4-2) * day))}
			switch m {
			case 0:
				body["due_at"] = stamp(now.Add(-day)) // overdue
			case 1:
				body["status"] = "in_progress"
			}
			if _, err := s.json(http.MethodPost, "/suspensions/"+sp.ID+"/milestones", responder, body, http.StatusCreated, nil); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				if err := one(i); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		})
	}
	for i := range activeSuspensions {
		next <- i
	}
	close(next)
	wg.Wait()
	return f, first
}
