// Package api is Caseward's HTTP layer: the echo server, its middleware, the one
// error mapping, and the handlers that implement the contract's operations.
package api

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	caseward "github.com/caseward/caseward"
	"github.com/caseward/caseward/api/contract"
	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/status"
	"github.com/caseward/caseward/internal/users"
)

// Deps is what the HTTP layer needs; each handler group takes only its part.
type Deps struct {
	Auth        *auth.Service
	Users       *users.Service
	Directory   *directory.Directory
	Audit       *audit.Service
	Cases       *cases.Service
	Restoration *restoration.Service
	Evidence    *evidence.Service
	Exports     *export.Service // case exports
	Status      *status.Service // the public status page; nil serves none
	MaxUpload   int64           // largest evidence file accepted, in bytes
	Limits      Limits          // rate limits and timeouts; the zero value turns them all off
	ExportKeys  ExportKeys
	Recorder    *audit.Recorder
	Version     string
	Ready       func(ctx context.Context) error // nil error when the database answers
	StaticDir   string                          // the built SPA; empty serves none
	Logger      *slog.Logger
	Metrics     prometheus.Registerer
	Gatherer    prometheus.Gatherer
}

// BasePath is where the contract's operations are served.
const BasePath = "/api/v1"

// maxJSONBody is the largest JSON request body accepted (maxJSONBytes, in
// the form echo's body limit takes).
const (
	maxJSONBody  = "1M"
	maxJSONBytes = 1 << 20
)

// New builds the echo server with every route and middleware.
func New(d Deps) (*echo.Echo, error) {
	ct, err := contract.Load(BasePath)
	if err != nil {
		return nil, err
	}
	metrics, err := newHTTPMetrics(d.Metrics)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.JSONSerializer = strictJSON{}
	e.IPExtractor = echo.ExtractIPDirect()

	limits := newRateLimits(d.Limits)
	dashboards := newDashboardCache()
	e.Pre(requestID())
	e.Use(
		accessLog(d.Logger, metrics),
		middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true}),
		securityHeaders,
		limits.byAddress,
		declaredLength(d.MaxUpload),
		bodyDeadline(d.Limits.BodyTimeout, d.Limits.UploadStallTimeout),
		requestTimeout(ct, d.Limits.RequestTimeout),
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: maxJSONBody, Skipper: func(c echo.Context) bool { return notAPI(c) || isUpload(c) }}),
		uploadLimit(d.MaxUpload),
		ct.Enforce(d.Auth, func(c echo.Context, userID string) error {
			c.Set(userIDKey, userID) // for the access log
			return limits.byUser(c, userID)
		}),
		dashboards.forgetOnChange,
	)

	e.GET("/healthz", func(c echo.Context) error { return c.JSON(http.StatusOK, map[string]string{"status": "ok"}) })
	e.GET("/readyz", readyz(d.Ready))
	e.GET("/metrics", echo.WrapHandler(metricsHandler(d.Gatherer)))
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", caseward.OpenAPI)
	})

	statusCaches := newStatusCaches(d.Status)
	strict := gen.NewStrictHandler(&handlers{auth: d.Auth, users: d.Users, directory: d.Directory, audit: d.Audit, cases: d.Cases, restoration: d.Restoration, evidence: d.Evidence, exports: d.Exports,
		status: statusCaches, exportKeys: d.ExportKeys, auditRecorder: d.Recorder, version: d.Version, log: d.Logger, dashboards: dashboards}, []gen.StrictMiddlewareFunc{withHTTPRequest})
	gen.RegisterHandlersWithBaseURL(e, strict, BasePath)
	e.GET(FeedPath, statusFeed(statusCaches))
	e.GET("/*", spa(d.StaticDir))
	return e, nil
}

// handlers implements the contract's operations; one file per resource.
type handlers struct {
	auth          *auth.Service
	users         *users.Service
	directory     *directory.Directory
	audit         *audit.Service
	cases         *cases.Service
	restoration   *restoration.Service
	evidence      *evidence.Service
	exports       *export.Service
	status        statusCaches
	exportKeys    ExportKeys
	auditRecorder *audit.Recorder
	version       string
	log           *slog.Logger
	dashboards    *dashboardCache
}

// ExportKeys gives the key that signs exports and lists all of them.
type ExportKeys interface {
	ExportKey(ctx context.Context) (export.Key, error)
	ExportKeys(ctx context.Context) ([]export.Key, error)
}

var _ gen.StrictServerInterface = (*handlers)(nil)

func notAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return len(p) < 5 || p[:5] != "/api/"
}

// unlimited reports whether the rate limits and the request timeout leave the
// request alone: the SPA's files, and what is not the API. The Atom feed is
// outside the API's path but reads the database, so it is limited like it.
func unlimited(c echo.Context) bool {
	return notAPI(c) && c.Request().URL.Path != FeedPath
}

// uploadRoute is the one route that takes a body larger than maxJSONBody.
const uploadRoute = BasePath + "/cases/:id/evidence"

func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == uploadRoute
}

// uploadLimit caps an evidence upload at the largest file plus room for its
// form fields; past it, reading the body fails and the request is a 413. The
// body is read through a large buffer: the multipart reader asks for 4 KiB at
// a time, which would be a system call for every 4 KiB of a 1 GiB file.
func uploadLimit(maxFile int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isUpload(c) {
				body := http.MaxBytesReader(c.Response(), c.Request().Body, uploadBodyLimit(maxFile))
				c.Request().Body = bufferedBody{bufio.NewReaderSize(body, uploadReadBuffer), body}
			}
			return next(c)
		}
	}
}

const uploadReadBuffer = 256 << 10

// uploadBodyLimit is the largest upload body: the largest file plus room for
// the form fields and multipart framing.
func uploadBodyLimit(maxFile int64) int64 { return maxFile + 1<<20 }

// declaredLength refuses at once a body whose Content-Length is already past
// the limit (1 MiB of JSON, or an upload past --max-upload), before anything
// waits for it. The connection is closed after the answer, so that the server
// does not read (or wait for) the body it refused.
func declaredLength(maxFile int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if notAPI(c) {
				return next(c)
			}
			limit, what := int64(maxJSONBytes), "a JSON body may be at most 1 MiB"
			if isUpload(c) {
				limit, what = uploadBodyLimit(maxFile), "the upload is larger than this server accepts"
			}
			if c.Request().ContentLength > limit {
				c.Response().Header().Set(echo.HeaderConnection, "close")
				return apperr.New(apperr.TooLarge, what)
			}
			return next(c)
		}
	}
}

type bufferedBody struct {
	*bufio.Reader
	io.Closer
}

func readyz(ready func(ctx context.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := ready(c.Request().Context()); err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable, "the database does not answer")
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
}
