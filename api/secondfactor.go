package api

import (
	"context"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/users"
)

// Two-step sign-in (docs/security.md, Two-step sign-in).

// SignInSecondFactor finishes a sign-in with its second factor.
func (h *authHandlers) SignInSecondFactor(ctx context.Context, req gen.SignInSecondFactorRequestObject) (gen.SignInSecondFactorResponseObject, error) {
	s, codes, err := h.auth.FinishSignIn(ctx, req.Body.Challenge, auth.SecondFactorAnswer{Code: deref(req.Body.Code), RecoveryCode: deref(req.Body.RecoveryCode)})
	if err != nil {
		return nil, err
	}
	body := toAPISession(s)
	if codes != nil {
		body.RecoveryCodes = &codes
	}
	return gen.SignInSecondFactor200JSONResponse{Body: body}, nil
}

// StartSignInEnrolment hands a secret to a sign-in that must set up its
// second factor.
func (h *authHandlers) StartSignInEnrolment(ctx context.Context, req gen.StartSignInEnrolmentRequestObject) (gen.StartSignInEnrolmentResponseObject, error) {
	e, err := h.auth.StartSignInEnrolment(ctx, req.Body.Challenge)
	if err != nil {
		return nil, err
	}
	return gen.StartSignInEnrolment200JSONResponse{Body: toAPIEnrolment(e)}, nil
}

// GetMySecondFactor tells the caller of their second factor.
func (h *authHandlers) GetMySecondFactor(ctx context.Context, _ gen.GetMySecondFactorRequestObject) (gen.GetMySecondFactorResponseObject, error) {
	st, err := h.auth.MySecondFactor(ctx)
	if err != nil {
		return nil, err
	}
	return gen.GetMySecondFactor200JSONResponse{Body: toAPISecondFactor(st)}, nil
}

// StartMyTOTPEnrolment hands the caller a new secret.
func (h *authHandlers) StartMyTOTPEnrolment(ctx context.Context, _ gen.StartMyTOTPEnrolmentRequestObject) (gen.StartMyTOTPEnrolmentResponseObject, error) {
	e, err := h.auth.StartMyEnrolment(ctx)
	if err != nil {
		return nil, err
	}
	return gen.StartMyTOTPEnrolment200JSONResponse{Body: toAPIEnrolment(e)}, nil
}

// ConfirmMyTOTPEnrolment makes the caller's new secret their second factor.
func (h *authHandlers) ConfirmMyTOTPEnrolment(ctx context.Context, req gen.ConfirmMyTOTPEnrolmentRequestObject) (gen.ConfirmMyTOTPEnrolmentResponseObject, error) {
	codes, err := h.auth.ConfirmMyEnrolment(ctx, req.Body.Code)
	if err != nil {
		return nil, err
	}
	return gen.ConfirmMyTOTPEnrolment200JSONResponse{Body: gen.RecoveryCodes{RecoveryCodes: codes}}, nil
}

// RenewMyRecoveryCodes replaces the caller's recovery codes.
func (h *authHandlers) RenewMyRecoveryCodes(ctx context.Context, req gen.RenewMyRecoveryCodesRequestObject) (gen.RenewMyRecoveryCodesResponseObject, error) {
	codes, err := h.auth.RenewMyRecoveryCodes(ctx, req.Body.Code)
	if err != nil {
		return nil, err
	}
	return gen.RenewMyRecoveryCodes200JSONResponse{Body: gen.RecoveryCodes{RecoveryCodes: codes}}, nil
}

// RemoveMySecondFactor removes the caller's second factor.
func (h *authHandlers) RemoveMySecondFactor(ctx context.Context, req gen.RemoveMySecondFactorRequestObject) (gen.RemoveMySecondFactorResponseObject, error) {
	if err := h.auth.RemoveMySecondFactor(ctx, req.Body.Password); err != nil {
		return nil, err
	}
	return gen.RemoveMySecondFactor204Response{}, nil
}

// GetUserSecondFactor tells an administrator of anyone's second factor.
func (h *authHandlers) GetUserSecondFactor(ctx context.Context, req gen.GetUserSecondFactorRequestObject) (gen.GetUserSecondFactorResponseObject, error) {
	st, err := h.auth.UserSecondFactor(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetUserSecondFactor200JSONResponse{Body: toAPISecondFactor(st)}, nil
}

// ResetUserSecondFactor removes another account's second factor.
func (h *authHandlers) ResetUserSecondFactor(ctx context.Context, req gen.ResetUserSecondFactorRequestObject) (gen.ResetUserSecondFactorResponseObject, error) {
	if err := h.auth.ResetSecondFactor(ctx, req.Id); err != nil {
		return nil, err
	}
	return gen.ResetUserSecondFactor204Response{}, nil
}

// GetSignInPolicy returns which roles must use a second factor.
func (h *authHandlers) GetSignInPolicy(ctx context.Context, _ gen.GetSignInPolicyRequestObject) (gen.GetSignInPolicyResponseObject, error) {
	p, err := h.auth.Policy(ctx)
	if err != nil {
		return nil, err
	}
	return gen.GetSignInPolicy200JSONResponse{Body: toAPIPolicy(p)}, nil
}

// UpdateSignInPolicy sets which roles must use a second factor.
func (h *authHandlers) UpdateSignInPolicy(ctx context.Context, req gen.UpdateSignInPolicyRequestObject) (gen.UpdateSignInPolicyResponseObject, error) {
	roles := make([]users.Role, len(req.Body.SecondFactorRoles))
	for i, r := range req.Body.SecondFactorRoles {
		roles[i] = users.Role(r)
	}
	p, err := h.auth.SetPolicy(ctx, roles)
	if err != nil {
		return nil, err
	}
	return gen.UpdateSignInPolicy200JSONResponse{Body: toAPIPolicy(p)}, nil
}

func toAPIEnrolment(e auth.Enrolment) gen.TOTPEnrolment {
	return gen.TOTPEnrolment{Secret: e.Secret, OtpauthUri: e.URI, ExpiresAt: e.ExpiresAt}
}

func toAPISecondFactor(st auth.SecondFactorStatus) gen.SecondFactorStatus {
	return gen.SecondFactorStatus{TotpEnrolled: st.Enrolled, EnrolledAt: nullableOf(st.EnrolledAt), RecoveryCodesLeft: int32Of(st.RecoveryLeft),
		Required: st.Required}
}

func toAPIPolicy(p auth.SignInPolicy) gen.SignInPolicy {
	roles := make([]gen.Role, len(p.SecondFactorRoles))
	for i, r := range p.SecondFactorRoles {
		roles[i] = gen.Role(r)
	}
	return gen.SignInPolicy{SecondFactorRoles: roles, UpdatedAt: nullableOf(p.UpdatedAt)}
}
