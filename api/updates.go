package api

import (
	"context"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/restoration"
)

// ListSuspensionUpdates returns one page of a suspension's updates, newest first.
func (h *restorationHandlers) ListSuspensionUpdates(ctx context.Context, req gen.ListSuspensionUpdatesRequestObject) (gen.ListSuspensionUpdatesResponseObject, error) {
	var before uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &before)
	if err != nil {
		return nil, err
	}
	list, more, err := h.restoration.Updates(ctx, req.Id, before, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.SuspensionUpdate, len(list))
	for i, u := range list {
		items[i] = toAPIUpdate(u)
	}
	return gen.ListSuspensionUpdates200JSONResponse{Body: gen.SuspensionUpdateList{Items: items,
		NextCursor: nextCursor(list, more, func(u restoration.Update) any { return u.ID })}}, nil
}

// PostSuspensionUpdate appends a stakeholder update, and re-plans when it
// announces a new expected date.
func (h *restorationHandlers) PostSuspensionUpdate(ctx context.Context, req gen.PostSuspensionUpdateRequestObject) (gen.PostSuspensionUpdateResponseObject, error) {
	b := req.Body
	u, err := h.restoration.PostUpdate(ctx, req.Id, restoration.UpdateRequest{
		Body: b.Body, Audience: restoration.Audience(b.Audience), ExpectedRestorationAt: b.ExpectedRestorationAt,
		ReplanReason: b.ReplanReason, CorrectsID: b.CorrectsId,
	})
	if err != nil {
		return nil, err
	}
	return gen.PostSuspensionUpdate201JSONResponse{Body: toAPIUpdate(u)}, nil
}

func toAPIUpdate(u restoration.Update) gen.SuspensionUpdate {
	return gen.SuspensionUpdate{Id: u.ID, SuspensionId: u.SuspensionID, Audience: gen.UpdateAudience(u.Audience), Body: u.Body,
		CorrectsId: nullableOf(u.CorrectsID), ExpectedRestorationAt: nullableOf(u.ExpectedRestorationAt), ReplanId: nullableOf(u.ReplanID),
		AuthorId: u.AuthorID, AuthorName: u.AuthorName, At: u.At}
}

// latestUpdate renders a dashboard item's newest update, null when none.
func latestUpdate(u *restoration.Update) nullable.Nullable[gen.SuspensionUpdate] {
	if u == nil {
		return nullable.NewNullNullable[gen.SuspensionUpdate]()
	}
	return nullable.NewNullableWithValue(toAPIUpdate(*u))
}
