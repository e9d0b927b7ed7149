package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/auth"
)

// Login signs in with email and password, or answers with a challenge when
// a second factor is due.
func (h *authHandlers) Login(ctx context.Context, req gen.LoginRequestObject) (gen.LoginResponseObject, error) {
	r, err := h.auth.Login(ctx, req.Body.Email, req.Body.Password)
	if err != nil {
		return nil, err
	}
	if p := r.Pending; p != nil {
		return gen.Login202JSONResponse{Body: gen.SecondFactorChallenge{Challenge: p.Token, ExpiresAt: p.ExpiresAt, EnrolmentRequired: p.EnrolmentRequired}}, nil
	}
	return gen.Login200JSONResponse{Body: toAPISession(*r.Session)}, nil
}

// RefreshToken rotates a refresh token.
func (h *authHandlers) RefreshToken(ctx context.Context, req gen.RefreshTokenRequestObject) (gen.RefreshTokenResponseObject, error) {
	s, err := h.auth.Refresh(ctx, req.Body.RefreshToken)
	if err != nil {
		return nil, err
	}
	return gen.RefreshToken200JSONResponse{Body: toAPISession(s)}, nil
}

// Logout revokes a refresh token's family.
func (h *authHandlers) Logout(ctx context.Context, req gen.LogoutRequestObject) (gen.LogoutResponseObject, error) {
	if err := h.auth.Logout(ctx, req.Body.RefreshToken); err != nil {
		return nil, err
	}
	return gen.Logout204Response{}, nil
}

// GetMe returns the signed-in user.
func (h *authHandlers) GetMe(ctx context.Context, _ gen.GetMeRequestObject) (gen.GetMeResponseObject, error) {
	u, err := h.auth.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	return gen.GetMe200JSONResponse{Body: toAPIUser(u)}, nil
}

// ChangeMyPassword changes the caller's own password and ends their other
// sign-ins.
func (h *authHandlers) ChangeMyPassword(ctx context.Context, req gen.ChangeMyPasswordRequestObject) (gen.ChangeMyPasswordResponseObject, error) {
	if err := h.auth.ChangeOwnPassword(ctx, req.Body.CurrentPassword, req.Body.NewPassword); err != nil {
		return nil, err
	}
	return gen.ChangeMyPassword204Response{}, nil
}

func toAPISession(s auth.Session) gen.TokenResponse {
	return gen.TokenResponse{
		AccessToken:  s.AccessToken,
		RefreshToken: s.RefreshToken,
		TokenType:    gen.TokenResponseTokenTypeBearer,
		ExpiresIn:    int32(s.ExpiresIn.Seconds()),
		User:         toAPIUser(s.User),
	}
}
