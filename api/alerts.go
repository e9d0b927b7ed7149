package api

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/observables"
)

// alertHandlers: the alert queue (alerts.go).
type alertHandlers struct{ alerts *alerts.Service }

// IntakeAlert receives an alert from another tool: 201 for a new source and
// reference, 200 for one already known.
func (h *alertHandlers) IntakeAlert(ctx context.Context, req gen.IntakeAlertRequestObject) (gen.IntakeAlertResponseObject, error) {
	b := req.Body
	in := alerts.Intake{Source: b.Source, SourceRef: b.SourceRef, Title: b.Title, Description: deref(b.Description),
		Severity: alerts.Severity(b.Severity)}
	if b.Observables != nil {
		in.Observables = make([]observables.Draft, len(*b.Observables))
		for i, o := range *b.Observables {
			in.Observables[i] = toDomainAlertObservable(o)
		}
	}
	if b.Raw != nil {
		in.Raw = *b.Raw
	}
	a, created, err := h.alerts.Receive(ctx, in)
	if err != nil {
		return nil, err
	}
	if created {
		return gen.IntakeAlert201JSONResponse{Body: toAPIAlert(a), Headers: gen.IntakeAlert201ResponseHeaders{ETag: etag(a.Version)}}, nil
	}
	return gen.IntakeAlert200JSONResponse{Body: toAPIAlert(a), Headers: gen.IntakeAlert200ResponseHeaders{ETag: etag(a.Version)}}, nil
}

// ListAlerts returns a page of the queue, last seen first.
func (h *alertHandlers) ListAlerts(ctx context.Context, req gen.ListAlertsRequestObject) (gen.ListAlertsResponseObject, error) {
	p := req.Params
	var after alerts.Cursor
	limit, err := pageArgs(p.Limit, p.Cursor, &after)
	if err != nil {
		return nil, err
	}
	q := alerts.Query{Statuses: enumList[alerts.Status](p.Status), Source: deref(p.Source), Text: deref(p.Q), Limit: limit}
	if after.ID != uuid.Nil {
		q.After = &after
	}
	list, more, err := h.alerts.List(ctx, q)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Alert, len(list))
	for i, a := range list {
		items[i] = toAPIAlert(a)
	}
	return gen.ListAlerts200JSONResponse{Body: gen.AlertList{Items: items,
		NextCursor: nextCursor(list, more, func(a alerts.Alert) any { return alerts.CursorAfter(a) })}}, nil
}

// GetAlert returns one alert with its raw payload.
func (h *alertHandlers) GetAlert(ctx context.Context, req gen.GetAlertRequestObject) (gen.GetAlertResponseObject, error) {
	a, err := h.alerts.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	out := toAPIAlert(a)
	out.Raw = nullableOf[json.RawMessage](nil)
	if a.Raw != nil {
		raw := json.RawMessage(a.Raw)
		out.Raw = nullableOf(&raw)
	}
	return gen.GetAlert200JSONResponse{Body: out, Headers: gen.GetAlert200ResponseHeaders{ETag: etag(a.Version)}}, nil
}

// ImportAlert opens a case from a new alert.
func (h *alertHandlers) ImportAlert(ctx context.Context, req gen.ImportAlertRequestObject) (gen.ImportAlertResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c := cases.Case{Title: deref(b.Title), Summary: deref(b.Summary), Category: cases.Category(b.Category),
		PersonalDataInvolved: b.PersonalDataInvolved, DepartmentID: b.DepartmentId, DataSubjectsEstimate: b.DataSubjectsEstimate}
	if b.Severity != nil {
		c.Severity = cases.Severity(*b.Severity)
	}
	if b.OwnerId != nil {
		c.OwnerID = *b.OwnerId
	}
	if b.Restricted != nil {
		c.Restricted = *b.Restricted
	}
	if b.DetectedAt != nil {
		c.DetectedAt = *b.DetectedAt
	}
	if b.AwareAt != nil {
		c.AwareAt = *b.AwareAt
	}
	a, err := h.alerts.Import(ctx, req.Id, version, alerts.NewCase{Case: c, PlaybookID: b.PlaybookId})
	if err != nil {
		return nil, err
	}
	return gen.ImportAlert200JSONResponse{Body: toAPIAlert(a), Headers: gen.ImportAlert200ResponseHeaders{ETag: etag(a.Version)}}, nil
}

// MergeAlert adds a new alert's observables to a case.
func (h *alertHandlers) MergeAlert(ctx context.Context, req gen.MergeAlertRequestObject) (gen.MergeAlertResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	a, err := h.alerts.Merge(ctx, req.Id, version, req.Body.CaseId)
	if err != nil {
		return nil, err
	}
	return gen.MergeAlert200JSONResponse{Body: toAPIAlert(a), Headers: gen.MergeAlert200ResponseHeaders{ETag: etag(a.Version)}}, nil
}

// IgnoreAlert sets a new alert aside with the reason.
func (h *alertHandlers) IgnoreAlert(ctx context.Context, req gen.IgnoreAlertRequestObject) (gen.IgnoreAlertResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	a, err := h.alerts.Ignore(ctx, req.Id, version, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	return gen.IgnoreAlert200JSONResponse{Body: toAPIAlert(a), Headers: gen.IgnoreAlert200ResponseHeaders{ETag: etag(a.Version)}}, nil
}

func toDomainAlertObservable(o gen.AlertObservable) observables.Draft {
	d := observables.Draft{Type: observables.Type(o.Type), Value: o.Value, FirstSeenAt: o.FirstSeenAt, LastSeenAt: o.LastSeenAt,
		Description: deref(o.Description), Source: deref(o.Source)}
	if o.Tlp != nil {
		d.TLP = observables.TLP(*o.Tlp)
	}
	if o.Pap != nil {
		d.PAP = observables.PAP(*o.Pap)
	}
	if o.Ioc != nil {
		d.IOC = *o.Ioc
	}
	if o.Tags != nil {
		d.Tags = *o.Tags
	}
	return d
}

func toAPIAlertObservable(d observables.Draft) gen.AlertObservable {
	tlp, pap, ioc, tags := gen.TLP(d.TLP), gen.PAP(d.PAP), d.IOC, d.Tags
	desc, src := d.Description, d.Source
	return gen.AlertObservable{Type: gen.ObservableType(d.Type), Value: d.Value, Tlp: &tlp, Pap: &pap, Ioc: &ioc, Tags: &tags,
		Description: &desc, Source: &src, FirstSeenAt: d.FirstSeenAt, LastSeenAt: d.LastSeenAt}
}

// toAPIAlert is a without its raw payload, which only GetAlert sends.
func toAPIAlert(a alerts.Alert) gen.Alert {
	os := make([]gen.AlertObservable, len(a.Observables))
	for i, o := range a.Observables {
		os[i] = toAPIAlertObservable(o)
	}
	out := gen.Alert{Id: a.ID, Source: a.Source, SourceRef: a.SourceRef, Title: a.Title, Description: a.Description,
		Severity: gen.AlertSeverity(a.Severity), Status: gen.AlertStatus(a.Status), Observables: os, RawSha256: a.RawSHA256,
		RawSize: a.RawSize, Occurrences: a.Occurrences, FirstSeenAt: a.FirstSeenAt, LastSeenAt: a.LastSeenAt,
		CaseId: nullableOf(a.CaseID), IgnoreReason: nullableString(a.IgnoreReason), DecidedById: nullableOf(a.DecidedByID),
		DecidedAt: nullableOf(a.DecidedAt), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Version: a.Version}
	return out
}
