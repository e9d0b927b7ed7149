package alerts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/batch"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/page"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/text"
)

// Service holds the alerts' use cases.
type Service struct {
	store       Store
	audit       Recorder
	cases       *cases.Service
	playbooks   *playbook.Service
	observables *observables.Service
	now         func(context.Context) time.Time
	intakes     batch.Queue[*pendingIntake]
}

// NewService returns a Service; imports open cases through cs (or ps, from a
// playbook) and add observables through os, in the import's transaction.
func NewService(store Store, audit Recorder, cs *cases.Service, ps *playbook.Service, os *observables.Service) *Service {
	return &Service{store: store, audit: audit, cases: cs, playbooks: ps, observables: os, now: clock.Now}
}

// Receive takes an alert from a tool: a new alert for a new source and
// reference (created true), or the one they already name, refreshed and
// counted once more. Two receipts of one pair at once leave one alert
// counting both: the store's upsert is one statement on a unique index.
// Receipts at the same moment share a transaction and its statements
// (intake.go).
func (s *Service) Receive(ctx context.Context, in Intake) (Alert, bool, error) {
	if err := mayReceive(ctx); err != nil {
		return Alert{}, false, err
	}
	now := s.now(ctx).UTC().Truncate(time.Microsecond)
	a, err := fromIntake(in, now)
	if err != nil {
		return Alert{}, false, err
	}
	a.ID, a.CreatedByID = uuid.Must(uuid.NewV7()), identity.From(ctx).UserID
	p := &pendingIntake{ctx: ctx, a: a}
	s.intakes.Do(p, intakeLeaders, maxIntakeGroup, s.runIntakes)
	return p.out, p.created, p.err
}

// fromIntake checks in and returns it as a new alert seen at now, its
// observables in canonical form and its payload compacted and hashed.
func fromIntake(in Intake, now time.Time) (Alert, error) {
	a := Alert{Source: strings.TrimSpace(in.Source), SourceRef: strings.TrimSpace(in.SourceRef), Title: strings.TrimSpace(in.Title),
		Description: strings.TrimSpace(in.Description), Severity: in.Severity, Status: New, Occurrences: 1,
		FirstSeenAt: now, LastSeenAt: now, CreatedAt: now, UpdatedAt: now, Version: 1}
	var f []apperr.FieldError
	oneLine := func(field, v string, max int) {
		if v == "" || utf8.RuneCountInString(v) > max || !text.OneLine(v) {
			f = append(f, apperr.FieldError{Field: field, Message: fmt.Sprintf("must be one line of 1 to %d characters", max)})
		}
	}
	oneLine("source", a.Source, MaxSource)
	oneLine("source_ref", a.SourceRef, MaxSourceRef)
	oneLine("title", a.Title, MaxTitle)
	if utf8.RuneCountInString(a.Description) > MaxDescription || !text.MultiLine(a.Description) {
		f = append(f, apperr.FieldError{Field: "description", Message: fmt.Sprintf("must be at most %d characters of text", MaxDescription)})
	}
	if !a.Severity.Valid() {
		f = append(f, apperr.FieldError{Field: "severity", Message: "must be info, low, medium, high or critical"})
	}
	if len(in.Observables) > MaxObservables {
		f = append(f, apperr.FieldError{Field: "observables", Message: fmt.Sprintf("must list at most %d observables", MaxObservables)})
	}
	var bad []apperr.FieldError
	a.Observables, bad = observables.Canonical(in.Observables, "observables", now)
	f = append(f, bad...)
	var raw []byte
	if len(in.Raw) > 0 {
		var b bytes.Buffer
		if err := json.Compact(&b, in.Raw); err != nil {
			f = append(f, apperr.FieldError{Field: "raw", Message: "must be JSON"})
		}
		raw = b.Bytes()
	}
	if len(f) > 0 {
		return Alert{}, apperr.Invalidf(f, "the alert is not valid: %s %s", f[0].Field, f[0].Message)
	}
	sum := sha256.Sum256(raw)
	a.RawSHA256, a.RawSize = hex.EncodeToString(sum[:]), len(raw)
	if len(raw) > 0 && len(raw) <= MaxRaw {
		a.Raw = raw
	}
	return a, nil
}

// List returns a page of the queue, last seen first.
func (s *Service) List(ctx context.Context, q Query) ([]Alert, bool, error) {
	if err := mayRead(ctx); err != nil {
		return nil, false, err
	}
	q.Text = strings.TrimSpace(q.Text)
	return page.Read(q.Limit, func(n int) ([]Alert, error) {
		q.Limit = n
		return s.store.ListAlerts(ctx, q)
	})
}

// Get returns one alert with its raw payload.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Alert, error) {
	if err := mayRead(ctx); err != nil {
		return Alert{}, err
	}
	return s.store.Alert(ctx, id, false)
}

// mayRead: the security team and auditors. Department heads follow their
// cases, not the team's queue.
func mayRead(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder", "auditor":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders, administrators and auditors read alerts")
}

// mayDecide: responders and administrators import, merge and ignore.
func mayDecide(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders and administrators handle alerts")
}

// mayReceive: the roles the contract lets post alerts (x-roles of
// intakeAlert); a role for the tools' API keys joins both.
func mayReceive(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder", apikeys.AlertIngest:
		return nil
	}
	return apperr.New(apperr.Forbidden, "your role may not send alerts")
}
