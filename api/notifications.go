package api

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/notify"
)

// notifyHandlers: the bell, preferences and follows (docs/notifications.md).
type notifyHandlers struct{ notify *notify.Service }

// ListMyNotifications returns a page of the caller's notifications, newest first.
func (h *notifyHandlers) ListMyNotifications(ctx context.Context, req gen.ListMyNotificationsRequestObject) (gen.ListMyNotificationsResponseObject, error) {
	var before int64
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &before)
	if err != nil {
		return nil, err
	}
	page, err := h.notify.List(ctx, req.Params.Unread != nil && *req.Params.Unread, before, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Notification, len(page.Items))
	for i, n := range page.Items {
		items[i] = toAPINotification(n)
	}
	return gen.ListMyNotifications200JSONResponse{Body: gen.NotificationList{Items: items,
		NextCursor: nextCursor(page.Items, page.Next != 0, func(n notify.Notification) any { return n.Seq })}}, nil
}

// CountMyUnreadNotifications returns the bell's number.
func (h *notifyHandlers) CountMyUnreadNotifications(ctx context.Context, _ gen.CountMyUnreadNotificationsRequestObject) (gen.CountMyUnreadNotificationsResponseObject, error) {
	n, err := h.notify.UnreadCount(ctx)
	if err != nil {
		return nil, err
	}
	return gen.CountMyUnreadNotifications200JSONResponse{Body: gen.UnreadNotificationCount{Unread: n}}, nil
}

// MarkMyNotificationRead marks one of the caller's notifications read.
func (h *notifyHandlers) MarkMyNotificationRead(ctx context.Context, req gen.MarkMyNotificationReadRequestObject) (gen.MarkMyNotificationReadResponseObject, error) {
	if err := h.notify.MarkRead(ctx, req.Id); err != nil {
		return nil, err
	}
	return gen.MarkMyNotificationRead204Response{}, nil
}

// MarkAllMyNotificationsRead marks all the caller's notifications read.
func (h *notifyHandlers) MarkAllMyNotificationsRead(ctx context.Context, _ gen.MarkAllMyNotificationsReadRequestObject) (gen.MarkAllMyNotificationsReadResponseObject, error) {
	n, err := h.notify.MarkAllRead(ctx)
	if err != nil {
		return nil, err
	}
	return gen.MarkAllMyNotificationsRead200JSONResponse{Body: gen.MarkedRead{Marked: n}}, nil
}

// GetMyNotificationPreferences returns the caller's switches and digest.
func (h *notifyHandlers) GetMyNotificationPreferences(ctx context.Context, _ gen.GetMyNotificationPreferencesRequestObject) (gen.GetMyNotificationPreferencesResponseObject, error) {
	p, err := h.notify.Preferences(ctx)
	if err != nil {
		return nil, err
	}
	return gen.GetMyNotificationPreferences200JSONResponse{Body: toAPIPreferences(p)}, nil
}

// SetMyNotificationPreferences sets the listed switches and the digest.
func (h *notifyHandlers) SetMyNotificationPreferences(ctx context.Context, req gen.SetMyNotificationPreferencesRequestObject) (gen.SetMyNotificationPreferencesResponseObject, error) {
	var choices []notify.Choice
	if req.Body.Preferences != nil {
		for _, c := range *req.Body.Preferences {
			choices = append(choices, notify.Choice{Kind: string(c.Kind), Channel: string(c.Channel), Enabled: c.Enabled})
		}
	}
	digest := ""
	if req.Body.EmailDigest != nil {
		digest = string(*req.Body.EmailDigest)
	}
	p, err := h.notify.SetPreferences(ctx, choices, digest)
	if err != nil {
		return nil, err
	}
	return gen.SetMyNotificationPreferences200JSONResponse{Body: toAPIPreferences(p)}, nil
}

