package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/caseward/caseward/api"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/leader"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/live"
	"github.com/caseward/caseward/internal/mywork"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/schedule"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/views"
	"github.com/caseward/caseward/internal/webhook"
)

const firstAdminEmail = "admin@localhost"

// openStore opens and migrates the database the configuration names. Every
// wait on the database is bounded by CASEWARD_DB_TIMEOUT (zero: unbounded).
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	db, err := store.OpenWith(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{Timeout: cfg.DBTimeout, MaxConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("applied migrations", "count", n, "dialect", db.Dialect())
	}
	if super, err := db.Superuser(ctx); err != nil {
		db.Close()
		return nil, err
	} else if super {
		log.Warn("connected to PostgreSQL as a superuser, which can switch off the triggers that keep the audit trail and the chain of custody append-only: " +
			"run Caseward as a role that owns nothing it need not (docs/security.md)")
	}
	if sealed, err := evidence.SealLegacyCustody(ctx, db, audit.NewRecorder(db)); err != nil {
		db.Close()
		return nil, fmt.Errorf("seal the custody events written before custody was sealed: %w", err)
	} else if sealed {
		log.Info("sealed the custody events written before custody was sealed in the audit trail")
	}
	if err := db.Optimize(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// keepOptimized refreshes SQLite's statistics every hour until ctx ends.
func keepOptimized(ctx context.Context, db *store.DB, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if err := db.Optimize(ctx); err != nil {
				log.Warn("refresh database statistics", "err", err)
			}
		}
	}
}

// serve runs the server until ctx is cancelled, then drains requests in flight.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	db := svc.db
	defer db.Close()

	created, password, err := svc.users.EnsureFirstAdmin(ctx, firstAdminEmail, cfg.AdminPassword)
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	if created {
		if cfg.AdminPassword != "" {
			password = "(from CASEWARD_ADMIN_PASSWORD)"
		}
		fmt.Fprintf(stdout, "First start: created %s with password %s\nSign in and keep it safe; it is not shown again.\n", firstAdminEmail, password)
	}

	keyService := apikeys.NewService(db, svc.recorder)
	authService, err := auth.NewService(ctx, db, svc.recorder, auth.Options{
		AccessTokenTTL:     cfg.AccessTokenTTL,
		RefreshTokenTTL:    cfg.RefreshTokenTTL,
		LoginMaxFailures:   cfg.LoginMaxFailures,
		LoginIPMaxFailures: cfg.LoginIPMaxFailures,
		LoginWindow:        cfg.LoginWindow,
		Passwords:          svc.passwords,
		Keys:               keyService,
		PasswordsOff:       !cfg.LocalPasswords,
		BreakGlassEmail:    cfg.BreakGlassEmail,
	})
	if err != nil {
		return err
	}

	// Notifications (issue 22): follows, preferences and the bell, filled by
	// its own relay of the outbox; the same audience decides who is mailed.
	notifications := notify.NewService(db, svc.recorder)
	go relay.Run(ctx, db, db.Outbox(), notifications.InAppDelivery(), log)
	mailService, waitMail, err := startMail(ctx, cfg, db, svc.recorder, notifications, log)
	if err != nil {
		return err
	}
	defer waitMail()
	// Live updates (issue 22, the event stream): one hub per replica tails the
	// outbox; on PostgreSQL a dedicated connection LISTENs for the other
	// replicas' commits and wakes it.
	// Its reads go through a pool of their own: under a burst of writes the
	// request pool is full of transactions waiting at the audit lock, and a
	// hub waiting behind them held events back for seconds.
	liveDB, err := db.ForDeliveries(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	if liveDB != db {
		defer liveDB.Close()
	}
	hub := live.New(liveDB, log, live.Options{PerUser: cfg.LiveStreamsPerUser})
	if err := hub.Start(ctx); err != nil {
		return fmt.Errorf("start live updates: %w", err)
	}
	if db.Dialect() == store.Postgres {
		go store.ListenOutbox(ctx, cfg.DatabaseURL, db.Outbox(), log)
	}
	// End of live updates.

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL(), "caseward"))
	// Webhooks (issue 22, item 4): the admins' webhooks, the outbox relay that
	// queues one delivery per event and webhook, and the sender that sends
	// them (each replica runs both; rows are claimed, so none is sent twice at once).
	webhookGuard := webhook.Guard{Allow: cfg.WebhookAllow, AllowHTTP: cfg.WebhookAllowHTTP}
	webhooks := webhook.NewService(db, svc.recorder, webhookGuard)
	go relay.Run(ctx, db, db.Outbox(), webhook.Relay(db), log)
	go (&webhook.Sender{Store: db, Audit: svc.recorder, Client: webhookGuard.Client(), Now: time.Now, Log: log}).Run(ctx)

	obs := observables.NewService(db, svc.recorder)
	playbooks := playbook.NewService(db, svc.cases, svc.restoration, svc.recorder)
	e, err := api.New(api.Deps{
		Auth:        authService,
		SignIn:      signIn(cfg, db, svc.recorder, authService),
		Users:       svc.users,
		Directory:   svc.directory,
		Audit:       svc.audit,
		Cases:       svc.cases,
		Restoration: svc.restoration,
		Evidence:    svc.evidence,
		Chronology:  chronology.NewService(db, svc.recorder),
		Observables: obs,
		Alerts:      alerts.NewService(db, svc.recorder, svc.cases, playbooks, obs),
		APIKeys:     keyService,
		Exports:     export.NewService(db, svc.recorder, version()),
		Status:      svc.status,
		Views:       views.New(db, svc.recorder),
		Links:       links.NewService(db, svc.recorder),
		Playbooks:   playbooks,
		MaxUpload:   cfg.MaxUpload,
		Limits: httpx.Limits{
			UserRate: cfg.RateLimit, UserBurst: cfg.RateLimitBurst,
			IPRate: cfg.RateLimitIP, IPBurst: cfg.RateLimitIPBurst,
			RequestTimeout: cfg.RequestTimeout, BodyTimeout: cfg.BodyTimeout, UploadStallTimeout: cfg.UploadStallTimeout,
		},
		TrustedProxies: cfg.TrustedProxies,
		ExportKeys:     db,
		Recorder:       svc.recorder,
		MyWork:         mywork.NewService(db, svc.restoration, svc.audit),
		Figures:        figures.NewService(db),
		Regimes:        regimes.NewService(db, svc.recorder),
		Mail:           mailService,
		Webhooks:       webhooks,
		Notify:         notifications,
		Live:           api.Live{Hub: hub}, // live updates (issue 22)
		// Each walk of the audit chain is kept for the auditors' landing page.
		AuditVerifications: db,
		Version:            version(),
		Ready:              pingWithin(db, 2*time.Second),
		SPA:                spaFiles(cfg.StaticDir),
		Logger:             log,
		Metrics:            reg,
		Gatherer:           reg,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("CASEWARD_ADDR: listen on %s: %w", cfg.Addr, err)
	}
	ln = httpx.ProblemListener(ln) // net/http's own error answers as problem+json too
	// No ReadTimeout or WriteTimeout: they would cut multi-GiB uploads and
	// downloads. Bodies get per-request read deadlines instead, and ordinary
	// requests a context deadline (httpx.Limits).
	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if cfg.PprofAddr != "" {
		if err := servePprof(ctx, cfg.PprofAddr, log); err != nil {
			return err
		}
	}
	log.Info("serving", "addr", ln.Addr().String(), "dialect", db.Dialect(), "version", version())
	fmt.Fprintf(stdout, "Caseward is serving on http://%s\n", ln.Addr())

	if db.Dialect() == store.SQLite { // PostgreSQL's autovacuum keeps its statistics
		go keepOptimized(ctx, db, log)
	}

	// Issue 22, schedule: one replica at a time leads (a PostgreSQL advisory
	// lock; SQLite: this process) and, while it leads, tells due times and
	// prunes the outbox, and removes the files of uploads that died between
	// storing their file and recording their item.
	go leader.Run(ctx, leaderLock(cfg, db, log), leader.Retry, log, func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() { schedule.New(db, cfg.EventRetention).Run(ctx, cfg.ScheduleInterval, log) })
		wg.Go(func() { schedule.Prune(ctx, db, cfg.EventRetention, schedule.PruneInterval, log) })
		wg.Go(func() { svc.evidence.RunSweeper(ctx, evidence.SweepEvery, log) })
		wg.Wait()
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests in flight", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// leaderLock is how this replica comes to lead (issue 22, schedule).
func leaderLock(cfg config.Config, db *store.DB, log *slog.Logger) leader.Lock {
	if db.Dialect() == store.Postgres {
		return store.NewAdvisoryLock(cfg.DatabaseURL, log)
	}
	return leader.Single{}
}

func pingWithin(db *store.DB, timeout time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return db.Ping(ctx)
	}
}

