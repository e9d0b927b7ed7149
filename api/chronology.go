package api

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/chronology"
)

// chronologyHandlers: a case's chronology (chronology.go).
type chronologyHandlers struct{ chronology *chronology.Service }

// ListChronology returns a case's whole chronology, in the story's order.
func (h *chronologyHandlers) ListChronology(ctx context.Context, req gen.ListChronologyRequestObject) (gen.ListChronologyResponseObject, error) {
	entries, err := h.chronology.List(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	items := make([]gen.ChronologyEntry, len(entries))
	for i, e := range entries {
		items[i] = toAPIChronologyEntry(e)
	}
	return gen.ListChronology200JSONResponse{Body: gen.ChronologyList{Items: items, NextCursor: nullable.NewNullNullable[string]()}}, nil
}

// CreateChronologyEntry adds an entry to a case's chronology.
func (h *chronologyHandlers) CreateChronologyEntry(ctx context.Context, req gen.CreateChronologyEntryRequestObject) (gen.CreateChronologyEntryResponseObject, error) {
	b := req.Body
	d := chronology.Draft{Kind: chronology.Kind(b.Kind), OccurredAt: b.OccurredAt, Body: b.Body}
	if b.EvidenceIds != nil {
		d.EvidenceIDs = *b.EvidenceIds
	}
	e, err := h.chronology.Add(ctx, req.Id, d)
	if err != nil {
		return nil, err
	}
	return gen.CreateChronologyEntry201JSONResponse{Body: toAPIChronologyEntry(e), Headers: gen.CreateChronologyEntry201ResponseHeaders{ETag: etag(e.Version)}}, nil
}

// CorrectChronologyEntry changes an entry, with a reason.
func (h *chronologyHandlers) CorrectChronologyEntry(ctx context.Context, req gen.CorrectChronologyEntryRequestObject) (gen.CorrectChronologyEntryResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	e, err := h.chronology.Correct(ctx, req.Id, version, chronology.Correction{Kind: (*chronology.Kind)(b.Kind), OccurredAt: b.OccurredAt,
		Body: b.Body, EvidenceIDs: b.EvidenceIds, Reason: b.Reason})
	if err != nil {
		return nil, err
	}
	return gen.CorrectChronologyEntry200JSONResponse{Body: toAPIChronologyEntry(e), Headers: gen.CorrectChronologyEntry200ResponseHeaders{ETag: etag(e.Version)}}, nil
}

// RetractChronologyEntry withdraws an entry, with a reason; it is kept.
func (h *chronologyHandlers) RetractChronologyEntry(ctx context.Context, req gen.RetractChronologyEntryRequestObject) (gen.RetractChronologyEntryResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	e, err := h.chronology.Retract(ctx, req.Id, version, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	return gen.RetractChronologyEntry200JSONResponse{Body: toAPIChronologyEntry(e), Headers: gen.RetractChronologyEntry200ResponseHeaders{ETag: etag(e.Version)}}, nil
}

func toAPIChronologyEntry(e chronology.Entry) gen.ChronologyEntry {
	reason := nullable.NewNullNullable[string]()
	if e.Retracted() {
		reason = nullable.NewNullableWithValue(e.RetractionReason)
	}
	return gen.ChronologyEntry{Id: e.ID, CaseId: e.CaseID, Kind: gen.ChronologyKind(e.Kind), OccurredAt: e.OccurredAt,
		RecordedAt: e.RecordedAt, Backdated: e.Backdated(), AuthorId: e.AuthorID, Body: e.Body, EvidenceIds: e.EvidenceIDs,
		CorrectedAt: nullableOf(e.CorrectedAt), CorrectedById: nullableOf(e.CorrectedByID), RetractedAt: nullableOf(e.RetractedAt),
		RetractedById: nullableOf(e.RetractedByID), RetractionReason: reason, Version: e.Version}
}
