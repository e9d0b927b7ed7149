package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/views"
)

// ListMyViews returns the caller's saved views of the cases list.
func (h *viewHandlers) ListMyViews(ctx context.Context, _ gen.ListMyViewsRequestObject) (gen.ListMyViewsResponseObject, error) {
	vs, err := h.views.List(ctx)
	if err != nil {
		return nil, err
	}
	out := gen.SavedViewList{Items: make([]gen.SavedView, len(vs))}
	for i, v := range vs {
		out.Items[i] = toAPIView(v)
	}
	return gen.ListMyViews200JSONResponse{Body: out}, nil
}

// CreateMyView saves a view of the cases list for the caller.
func (h *viewHandlers) CreateMyView(ctx context.Context, req gen.CreateMyViewRequestObject) (gen.CreateMyViewResponseObject, error) {
	v, err := h.views.Create(ctx, req.Body.Name, req.Body.Query)
	if err != nil {
		return nil, err
	}
	return gen.CreateMyView201JSONResponse{Body: toAPIView(v)}, nil
}

// DeleteMyView deletes one of the caller's views.
func (h *viewHandlers) DeleteMyView(ctx context.Context, req gen.DeleteMyViewRequestObject) (gen.DeleteMyViewResponseObject, error) {
	if err := h.views.Delete(ctx, req.Id); err != nil {
		return nil, err
	}
	return gen.DeleteMyView204Response{}, nil
}

func toAPIView(v views.View) gen.SavedView {
	return gen.SavedView{Id: v.ID, Name: v.Name, Query: v.Query, CreatedAt: v.CreatedAt.UTC()}
}
