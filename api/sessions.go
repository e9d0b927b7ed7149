package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
)

// Sign-in sessions people see and end (docs/security.md, Sessions).

func toAPISessions(ctx context.Context, ss []auth.SignInSession) gen.SessionList {
	current := identity.From(ctx).SessionID
	items := make([]gen.SignInSession, len(ss))
	for i, s := range ss {
		items[i] = gen.SignInSession{Id: s.ID, CreatedAt: s.CreatedAt, LastUsedAt: s.LastUsedAt, Ip: s.IP, UserAgent: s.UserAgent,
			Current: s.ID == current}
	}
	return gen.SessionList{Items: items}
}

// ListMySessions returns the caller's live sign-ins.
func (h *authHandlers) ListMySessions(ctx context.Context, _ gen.ListMySessionsRequestObject) (gen.ListMySessionsResponseObject, error) {
	ss, err := h.auth.Sessions(ctx)
	if err != nil {
		return nil, err
	}
	return gen.ListMySessions200JSONResponse{Body: toAPISessions(ctx, ss)}, nil
}

// EndMySession ends one of the caller's sign-ins.
func (h *authHandlers) EndMySession(ctx context.Context, req gen.EndMySessionRequestObject) (gen.EndMySessionResponseObject, error) {
	if err := h.auth.EndSession(ctx, req.Id, true); err != nil {
		return nil, err
	}
	return gen.EndMySession204Response{}, nil
}

// ListUserSessions returns any account's live sign-ins.
func (h *authHandlers) ListUserSessions(ctx context.Context, req gen.ListUserSessionsRequestObject) (gen.ListUserSessionsResponseObject, error) {
	ss, err := h.auth.UserSessions(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.ListUserSessions200JSONResponse{Body: toAPISessions(ctx, ss)}, nil
}

// EndSession ends anyone's sign-in.
func (h *authHandlers) EndSession(ctx context.Context, req gen.EndSessionRequestObject) (gen.EndSessionResponseObject, error) {
	if err := h.auth.EndSession(ctx, req.Id, false); err != nil {
		return nil, err
	}
	return gen.EndSession204Response{}, nil
}
