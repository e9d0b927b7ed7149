package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// fixture is what the load scenarios need from the seeded data.
type fixture struct {
	responder, auditor string   // access tokens
	caseIDs            []string // a sample of cases the responder may see
	deepCursor         string   // the cursor of a page deep in the list
	deepPages          int      // how deep it is
	departmentID       string
	ownCases           []string // one case per worker for the PATCH load
	ownETags           []string
	statusReady        bool     // prepareStatus added the public services
	dbURL, dataDir     string   // the database, for scenarios that seed it directly
	pivotCases         []string // prepareObservables seeded observables in these cases the responder may see
}

const pageSize = 50

type casePage struct {
	Items []struct {
		ID           string  `json:"id"`
		DepartmentID *string `json:"department_id"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// prepare signs in and walks the case list to the page deepPages deep,
// collecting a sample of case ids on the way.
func prepare(s *server, deepPages, conns int) (*fixture, error) {
	f := &fixture{}
	var err error
	if f.responder, err = s.login("responder.0@example.org"); err != nil {
		return nil, err
	}
	if f.auditor, err = s.login("auditor.0@example.org"); err != nil {
		return nil, err
	}
	cursor := ""
	for f.deepPages < deepPages {
		path := fmt.Sprintf("/cases?limit=%d", pageSize)
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		var page casePage
		if _, err := s.json(http.MethodGet, path, f.responder, nil, http.StatusOK, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			if len(f.caseIDs) < 5000 && rand.IntN(4) == 0 {
				f.caseIDs = append(f.caseIDs, c.ID)
			}
			if f.departmentID == "" && c.DepartmentID != nil {
				f.departmentID = *c.DepartmentID
			}
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
		f.deepCursor = cursor
		f.deepPages++
	}
	if len(f.caseIDs) == 0 {
		return nil, fmt.Errorf("the seeded data has no cases the responder may see")
	}
	for i := range conns {
		id, etag, err := s.createCase(f.responder, fmt.Sprintf("Benchmark PATCH target %d", i))
		if err != nil {
			return nil, err
		}
		f.ownCases, f.ownETags = append(f.ownCases, id), append(f.ownETags, etag)
	}
	return f, nil
}

// scenario is one kind of request under load, and what it should achieve.
type scenario struct {
	name   string
	worker func(w int) worker
	// floorShare and maxP99 are the targets (0: none).
	floorShare float64
	maxP99     float64
	minPerS    float64
	// rate, when set, offers that many requests a second (runRate) instead
	// of keeping every connection busy: the latency at a given load, rather
	// than at the most this machine can take.
	rate float64
	// prepare, when set, runs once before the first scenario that has it.
	prepare func() error
}

func (f *fixture) scenarios(s *server) []scenario {
	get := func(path, token string) call {
		return call{method: http.MethodGet, url: s.api + path, token: token}
	}
	// browserGet asks for a gzipped body as browsers do (the load reads it
	// without decompressing, as it reads every body without parsing it).
	browserGet := func(path, token string) call {
		c := get(path, token)
		c.header = map[string]string{"Accept-Encoding": "gzip"}
		return c
	}
	randomCase := func() string { return f.caseIDs[rand.IntN(len(f.caseIDs))] }
	filters := []string{"status=investigating&severity=high", "category=phishing", "regulator_status=overdue",
		"department_id=" + f.departmentID, "status=contained&status=recovering&sort=severity"}
	words := []string{"phishing", "finance portal", "malware", "logs reviewed", "clinical", "denial of service"}
	typed := []string{"ph", "phish", "fi", "finance por", "citiz", "150", "2026-01", "INC-2026", "logs rev", "zz"}
	letters := []string{"p", "s", "c", "m", "1"}
	same := func(c func(i int) call) func(int) worker { return func(int) worker { return worker{next: c} } }
	// The dashboard's suspensions are added once, before the first scenario that reads them.
	var dash struct {
		once    sync.Once
		err     error
		fixture *dashboardFixture
	}
	prepareDash := func() error {
		dash.once.Do(func() { dash.fixture, dash.err = prepareDashboard(s, f.responder) })
		return dash.err
	}

	list := []scenario{
		{name: "login", worker: same(func(i int) call {
			body, _ := json.Marshal(map[string]string{"email": fmt.Sprintf("responder.%d@example.org", i%20), "password": seedPassword})
			return call{method: http.MethodPost, url: s.api + "/auth/login", body: body}
		})},
		{name: "get case", floorShare: 0.25, maxP99: 20, worker: same(func(int) call { return get("/cases/"+randomCase(), f.responder) })},
		{name: firstPage, floorShare: 0.08, worker: same(func(int) call {
			return get(fmt.Sprintf("/cases?limit=%d", pageSize), f.responder)
		})},
		{name: deepPage, worker: same(func(int) call {
			return get(fmt.Sprintf("/cases?limit=%d&cursor=%s", pageSize, url.QueryEscape(f.deepCursor)), f.responder)
		})},
		{name: "list cases, filtered", maxP99: 50, worker: same(func(i int) call {
			return get(fmt.Sprintf("/cases?limit=%d&%s", pageSize, filters[i%len(filters)]), f.responder)
		})},
		{name: "list cases, full-text search", maxP99: 50, worker: same(func(i int) call {
			return get(fmt.Sprintf("/cases?limit=%d&q=%s", pageSize, url.QueryEscape(words[i%len(words)])), f.responder)
		})},
		// Search as you type: the last word matches as a prefix (from two
		// characters; docs/cases.md), references and numbers partly.
		{name: "list cases, full-text search as you type", maxP99: 50, worker: same(func(i int) call {
			return get(fmt.Sprintf("/cases?limit=%d&q=%s", pageSize, url.QueryEscape(typed[i%len(typed)])), f.responder)
		})},
		// One letter: a whole word, not a prefix (it would match most cases' words).
		{name: "list cases, full-text search one letter", maxP99: 50, worker: same(func(i int) call {
			return get(fmt.Sprintf("/cases?limit=%d&q=%s", pageSize, url.QueryEscape(letters[i%len(letters)])), f.responder)
		})},
		{name: "create case", minPerS: 2000, worker: same(func(int) call {
			body, _ := json.Marshal(newCase("Benchmark case"))
			return call{method: http.MethodPost, url: s.api + "/cases", token: f.responder, body: body, want: http.StatusCreated}
		})},
		{name: "patch case", worker: func(w int) worker {
			id, etag := f.ownCases[w], f.ownETags[w]
			return worker{
				next: func(i int) call {
					body, _ := json.Marshal(map[string]any{"title": fmt.Sprintf("Benchmark PATCH target %d, edit %d", w, i)})
					return call{method: http.MethodPatch, url: s.api + "/cases/" + id, token: f.responder, body: body,
						header: map[string]string{"If-Match": etag}}
				},
				done: func(r response) { etag = r.header.Get("ETag") },
			}
		}},
		{name: "timeline page", worker: same(func(int) call { return get("/cases/"+randomCase()+"/timeline?limit=50", f.responder) })},
		// The audit page's search: a text that names a person and many things,
		// and one that names nothing (resolved before the trail is read).
		{name: "audit search, a name", worker: same(func(int) call { return get("/audit?limit=50&q=responder%203", f.auditor) })},
		{name: "audit search, no match", worker: same(func(int) call { return get("/audit?limit=50&q=no%20such%20thing", f.auditor) })},
		{name: "restoration dashboard", worker: same(func(int) call { return get("/dashboard/restoration", f.responder) })},
		// The SPA polls the dashboard from a browser, which always accepts gzip.
		{name: dashboardScenario + ", admin", maxP99: 50, prepare: prepareDash, worker: same(func(int) call {
			return browserGet("/dashboard/restoration", dash.fixture.admin)
		})},
		{name: dashboardScenario + ", department head", maxP99: 50, prepare: prepareDash, worker: same(func(int) call {
			return browserGet("/dashboard/restoration", dash.fixture.head)
		})},
		{name: dashboardScenario + ", admin, no gzip", prepare: prepareDash, worker: same(func(int) call {
			return get("/dashboard/restoration", dash.fixture.admin)
		})},
		{name: "case export (json)", worker: same(func(int) call { return get("/cases/"+randomCase()+"/export?format=json", f.auditor) })},
	}
	if f.statusReady {
		// Anyone, no token, as a browser asks for it (gzip taken, nothing
		// cached yet): the 1 000 public services prepareStatus added, rendered
		// at most once per 30 s.
		status := get("/status", "")
		status.header = map[string]string{"Accept-Encoding": "gzip"}
		list = append(list, scenario{name: statusScenario, floorShare: 0.5, worker: same(func(int) call { return status })})
	}
	list = append(list, f.alertScenarios(s)...)
	// Last: its million observables are seeded before it runs, after the rest.
	return append(list, f.pivotScenarios(s)...)
}

// loadResult is one scenario's figures.
type loadResult struct {
	Name string `json:"name"`
	stats
	RatioToFloor float64 `json:"ratio_to_floor"`
	Target       string  `json:"target,omitempty"`
	TargetMet    *bool   `json:"target_met,omitempty"`
}

func (sc scenario) judge(st stats, floor float64) loadResult {
	r := loadResult{Name: sc.name, stats: st, RatioToFloor: st.PerSecond / floor}
	met, target := true, ""
	add := func(ok bool, what string) {
		met = met && ok
		if target != "" {
			target += ", "
		}
		target += what
	}
	if sc.floorShare > 0 {
		add(r.RatioToFloor >= sc.floorShare, fmt.Sprintf("≥ %.0f%% of floor", sc.floorShare*100))
	}
	if sc.maxP99 > 0 {
		add(st.P99 < sc.maxP99, fmt.Sprintf("p99 < %.0f ms", sc.maxP99))
	}
	if sc.minPerS > 0 {
		add(st.PerSecond >= sc.minPerS, fmt.Sprintf("≥ %.0f/s", sc.minPerS))
	}
	if target != "" {
		r.Target, r.TargetMet = target, &met
	}
	if st.Errors > 0 || st.Requests == 0 {
		f := false
		r.TargetMet = &f
	}
	return r
}

// loadAll measures the floor and then every scenario, each for d with conns
// workers.
// workers; only, when set, picks the scenarios whose names contain it.
func loadAll(s *server, f *fixture, floorURL string, conns int, d time.Duration, only string) []loadResult {
	client := newClient(conns)
	floor := runLoad(client, conns, d, func(int) worker {
		return worker{next: func(int) call { return call{method: http.MethodGet, url: floorURL} }}
	})
	results := []loadResult{{Name: "floor: bare echo handler", stats: floor, RatioToFloor: 1}}
	first, deep := -1, -1
	for _, sc := range f.scenarios(s) {
		if !strings.Contains(sc.name, only) {
			continue
		}
		if sc.prepare != nil {
			if err := sc.prepare(); err != nil {
				results = append(results, loadResult{Name: sc.name, stats: stats{Errors: 1, FirstErr: "prepare: " + err.Error()}})
				continue
			}
		}
		var st stats
		if sc.rate > 0 {
			st = runRate(client, sc.rate, conns, d, sc.worker(0))
		} else {
			st = runLoad(client, conns, d, sc.worker)
		}
		r := sc.judge(st, floor.PerSecond)
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "  %s: %.0f/s\n", r.Name, r.PerSecond)
		switch sc.name {
		case firstPage:
			first = len(results) - 1
		case deepPage:
			deep = len(results) - 1
		}
	}
	if first >= 0 && deep >= 0 {
		// A deep page should cost no more than 1.5 times the first one.
		first, deep := &results[first], &results[deep]
		ok := deep.Errors == 0 && deep.Requests > 0 && deep.P50 <= 1.5*first.P50 && deep.PerSecond >= first.PerSecond/1.5
		deep.Name = fmt.Sprintf("%s (page %d)", deep.Name, f.deepPages+1)
		deep.Target, deep.TargetMet = "≤ 1.5× the first page's cost", &ok
	}
	return results
}

const (
	firstPage = "list cases, first page"
	deepPage  = "list cases, deep page"
)
