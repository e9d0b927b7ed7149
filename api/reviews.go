package api

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
)

// GetCaseReview returns a case's post-incident review.
func (h *reviewHandlers) GetCaseReview(ctx context.Context, req gen.GetCaseReviewRequestObject) (gen.GetCaseReviewResponseObject, error) {
	r, err := h.cases.Review(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetCaseReview200JSONResponse{Body: toAPIReview(r, h.cases.Now()), Headers: gen.GetCaseReview200ResponseHeaders{ETag: reviewETag(r)}}, nil
}

// SaveCaseReview writes the review and adds its new follow-up actions. The
// first save sends no If-Match; later ones must.
func (h *reviewHandlers) SaveCaseReview(ctx context.Context, req gen.SaveCaseReviewRequestObject) (gen.SaveCaseReviewResponseObject, error) {
	var version int64
	if req.Params.IfMatch != nil {
		v, err := ifMatch(req.Params.IfMatch)
		if err != nil {
			return nil, err
		}
		version = v
	}
	b := req.Body
	d := cases.ReviewDraft{WhatHappened: b.WhatHappened, WentWell: b.WentWell, ToImprove: b.ToImprove}
	if b.FollowUps != nil {
		for _, f := range *b.FollowUps {
			d.FollowUps = append(d.FollowUps, cases.FollowUp{Title: f.Title, Description: deref(f.Description),
				AssigneeID: optional(f.AssigneeId).Value, DueAt: optional(f.DueAt).Value})
		}
	}
	r, err := h.cases.SaveReview(ctx, req.Id, version, d)
	if err != nil {
		return nil, err
	}
	return gen.SaveCaseReview200JSONResponse{Body: toAPIReview(r, h.cases.Now()), Headers: gen.SaveCaseReview200ResponseHeaders{ETag: reviewETag(r)}}, nil
}

// CompleteCaseReview marks the review complete.
func (h *reviewHandlers) CompleteCaseReview(ctx context.Context, req gen.CompleteCaseReviewRequestObject) (gen.CompleteCaseReviewResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	r, err := h.cases.CompleteReview(ctx, req.Id, version)
	if err != nil {
		return nil, err
	}
	return gen.CompleteCaseReview200JSONResponse{Body: toAPIReview(r, h.cases.Now()), Headers: gen.CompleteCaseReview200ResponseHeaders{ETag: reviewETag(r)}}, nil
}

// ReopenCaseReview reopens a complete review for a reason.
func (h *reviewHandlers) ReopenCaseReview(ctx context.Context, req gen.ReopenCaseReviewRequestObject) (gen.ReopenCaseReviewResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	r, err := h.cases.ReopenReview(ctx, req.Id, version, req.Body.Reason)
	if err != nil {
		return nil, err
	}
	return gen.ReopenCaseReview200JSONResponse{Body: toAPIReview(r, h.cases.Now()), Headers: gen.ReopenCaseReview200ResponseHeaders{ETag: reviewETag(r)}}, nil
}

// reviewETag is the review's version as an ETag; none for a review not yet
// written, whose first save sends no If-Match.
func reviewETag(r cases.Review) *string {
	if !r.Written {
		return nil
	}
	return etag(r.Version)
}

func toAPIReview(r cases.Review, now time.Time) gen.CaseReview {
	tasks := make([]gen.Task, len(r.FollowUps))
	for i, t := range r.FollowUps {
		tasks[i] = toAPITask(t, now)
	}
	out := gen.CaseReview{CaseId: r.CaseID, Written: r.Written, WhatHappened: r.WhatHappened, WentWell: r.WentWell, ToImprove: r.ToImprove,
		FollowUps: tasks, CompletedAt: nullableOf(r.CompletedAt), CompletedById: nullableOf(r.CompletedByID),
		ReopenedAt: nullableOf(r.ReopenedAt), ReopenedById: nullableOf(r.ReopenedByID), ReopenReason: r.ReopenReason,
		Version: r.Version}
	var at *time.Time
	var by *uuid.UUID
	if r.Written {
		at, by = &r.UpdatedAt, &r.UpdatedByID
	}
	out.UpdatedAt, out.UpdatedById = nullableOf(at), nullableOf(by)
	return out
}
