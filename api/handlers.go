package api

import (
	"log/slog"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/mywork"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/users"
	"github.com/caseward/caseward/internal/views"
)

// handlers implements the contract's operations. It is only the sum of the
// handler groups, one per resource file, each holding just what its
// operations use.
type handlers struct {
	authHandlers
	ssoHandlers
	userHandlers
	directoryHandlers
	caseHandlers
	noteHandlers
	taskHandlers
	reviewHandlers
	chronologyHandlers
	observableHandlers
	alertHandlers
	suspensionHandlers
	restorationHandlers
	evidenceHandlers
	exportHandlers
	auditHandlers
	statusHandlers
	myWorkHandlers
	viewHandlers
	figureHandlers
	linkHandlers
	regimeHandlers
	playbookHandlers
	eventHandlers
	mailHandlers
	webhookHandlers
	apiKeyHandlers
	notifyHandlers
	liveHandlers
}

var _ gen.StrictServerInterface = (*handlers)(nil)

// newHandlers hands each group its part of d.
func newHandlers(d Deps, dashboards *dashboardCache, status statusCaches) *handlers {
	return &handlers{
		authHandlers:        authHandlers{auth: d.Auth},
		ssoHandlers:         ssoHandlers{signIn: d.SignIn, logger: d.Logger},
		userHandlers:        userHandlers{users: d.Users},
		directoryHandlers:   directoryHandlers{directory: d.Directory},
		caseHandlers:        caseHandlers{cases: d.Cases, playbooks: d.Playbooks},
		noteHandlers:        noteHandlers{cases: d.Cases, audit: d.Audit},
		taskHandlers:        taskHandlers{cases: d.Cases},
		reviewHandlers:      reviewHandlers{cases: d.Cases},
		chronologyHandlers:  chronologyHandlers{chronology: d.Chronology},
		observableHandlers:  observableHandlers{observables: d.Observables},
		alertHandlers:       alertHandlers{alerts: d.Alerts},
		suspensionHandlers:  suspensionHandlers{restoration: d.Restoration, dashboards: dashboards, playbooks: d.Playbooks},
		restorationHandlers: restorationHandlers{restoration: d.Restoration},
		evidenceHandlers:    evidenceHandlers{evidence: d.Evidence, log: d.Logger},
		exportHandlers:      exportHandlers{exports: d.Exports, exportKeys: d.ExportKeys},
		auditHandlers: auditHandlers{audit: d.Audit, auditRecorder: d.Recorder, exportKeys: d.ExportKeys,
			users: d.Users, now: d.Cases.Now, version: d.Version, verifications: d.AuditVerifications},
		statusHandlers:   statusHandlers{status: status},
		myWorkHandlers:   myWorkHandlers{work: d.MyWork},
		viewHandlers:     viewHandlers{views: d.Views},
		figureHandlers:   figureHandlers{figures: d.Figures},
		linkHandlers:     linkHandlers{links: d.Links},
		regimeHandlers:   regimeHandlers{regimes: d.Regimes},
		playbookHandlers: playbookHandlers{playbooks: d.Playbooks},
		mailHandlers:     mailHandlers{mail: d.Mail},
		webhookHandlers:  webhookHandlers{webhooks: d.Webhooks},
		apiKeyHandlers:   apiKeyHandlers{keys: d.APIKeys},
		notifyHandlers:   notifyHandlers{notify: d.Notify},
		liveHandlers:     liveHandlers{live: d.Live, auth: d.Auth},
	}
}

// authHandlers: sign-in, refresh, sign-out and the caller (auth.go).
type authHandlers struct{ auth *auth.Service }

// userHandlers: user accounts (users.go).
type userHandlers struct{ users *users.Service }

// directoryHandlers: departments and services (directory.go).
type directoryHandlers struct{ directory *directory.Directory }

// caseHandlers: cases and their transitions (cases.go); a case opened from
// a playbook goes through playbooks.
type caseHandlers struct {
	cases     *cases.Service
	playbooks *playbook.Service
}

// noteHandlers: a case's notes, timeline and people (notes.go); the timeline
// merges the case's audit events.
type noteHandlers struct {
	cases *cases.Service
	audit *audit.Service
}

// taskHandlers: a case's tasks (tasks.go).
type taskHandlers struct{ cases *cases.Service }

// reviewHandlers: a case's post-incident review (reviews.go).
type reviewHandlers struct{ cases *cases.Service }

// suspensionHandlers: suspensions, their milestones and the restoration
// dashboard (suspensions.go).
type suspensionHandlers struct {
	restoration *restoration.Service
	dashboards  *dashboardCache
	playbooks   *playbook.Service // a suspension with its case's playbook plan
}

// restorationHandlers: replans, public updates and a service's history
// (replans.go, updates.go, servicehistory.go).
type restorationHandlers struct{ restoration *restoration.Service }

// evidenceHandlers: evidence, its files and custody (evidence.go).
type evidenceHandlers struct {
	evidence *evidence.Service
	log      *slog.Logger
}

// exportHandlers: case exports and the export keys (exports.go).
type exportHandlers struct {
	exports    *export.Service
	exportKeys ExportKeys
}

// auditHandlers: the audit log, its verification and its signed export
// (audit.go, and ExportAudit in exports.go), which records itself and names
// the exporter.
type auditHandlers struct {
	audit         *audit.Service
	auditRecorder *audit.Recorder
	exportKeys    ExportKeys
	users         *users.Service
	now           func() time.Time
	version       string
	verifications audit.VerificationRecorder // nil records no verification
}

// myWorkHandlers: the landing page's work (mywork.go).
type myWorkHandlers struct{ work *mywork.Service }

// statusHandlers: the public status page (status.go).
type statusHandlers struct{ status statusCaches }

// viewHandlers: the caller's saved views of the cases list (views.go).
type viewHandlers struct{ views *views.Service }

// linkHandlers: links between cases (links.go).
type linkHandlers struct{ links *links.Service }

// regimeHandlers: notification regimes and a case's obligations (regimes.go).
type regimeHandlers struct{ regimes *regimes.Service }

// playbookHandlers: playbooks, the case templates (playbooks.go).
type playbookHandlers struct{ playbooks *playbook.Service }
