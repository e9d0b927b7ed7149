package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/events"
)

// eventHandlers: what Caseward tells (docs/notifications.md).
type eventHandlers struct{}

// ListEventKinds returns the kinds of event worth telling, in plain words.
func (eventHandlers) ListEventKinds(context.Context, gen.ListEventKindsRequestObject) (gen.ListEventKindsResponseObject, error) {
	items := make([]gen.EventKindInfo, len(events.Kinds))
	for i, k := range events.Kinds {
		audience := gen.EventKindInfoAudienceEveryone
		if events.ForAdmins(k) {
			audience = gen.EventKindInfoAudienceAdmins
		}
		items[i] = gen.EventKindInfo{Kind: gen.EventKind(k), Label: events.Label(k), Audience: audience}
	}
	return gen.ListEventKinds200JSONResponse{Body: gen.EventKindList{Items: items}}, nil
}
