// Package api is Caseward's HTTP layer: the echo server, the one error
// mapping, and the handlers that implement the contract's operations, one file
// per resource. The transport plumbing they run in is package httpx.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	caseward "github.com/caseward/caseward"
	"github.com/caseward/caseward/api/contract"
	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/mywork"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/status"
	"github.com/caseward/caseward/internal/users"
	"github.com/caseward/caseward/internal/views"
	"github.com/caseward/caseward/internal/webhook"
)

// Deps is what the HTTP layer needs; New hands each handler group only its
// part (handlers.go), and the middlewares theirs.
type Deps struct {
	Auth        *auth.Service
	SignIn      SignIn // how people may sign in: passwords, single sign-on
	Users       *users.Service
	Directory   *directory.Directory
	Audit       *audit.Service
	Cases       *cases.Service
	Restoration *restoration.Service
	Evidence    *evidence.Service
	Chronology  *chronology.Service  // a case's chronology
	Observables *observables.Service // what a case observed
	Alerts      *alerts.Service      // alerts from other tools
	APIKeys     *apikeys.Service     // keys for other tools and scripts (issue 23)
	Exports     *export.Service      // case exports
	Status      *status.Service      // the public status page; nil serves none
	Views       *views.Service       // saved views of the cases list
	Playbooks   *playbook.Service    // case templates
	MaxUpload   int64                // largest evidence file accepted, in bytes
	Limits      httpx.Limits         // rate limits and timeouts; the zero value turns them all off
	// TrustedProxies are the balancers whose X-Forwarded-For names the client;
	// none: the connection's address is the client's (httpx.ClientIP).
	TrustedProxies []netip.Prefix
	Links          *links.Service // links between cases
	ExportKeys     ExportKeys
	Recorder       *audit.Recorder
	MyWork         *mywork.Service  // the landing page's work
	Figures        *figures.Service // phase durations and the reporting page
	Regimes        *regimes.Service // notification regimes and obligations
	Mail           *mail.Service    // email: the admins' Mail page and unsubscribe links; nil answers 503
	Webhooks       *webhook.Service // admins' webhooks (issue 22)
	Notify         *notify.Service  // follows, notification preferences and the bell
	Live           Live             // the live event stream (issue 22); a zero value serves none
	// AuditVerifications keeps each walk of the audit chain for My work; nil keeps none.
	AuditVerifications audit.VerificationRecorder
	Version            string
	Ready              func(ctx context.Context) error // nil error when the database answers
	SPA                fs.FS                           // the built SPA; nil serves none
	Logger             *slog.Logger
	Metrics            prometheus.Registerer
	Gatherer           prometheus.Gatherer
}

// ExportKeys gives the key that signs exports and lists all of them.
type ExportKeys interface {
	ExportKey(ctx context.Context) (export.Key, error)
	ExportKeys(ctx context.Context) ([]export.Key, error)
}

// BasePath is where the contract's operations are served.
const BasePath = "/api/v1"

// New builds the echo server: its middlewares, in the order a request passes
// them, then its routes.
func New(d Deps) (*echo.Echo, error) {
	ct, err := contract.Load(BasePath)
	if err != nil {
		return nil, err
	}
	metrics, err := httpx.NewMetrics(d.Metrics)
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.JSONSerializer = httpx.StrictJSON{}
	e.IPExtractor = httpx.ClientIP(d.TrustedProxies)

	limits := httpx.NewRateLimits(d.Limits)
	dashboards := newDashboardCache()
	e.Pre(httpx.RequestID())
	e.Use(
		httpx.AccessLog(d.Logger, metrics), // hands errors to errorHandler, then logs the status sent
		middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true}),
		httpx.SecurityHeaders,
		limits.ByAddress(unlimited), // before authentication: bad tokens stop here
		httpx.DeclaredLength(d.MaxUpload, isUpload),
		httpx.BodyDeadline(d.Limits.BodyTimeout, d.Limits.UploadStallTimeout, isUpload),
		httpx.RequestTimeout(d.Limits.RequestTimeout, untimed(ct)),
		httpx.JSONBodyLimit(isUpload),
		httpx.UploadLimit(d.MaxUpload, isUpload),
		ct.Enforce(d.Auth, func(c echo.Context, p identity.Principal) error { // authenticate, limit the user, check the role, validate
			c.Set(httpx.UserIDKey, p.UserID.String()) // for the access log
			if p.KeyID != uuid.Nil {
				return limits.ByKey(c, p.KeyID.String(), p.KeyRatePerMinute)
			}
			return limits.ByUser(c, p.UserID.String())
		}),
		dashboards.forgetOnChange,
	)

	e.GET("/healthz", httpx.Healthz)
	e.GET("/readyz", httpx.Readyz(d.Ready))
	e.GET("/metrics", echo.WrapHandler(httpx.MetricsHandler(d.Gatherer)))
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", caseward.OpenAPI)
	})

	statusCaches := newStatusCaches(d.Status)
	strict := gen.NewStrictHandler(newHandlers(d, dashboards, statusCaches), []gen.StrictMiddlewareFunc{withHTTPRequest})
	gen.RegisterHandlersWithBaseURL(e, strict, BasePath)
	e.GET(FeedPath, statusFeed(statusCaches))
	e.GET("/*", httpx.SPA(d.SPA))
	return e, nil
}
