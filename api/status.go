package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/status"
)

// publicCacheControl lets anyone cache the public answers for as long as the
// server itself does.
const publicCacheControl = "public, max-age=30"

// statusCaches are the rendered public status answers, each read from the
// database at most once per status.CacheTTL by this replica.
type statusCaches struct {
	page, feed *status.Cache
}

func newStatusCaches(svc *status.Service) statusCaches {
	if svc == nil {
		return statusCaches{}
	}
	return statusCaches{
		page: status.NewCache(status.CacheTTL, svc.Now, func(ctx context.Context) (status.Rendered, error) { return renderStatusPage(ctx, svc) }),
		feed: status.NewCache(status.CacheTTL, svc.Now, func(ctx context.Context) (status.Rendered, error) { return renderStatusFeed(ctx, svc) }),
	}
}

// GetStatus serves the public status page.
func (h *statusHandlers) GetStatus(ctx context.Context, req gen.GetStatusRequestObject) (gen.GetStatusResponseObject, error) {
	if h.status.page == nil {
		return nil, echo.ErrNotFound
	}
	r, err := h.status.page.Get(ctx)
	if err != nil {
		return nil, err
	}
	if req.Params.IfNoneMatch != nil && etagMatches(*req.Params.IfNoneMatch, r.ETag) {
		cc, tag := publicCacheControl, r.ETag
		return gen.GetStatus304Response{Headers: gen.GetStatus304ResponseHeaders{CacheControl: &cc, ETag: &tag}}, nil
	}
	return renderedJSON{r, httpx.TakesGzip(httpRequest(ctx))}, nil
}

// renderedJSON is a rendered status page, written as it is.
type renderedJSON struct {
	status.Rendered
	gzip bool
}

func (r renderedJSON) VisitGetStatusResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	return writeRendered(w, r.Rendered, r.gzip)
}

// writeRendered sends a rendered public answer, compressed when the client
// takes gzip: a page of a thousand services is a few hundred kB of JSON.
func writeRendered(w http.ResponseWriter, r status.Rendered, gzip bool) error {
	w.Header().Set("Cache-Control", publicCacheControl)
	w.Header().Set("ETag", r.ETag)
	return httpx.WritePrerendered(w, r.Body, r.Gzip, gzip)
}

// compressed returns body with its gzip form and a weak ETag over tagged.
func compressed(body, tagged []byte) (status.Rendered, error) {
	zipped, err := httpx.Gzipped(body, gzip.BestCompression)
	if err != nil {
		return status.Rendered{}, err
	}
	return status.Rendered{Body: body, Gzip: zipped, ETag: weakETag(tagged)}, nil
}

// renderStatusPage reads the page once and renders it. Its ETag covers the
// services only: generated_at alone changing does not make a new version.
func renderStatusPage(ctx context.Context, svc *status.Service) (status.Rendered, error) {
	page, err := svc.Page(ctx)
	if err != nil {
		return status.Rendered{}, err
	}
	body := gen.StatusPage{GeneratedAt: page.GeneratedAt, Services: make([]gen.StatusService, len(page.Services))}
	for i, l := range page.Services {
		body.Services[i] = toAPIStatusService(l)
	}
	services, err := json.Marshal(body.Services)
	if err != nil {
		return status.Rendered{}, fmt.Errorf("render status services: %w", err)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(body); err != nil {
		return status.Rendered{}, fmt.Errorf("render status page: %w", err)
	}
	return compressed(buf.Bytes(), services)
}

func toAPIStatusService(l status.Listing) gen.StatusService {
	out := gen.StatusService{PublicName: l.PublicName, State: gen.StatusState(l.State),
		Since: nullableOf(l.Since), ExpectedRestorationAt: nullableOf(l.Expected), BaselineRestorationAt: nullableOf(l.Baseline),
		Updates: make([]gen.StatusUpdate, len(l.Updates))}
	for i, u := range l.Updates {
		out.Updates[i] = gen.StatusUpdate{Id: u.ID, Body: u.Body, At: u.At, CorrectsAt: nullableOf(u.CorrectsAt), Corrected: u.Corrected}
	}
	return out
}

// weakETag is a weak validator over b.
func weakETag(b []byte) string {
	sum := sha256.Sum256(b)
	return `W/"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatches is If-None-Match's weak comparison: header lists tags (or is *).
func etagMatches(header, tag string) bool {
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// statusFeed serves the Atom feed of public updates, from the same kind of
// cache, outside the contract's base path.
func statusFeed(c statusCaches) echo.HandlerFunc {
	return func(ec echo.Context) error {
		if c.feed == nil {
			return echo.ErrNotFound
		}
		r, err := c.feed.Get(ec.Request().Context())
		if err != nil {
			return err
		}
		if inm := ec.Request().Header.Get("If-None-Match"); inm != "" && etagMatches(inm, r.ETag) {
			h := ec.Response().Header()
			h.Set("Cache-Control", publicCacheControl)
			h.Set("ETag", r.ETag)
			return ec.NoContent(http.StatusNotModified)
		}
		ec.Response().Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		return writeRendered(ec.Response(), r, httpx.TakesGzip(ec.Request()))
	}
}
