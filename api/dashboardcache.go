package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
)

// dashboardFresh is how long a rendered restoration dashboard is served again
// to the readers who share it. Any change made through this server forgets
// every rendered dashboard at once, so whoever changes a suspension (or a case,
// a service, a membership) reads the change straight away; a change made
// through another replica shows within this time. The body says when it was
// generated.
const dashboardFresh = time.Second

// dashboardCache keeps each reader group's rendered dashboard: admins and
// auditors see every suspension and share one; everyone else (department
// heads, responders, whose restricted cases differ) has their own. Concurrent
// readers of a stale entry wait for one rendering rather than each querying.
// 500 active suspensions render into about 1.3 MB in some 20 ms of CPU; served
// from here they cost a copy (docs/performance.md).
type dashboardCache struct {
	generation atomic.Uint64
	mu         sync.Mutex
	entries    map[string]renderedDashboard
	flight     singleflight.Group
	now        func() time.Time
}

type renderedDashboard struct {
	generation uint64
	at         time.Time
	body       []byte
	gzipped    []byte // the body gzipped, for the browsers that accept it (all do): a tenth of the bytes
}

func newDashboardCache() *dashboardCache {
	return &dashboardCache{entries: map[string]renderedDashboard{}, now: time.Now}
}

// dashboardKey names the group of readers who see the same dashboard.
func dashboardKey(p identity.Principal) string {
	if cases.ScopeFor(p).All {
		return "all"
	}
	return "user:" + p.UserID.String()
}

// get returns the caller's rendered dashboard, rendering it when there is
// none fresh from the current generation.
func (c *dashboardCache) get(ctx context.Context, render func(ctx context.Context) (any, error)) (renderedDashboard, error) {
	key := dashboardKey(identity.From(ctx))
	gen := c.generation.Load()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.generation == gen && c.now().Sub(e.at) < dashboardFresh {
		return e, nil
	}
	v, err, _ := c.flight.Do(key, func() (any, error) {
		// The generation before reading: a change committed meanwhile makes
		// this rendering stale at once.
		gen := c.generation.Load()
		at := c.now()
		body, err := render(context.WithoutCancel(ctx)) // others may be waiting for it
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			return nil, err
		}
		zipped, err := httpx.Gzipped(buf.Bytes(), gzip.BestSpeed)
		if err != nil {
			return nil, err
		}
		e := renderedDashboard{generation: gen, at: at, body: buf.Bytes(), gzipped: zipped}
		c.mu.Lock()
		// Only what is still fresh is kept: memory follows the readers of the
		// last second, not every reader since the last change.
		for k, old := range c.entries {
			if at.Sub(old.at) >= dashboardFresh {
				delete(c.entries, k)
			}
		}
		c.entries[key] = e
		c.mu.Unlock()
		return e, nil
	})
	if err != nil {
		return renderedDashboard{}, err
	}
	return v.(renderedDashboard), nil
}

// forget drops every rendered dashboard.
func (c *dashboardCache) forget() {
	c.generation.Add(1)
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}

// forgetOnChange forgets the rendered dashboards on every request that may
// change something (any method but GET, HEAD and OPTIONS, signing in and out
// aside), whether or not it succeeded: just before its answer is written (so
// the client's next read cannot get a rendering from before the change), and
// once more when it is done.
func (c *dashboardCache) forgetOnChange(next echo.HandlerFunc) echo.HandlerFunc {
	return func(ec echo.Context) error {
		switch ec.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(ec)
		}
		if strings.HasPrefix(ec.Request().URL.Path, BasePath+"/auth/") {
			return next(ec)
		}
		ec.Response().Before(c.forget)
		defer c.forget()
		return next(ec)
	}
}

// renderedDashboardResponse serves a rendered dashboard, gzipped when the
// client takes it.
type renderedDashboardResponse struct {
	rendered renderedDashboard
	gzip     bool
}

func (r renderedDashboardResponse) VisitGetRestorationDashboardResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	return httpx.WritePrerendered(w, r.rendered.body, r.rendered.gzipped, r.gzip)
}
