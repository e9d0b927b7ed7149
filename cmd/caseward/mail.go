package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
)

// startMail builds the mail service and, when CASEWARD_SMTP_URL is set and
// an audience decides who is told (package notify's), runs the email
// delivery (outbox → one mail per event and recipient) and the sender until
// ctx ends. Call the returned wait before closing the database. Without an
// SMTP URL mail is off: nothing is queued, the admins' Mail page shows what
// was queued before, and old unsubscribe links still work.
func startMail(ctx context.Context, cfg config.Config, db *store.DB, rec *audit.Recorder, aud mail.Audience, log *slog.Logger) (*mail.Service, func(), error) {
	opt := mail.Options{From: cfg.MailFrom, PublicURL: cfg.PublicURL, Log: log}
	if cfg.SMTPURL != "" {
		s, err := mail.ParseSMTPURL(cfg.SMTPURL)
		if err != nil {
			return nil, nil, &config.Error{Name: "CASEWARD_SMTP_URL", Msg: err.Error()}
		}
		opt.Transport = s
	}
	svc := mail.New(db, aud, rec, opt)
	var wg sync.WaitGroup
	switch {
	case !svc.Enabled():
		log.Info("mail is off: CASEWARD_SMTP_URL is not set")
	default:
		wg.Go(func() { relay.Run(ctx, db, db.Outbox(), svc.Delivery(), log) })
		wg.Go(func() { svc.RunSender(ctx, db.Outbox()) })
		log.Info("mail is on", "from", cfg.MailFrom)
	}
	return svc, wg.Wait, nil
}
