package api

import (
	"context"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/restoration"
)

// ListReplans returns one page of a suspension's re-plans, oldest first.
func (h *restorationHandlers) ListReplans(ctx context.Context, req gen.ListReplansRequestObject) (gen.ListReplansResponseObject, error) {
	var after uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	list, more, err := h.restoration.Replans(ctx, req.Id, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Replan, len(list))
	for i, r := range list {
		items[i] = gen.Replan{Id: r.ID, Kind: gen.ReplanKind(r.Kind), MilestoneId: nullableOf(r.MilestoneID),
			From: nullableOf(r.From), To: nullableOf(r.To), Reason: r.Reason, ById: r.ByID, At: r.At}
	}
	return gen.ListReplans200JSONResponse{Body: gen.ReplanList{Items: items,
		NextCursor: nextCursor(list, more, func(r restoration.Replan) any { return r.ID })}}, nil
}