// openReadOnly opens the installation's existing database for a command that
// only reads: nothing is created, migrated or written.
func openReadOnly(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if err := mustExist(ctx, cfg); err != nil {
		return nil, err
	}
	return store.OpenReadOnly(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{Timeout: cfg.DBTimeout})
}

// openExisting opens the installation's existing database for a command that
// writes to it but must not create or migrate it.
func openExisting(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if err := mustExist(ctx, cfg); err != nil {
		return nil, err
	}
	return store.OpenWith(ctx, cfg.DatabaseURL, cfg.DataDir, store.Options{Timeout: cfg.DBTimeout})
}

// mustExist refuses an installation that is not there (no SQLite file, or a
// PostgreSQL database without Caseward's tables), for the commands that check
// one: opening would create an empty installation, which verifies clean.
func mustExist(ctx context.Context, cfg config.Config) error {
	if err := store.RequireExisting(ctx, cfg.DatabaseURL, cfg.DataDir); err != nil {
		return fmt.Errorf("%w: give the installation's --data-dir (CASEWARD_DATA_DIR) or DATABASE_URL", err)
	}
	return nil
}

// openBlobs opens the evidence store (an S3 bucket when CASEWARD_BLOB_URL is
// set, else the data folder) and sweeps temporary uploads a crash left behind.
func openBlobs(ctx context.Context, cfg config.Config, log *slog.Logger) (blob.Store, error) {
	var blobs blob.Store
	var err error
	if cfg.BlobURL != "" {
		if blobs, err = blob.NewS3FromURL(ctx, cfg.BlobURL, os.Getenv); err != nil {
			return nil, fmt.Errorf("CASEWARD_BLOB_URL: %w", err)
		}
	} else if blobs, err = blob.NewLocal(filepath.Join(cfg.DataDir, "blobs")); err != nil {
		return nil, fmt.Errorf("CASEWARD_DATA_DIR: %w", err)
	}
	if n, err := blobs.SweepTemp(ctx, time.Hour); err != nil {
		log.Warn("sweep temporary uploads", "error", err.Error())
	} else if n > 0 {
		log.Info("removed temporary uploads left by an interrupted run", "count", n)
	}
	return blobs, nil
}

// servePprof serves Go's profiling endpoints on their own listener, apart from
// the API, until ctx ends. For operators on loopback: it has no sign-in.
func servePprof(ctx context.Context, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("CASEWARD_PPROF_ADDR: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close() // closes the listener; Serve then returns
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("profiling endpoints stopped", "err", err)
		}
	}()
	log.Warn("profiling endpoints are open without sign-in", "addr", ln.Addr().String())
	return nil
}