// ListMyFollows returns what the caller follows.
func (h *notifyHandlers) ListMyFollows(ctx context.Context, _ gen.ListMyFollowsRequestObject) (gen.ListMyFollowsResponseObject, error) {
	follows, err := h.notify.Follows(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Follow, len(follows))
	for i, f := range follows {
		items[i] = gen.Follow{TargetType: gen.FollowTargetType(f.TargetType), TargetId: f.TargetID, Name: f.Name, Implicit: f.Implicit}
	}
	return gen.ListMyFollows200JSONResponse{Body: gen.FollowList{Items: items, NextCursor: nullable.NewNullNullable[string]()}}, nil
}

// GetMyFollow says whether the caller follows a target.
func (h *notifyHandlers) GetMyFollow(ctx context.Context, req gen.GetMyFollowRequestObject) (gen.GetMyFollowResponseObject, error) {
	st, err := h.followState(ctx, req.TargetType, req.TargetId)
	if err != nil {
		return nil, err
	}
	return gen.GetMyFollow200JSONResponse{Body: st}, nil
}

// FollowTarget makes the caller follow a target.
func (h *notifyHandlers) FollowTarget(ctx context.Context, req gen.FollowTargetRequestObject) (gen.FollowTargetResponseObject, error) {
	if err := h.notify.Follow(ctx, string(req.TargetType), req.TargetId); err != nil {
		return nil, err
	}
	st, err := h.followState(ctx, req.TargetType, req.TargetId)
	if err != nil {
		return nil, err
	}
	return gen.FollowTarget200JSONResponse{Body: st}, nil
}

// UnfollowTarget stops the caller following a target.
func (h *notifyHandlers) UnfollowTarget(ctx context.Context, req gen.UnfollowTargetRequestObject) (gen.UnfollowTargetResponseObject, error) {
	if err := h.notify.Unfollow(ctx, string(req.TargetType), req.TargetId); err != nil {
		return nil, err
	}
	st, err := h.followState(ctx, req.TargetType, req.TargetId)
	if err != nil {
		return nil, err
	}
	return gen.UnfollowTarget200JSONResponse{Body: st}, nil
}

func (h *notifyHandlers) followState(ctx context.Context, t gen.FollowTargetType, id gen.Id) (gen.FollowState, error) {
	on, implicit, err := h.notify.FollowState(ctx, string(t), id)
	if err != nil {
		return gen.FollowState{}, err
	}
	return gen.FollowState{TargetType: t, TargetId: id, Following: on, Implicit: implicit}, nil
}

func toAPINotification(n notify.Notification) gen.Notification {
	ref, title := nullable.NewNullNullable[string](), nullable.NewNullNullable[string]()
	if n.CaseReference != "" {
		ref = nullable.NewNullableWithValue(n.CaseReference)
	}
	if n.CaseTitle != "" {
		title = nullable.NewNullableWithValue(n.CaseTitle)
	}
	return gen.Notification{Id: n.ID, EventId: n.EventID, Kind: gen.EventKind(n.Kind), CaseId: nullableOf(n.CaseID),
		CaseReference: ref, CaseTitle: title, ActorName: n.ActorName, Sentence: n.Sentence, OccurredAt: n.OccurredAt, ReadAt: nullableOf(n.ReadAt)}
}

// toAPIPreferences lists p's switches in the order of the kinds, then channels.
func toAPIPreferences(p notify.Preferences) gen.NotificationPreferences {
	out := gen.NotificationPreferences{EmailDigest: gen.EmailDigest(p.Digest), Preferences: []gen.NotificationPreference{}}
	for _, k := range events.Kinds {
		for _, c := range notify.Channels {
			if on, ok := p.Enabled[notify.Key{Kind: k, Channel: c}]; ok {
				out.Preferences = append(out.Preferences, gen.NotificationPreference{Kind: gen.EventKind(k),
					Channel: gen.NotificationChannel(c), Enabled: on})
			}
		}
	}
	return out
}
