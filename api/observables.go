package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/observables"
)

// observableHandlers: a case's observables and the search across cases
// (observables.go).
type observableHandlers struct{ observables *observables.Service }

// ListObservables returns a page of a case's observables, newest first.
func (h *observableHandlers) ListObservables(ctx context.Context, req gen.ListObservablesRequestObject) (gen.ListObservablesResponseObject, error) {
	var after uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	os, more, err := h.observables.List(ctx, req.Id, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Observable, len(os))
	for i, o := range os {
		items[i] = toAPIObservable(o)
	}
	return gen.ListObservables200JSONResponse{Body: gen.ObservableList{Items: items,
		NextCursor: nextCursor(os, more, func(o observables.Observable) any { return o.ID })}}, nil
}

// CreateObservable adds an observable to a case, or merges it into the one
// the case holds.
func (h *observableHandlers) CreateObservable(ctx context.Context, req gen.CreateObservableRequestObject) (gen.CreateObservableResponseObject, error) {
	r, err := h.observables.Add(ctx, req.Id, toDraft(*req.Body))
	if err != nil {
		return nil, err
	}
	body := gen.ObservableAdded{Merged: r.Merged, Observable: toAPIObservable(r.Observable)}
	if r.Merged {
		return gen.CreateObservable200JSONResponse{Body: body, Headers: gen.CreateObservable200ResponseHeaders{ETag: etag(r.Version)}}, nil
	}
	return gen.CreateObservable201JSONResponse{Body: body, Headers: gen.CreateObservable201ResponseHeaders{ETag: etag(r.Version)}}, nil
}

// AddObservables adds many observables in one transaction.
func (h *observableHandlers) AddObservables(ctx context.Context, req gen.AddObservablesRequestObject) (gen.AddObservablesResponseObject, error) {
	ds := make([]observables.Draft, len(req.Body.Items))
	for i, b := range req.Body.Items {
		ds[i] = toDraft(b)
	}
	rs, err := h.observables.AddAll(ctx, req.Id, ds)
	if err != nil {
		return nil, err
	}
	items := make([]gen.ObservableAdded, len(rs))
	for i, r := range rs {
		items[i] = gen.ObservableAdded{Merged: r.Merged, Observable: toAPIObservable(r.Observable)}
	}
	return gen.AddObservables200JSONResponse{Body: gen.ObservablesAdded{Items: items}}, nil
}

// PreviewObservables reads the observables in pasted text.
func (h *observableHandlers) PreviewObservables(ctx context.Context, req gen.PreviewObservablesRequestObject) (gen.PreviewObservablesResponseObject, error) {
	found, err := h.observables.Preview(ctx, req.Id, req.Body.Text)
	if err != nil {
		return nil, err
	}
	items := make([]gen.ObservableCandidate, len(found))
	for i, c := range found {
		items[i] = gen.ObservableCandidate{Type: gen.ObservableType(c.Type), Value: c.Value, OnCase: c.OnCase, Sightings: c.Sightings}
	}
	return gen.PreviewObservables200JSONResponse{Body: gen.ObservablePreview{Items: items}}, nil
}

// SearchObservables finds a value across the cases the caller may see.
func (h *observableHandlers) SearchObservables(ctx context.Context, req gen.SearchObservablesRequestObject) (gen.SearchObservablesResponseObject, error) {
	var after uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	found, more, err := h.observables.Search(ctx, req.Params.Value, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.ObservableSighting, len(found))
	for i, s := range found {
		items[i] = gen.ObservableSighting{Observable: toAPIObservable(s.Observable), CaseReference: s.CaseReference, CaseTitle: s.CaseTitle}
	}
	return gen.SearchObservables200JSONResponse{Body: gen.ObservableSightingList{Items: items,
		NextCursor: nextCursor(found, more, func(s observables.Sighting) any { return s.ID })}}, nil
}

// GetObservable returns one observable.
func (h *observableHandlers) GetObservable(ctx context.Context, req gen.GetObservableRequestObject) (gen.GetObservableResponseObject, error) {
	o, err := h.observables.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetObservable200JSONResponse{Body: toAPIObservable(o), Headers: gen.GetObservable200ResponseHeaders{ETag: etag(o.Version)}}, nil
}

