package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/status"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/users"
)

// services are the domain services, wired to one database and blob store; the
// commands that need them share this one wiring.
type services struct {
	db          *store.DB
	recorder    *audit.Recorder
	passwords   *auth.Passwords // every password hash and check, bounded together
	users       *users.Service
	directory   *directory.Directory
	audit       *audit.Service
	cases       *cases.Service
	restoration *restoration.Service
	evidence    *evidence.Service
	status      *status.Service
}

// openServices opens (and migrates) the database and the blob store and wires
// the services; close the returned database when done.
func openServices(ctx context.Context, cfg config.Config, log *slog.Logger) (services, error) {
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return services{}, err
	}
	blobs, err := openBlobs(ctx, cfg, log)
	if err != nil {
		db.Close()
		return services{}, err
	}
	return wire(db, blobs, cfg), nil
}

func wire(db *store.DB, blobs blob.Store, cfg config.Config) services {
	rec := audit.NewRecorder(db)
	passwords := auth.NewPasswords(cfg.PasswordHashMemory, auth.HashWait)
	return services{
		db: db, recorder: rec, passwords: passwords,
		users:       users.NewService(db, rec, passwords.Hash),
		directory:   directory.New(db, rec),
		audit:       audit.NewService(db),
		cases:       cases.NewService(db, rec),
		restoration: restoration.NewService(db, rec),
		evidence:    evidence.NewService(db, blobs, rec, cfg.MaxUpload),
		status:      status.NewService(db, nil),
	}
}

// quiet is a logger for commands whose output is their result.
func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
