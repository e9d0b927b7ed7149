package api

import (
	"context"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/links"
)

// ListCaseLinks returns a case's links to the cases the caller may see.
func (h *linkHandlers) ListCaseLinks(ctx context.Context, req gen.ListCaseLinksRequestObject) (gen.ListCaseLinksResponseObject, error) {
	listed, err := h.links.List(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	items := make([]gen.CaseLink, len(listed))
	for i, l := range listed {
		items[i] = toAPICaseLink(l, req.Id)
	}
	return gen.ListCaseLinks200JSONResponse{Body: gen.CaseLinkList{Items: items, NextCursor: nextCursor(items, false, nil)}}, nil
}

// CreateCaseLink links a case to another.
func (h *linkHandlers) CreateCaseLink(ctx context.Context, req gen.CreateCaseLinkRequestObject) (gen.CreateCaseLinkResponseObject, error) {
	l, err := h.links.Create(ctx, req.Id, req.Body.CaseId, links.Kind(req.Body.Kind))
	if err != nil {
		return nil, err
	}
	return gen.CreateCaseLink201JSONResponse{Body: toAPICaseLink(l, req.Id)}, nil
}

// MarkCaseDuplicate marks a case as a duplicate of another and closes it.
func (h *linkHandlers) MarkCaseDuplicate(ctx context.Context, req gen.MarkCaseDuplicateRequestObject) (gen.MarkCaseDuplicateResponseObject, error) {
	l, err := h.links.MarkDuplicate(ctx, req.Id, req.Body.OriginalId, deref(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return gen.MarkCaseDuplicate201JSONResponse{Body: toAPICaseLink(l, req.Id)}, nil
}

// DeleteCaseLink removes a link.
func (h *linkHandlers) DeleteCaseLink(ctx context.Context, req gen.DeleteCaseLinkRequestObject) (gen.DeleteCaseLinkResponseObject, error) {
	if err := h.links.Delete(ctx, req.Id); err != nil {
		return nil, err
	}
	return gen.DeleteCaseLink204Response{}, nil
}

// toAPICaseLink is l as read from the case caseID.
func toAPICaseLink(l links.Listed, caseID uuid.UUID) gen.CaseLink {
	return gen.CaseLink{Id: l.ID, Kind: gen.CaseLinkKind(l.Kind), Relation: gen.CaseLinkRelation(l.RelationFrom(caseID)),
		FromCaseId: l.FromCaseID, ToCaseId: l.ToCaseID, CreatedById: l.CreatedByID, CreatedAt: l.CreatedAt,
		Case: gen.LinkedCase{Id: l.Other.ID, Reference: l.Other.Reference, Title: l.Other.Title, Status: gen.CaseStatus(l.Other.Status)}}
}