// UpdateObservable changes an observable's markings, notes and links.
func (h *observableHandlers) UpdateObservable(ctx context.Context, req gen.UpdateObservableRequestObject) (gen.UpdateObservableResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	c := observables.Change{TLP: (*observables.TLP)(b.Tlp), PAP: (*observables.PAP)(b.Pap), IOC: b.Ioc, Tags: b.Tags,
		Description: b.Description, Source: b.Source, EvidenceIDs: b.EvidenceIds,
		FirstSeenAt: nullableTime(b.FirstSeenAt), LastSeenAt: nullableTime(b.LastSeenAt)}
	o, err := h.observables.Update(ctx, req.Id, version, c)
	if err != nil {
		return nil, err
	}
	return gen.UpdateObservable200JSONResponse{Body: toAPIObservable(o), Headers: gen.UpdateObservable200ResponseHeaders{ETag: etag(o.Version)}}, nil
}

// DeleteObservable removes an observable added by mistake.
func (h *observableHandlers) DeleteObservable(ctx context.Context, req gen.DeleteObservableRequestObject) (gen.DeleteObservableResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	if err := h.observables.Delete(ctx, req.Id, version); err != nil {
		return nil, err
	}
	return gen.DeleteObservable204Response{}, nil
}

// nullableTime is a PATCH time that may be null: nil when left out, a
// pointer to nil when null.
func nullableTime(n nullable.Nullable[time.Time]) **time.Time {
	if !n.IsSpecified() {
		return nil
	}
	var t *time.Time
	if !n.IsNull() {
		v := n.MustGet()
		t = &v
	}
	return &t
}

func toDraft(b gen.CreateObservableRequest) observables.Draft {
	d := observables.Draft{Type: observables.Type(b.Type), Value: b.Value, FirstSeenAt: b.FirstSeenAt, LastSeenAt: b.LastSeenAt}
	if b.Tlp != nil {
		d.TLP = observables.TLP(*b.Tlp)
	}
	if b.Pap != nil {
		d.PAP = observables.PAP(*b.Pap)
	}
	if b.Ioc != nil {
		d.IOC = *b.Ioc
	}
	if b.Tags != nil {
		d.Tags = *b.Tags
	}
	if b.Description != nil {
		d.Description = *b.Description
	}
	if b.Source != nil {
		d.Source = *b.Source
	}
	if b.EvidenceIds != nil {
		d.EvidenceIDs = *b.EvidenceIds
	}
	return d
}

func toAPIObservable(o observables.Observable) gen.Observable {
	return gen.Observable{Id: o.ID, CaseId: o.CaseID, Type: gen.ObservableType(o.Type), Value: o.Value, Tlp: gen.TLP(o.TLP),
		Pap: gen.PAP(o.PAP), Ioc: o.IOC, Tags: o.Tags, Description: o.Description, Source: o.Source,
		FirstSeenAt: nullableOf(o.FirstSeenAt), LastSeenAt: nullableOf(o.LastSeenAt), EvidenceIds: o.EvidenceIDs,
		Sightings: o.Sightings, CreatedById: o.CreatedByID, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version}
}

// ExportObservables sends a case's indicators as STIX 2.1 or its observables
// as CSV.
func (h *observableHandlers) ExportObservables(ctx context.Context, req gen.ExportObservablesRequestObject) (gen.ExportObservablesResponseObject, error) {
	includeRed := req.Params.IncludeRed != nil && *req.Params.IncludeRed
	f, err := h.observables.Export(ctx, req.Id, string(req.Params.Format), includeRed)
	if err != nil {
		return nil, err
	}
	return observablesFile{f}, nil
}

// observablesFile sends an export of observables as a download.
type observablesFile struct{ observables.Exported }

func (f observablesFile) VisitExportObservablesResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.Filename+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
	w.Header().Set("X-Caseward-Withheld", strconv.Itoa(f.Withheld))
	w.Header().Set("X-Caseward-Skipped", strconv.Itoa(f.Skipped))
	w.Header().Set("Access-Control-Expose-Headers", "X-Caseward-Withheld, X-Caseward-Skipped")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(f.Body)
	return err
}
