package api

import (
	"context"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/clock"
)

// apiKeyHandlers: keys for other tools and for people's scripts
// (docs/api-keys.md).
type apiKeyHandlers struct{ keys *apikeys.Service }

func toAPIKey(ctx context.Context, k apikeys.Key) gen.APIKey {
	var ip *string
	if k.LastUsedIP != "" {
		ip = &k.LastUsedIP
	}
	return gen.APIKey{Id: k.ID, Name: k.Name, Kind: gen.APIKeyKind(k.Kind), Role: gen.APIKeyRole(k.Role), UserId: k.UserID,
		UserEmail: k.UserEmail, UserName: k.UserName, RatePerMinute: nullableInt(k.RatePerMinute), CreatedById: k.CreatedByID,
		CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt, LastUsedAt: nullableOf(k.LastUsedAt), LastUsedIp: nullableOf(ip),
		RevokedAt: nullableOf(k.RevokedAt), State: gen.APIKeyState(k.State(clock.Now(ctx)))}
}

func toAPIKeyList(ctx context.Context, ks []apikeys.Key, more bool) gen.APIKeyList {
	items := make([]gen.APIKey, len(ks))
	for i, k := range ks {
		items[i] = toAPIKey(ctx, k)
	}
	return gen.APIKeyList{Items: items, NextCursor: nextCursor(ks, more, func(k apikeys.Key) any { return k.ID })}
}

func toAPIKeyCreated(ctx context.Context, m apikeys.Made) gen.APIKeyCreated {
	return gen.APIKeyCreated{Key: toAPIKey(ctx, m.Key), Token: m.Token}
}

// ListAPIKeys returns a page of every key, newest first.
func (h *apiKeyHandlers) ListAPIKeys(ctx context.Context, req gen.ListAPIKeysRequestObject) (gen.ListAPIKeysResponseObject, error) {
	var before uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &before)
	if err != nil {
		return nil, err
	}
	ks, more, err := h.keys.List(ctx, req.Params.UserId, before, limit)
	if err != nil {
		return nil, err
	}
	return gen.ListAPIKeys200JSONResponse{Body: toAPIKeyList(ctx, ks, more)}, nil
}

// CreateAPIKey makes a key for another tool and shows its token, once.
func (h *apiKeyHandlers) CreateAPIKey(ctx context.Context, req gen.CreateAPIKeyRequestObject) (gen.CreateAPIKeyResponseObject, error) {
	b := req.Body
	m, err := h.keys.CreateService(ctx, apikeys.Draft{Name: b.Name, Role: string(b.Role), UserID: pointerOf(b.UserId),
		ExpiresAt: &b.ExpiresAt, RatePerMinute: intOf(b.RatePerMinute)})
	if err != nil {
		return nil, err
	}
	return gen.CreateAPIKey201JSONResponse{Body: toAPIKeyCreated(ctx, m)}, nil
}

// RevokeAPIKey revokes any key.
func (h *apiKeyHandlers) RevokeAPIKey(ctx context.Context, req gen.RevokeAPIKeyRequestObject) (gen.RevokeAPIKeyResponseObject, error) {
	k, err := h.keys.Revoke(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.RevokeAPIKey200JSONResponse{Body: toAPIKey(ctx, k)}, nil
}

// ListMyAPIKeys returns a page of the keys acting for the caller.
func (h *apiKeyHandlers) ListMyAPIKeys(ctx context.Context, req gen.ListMyAPIKeysRequestObject) (gen.ListMyAPIKeysResponseObject, error) {
	var before uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &before)
	if err != nil {
		return nil, err
	}
	ks, more, err := h.keys.ListMine(ctx, before, limit)
	if err != nil {
		return nil, err
	}
	return gen.ListMyAPIKeys200JSONResponse{Body: toAPIKeyList(ctx, ks, more)}, nil
}

// CreateMyAPIKey makes a personal key and shows its token, once.
func (h *apiKeyHandlers) CreateMyAPIKey(ctx context.Context, req gen.CreateMyAPIKeyRequestObject) (gen.CreateMyAPIKeyResponseObject, error) {
	b := req.Body
	d := apikeys.Draft{Name: b.Name, ExpiresAt: &b.ExpiresAt}
	if b.Role != nil {
		d.Role = string(*b.Role)
	}
	m, err := h.keys.CreatePersonal(ctx, d)
	if err != nil {
		return nil, err
	}
	return gen.CreateMyAPIKey201JSONResponse{Body: toAPIKeyCreated(ctx, m)}, nil
}

// RevokeMyAPIKey revokes a key acting for the caller.
func (h *apiKeyHandlers) RevokeMyAPIKey(ctx context.Context, req gen.RevokeMyAPIKeyRequestObject) (gen.RevokeMyAPIKeyResponseObject, error) {
	k, err := h.keys.RevokeOwn(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.RevokeMyAPIKey200JSONResponse{Body: toAPIKey(ctx, k)}, nil
}
