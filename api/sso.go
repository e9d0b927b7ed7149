package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/sso"
)

// SignIn says how people may sign in: the OpenID Connect provider (nil when
// single sign-on is off) and whether passwords are for everyone.
type SignIn struct {
	SSO     *sso.Service
	SSOName string // the button's "Sign in with <SSOName>"
	// PasswordsOff leaves passwords to the break-glass administrator only.
	PasswordsOff bool
	// SecureCookie marks the binding cookie Secure (and names it with the
	// __Host- prefix): Caseward's public URL is https.
	SecureCookie bool
}

// ssoHandlers: how people sign in, and single sign-on (sso.go).
type ssoHandlers struct {
	signIn SignIn
	logger *slog.Logger
}

// cookieTTL outlives a sign-in's state by its handoff, so that a sign-in
// finished just in time can still be exchanged. The cookie is never cleared:
// it holds nothing but a random value, and other tabs may need it.
const cookieTTL = sso.StateTTL + sso.HandoffTTL

// GetAuthMethods tells the sign-in page what to offer.
func (h *ssoHandlers) GetAuthMethods(context.Context, gen.GetAuthMethodsRequestObject) (gen.GetAuthMethodsResponseObject, error) {
	m := gen.AuthMethods{Password: !h.signIn.PasswordsOff, Sso: h.signIn.SSO != nil}
	if m.Sso {
		m.SsoName = &h.signIn.SSOName
	}
	return gen.GetAuthMethods200JSONResponse{Body: m}, nil
}

// StartSingleSignOn sends the browser to the provider.
func (h *ssoHandlers) StartSingleSignOn(ctx context.Context, req gen.StartSingleSignOnRequestObject) (gen.StartSingleSignOnResponseObject, error) {
	if h.signIn.SSO == nil {
		return nil, errNoSSO
	}
	returnTo := ""
	if req.Params.ReturnTo != nil {
		returnTo = *req.Params.ReturnTo
	}
	begun, err := h.signIn.SSO.Begin(ctx, h.binding(ctx), returnTo)
	location := begun.RedirectURL
	if apperr.Is(err, apperr.Unavailable) {
		h.logger.WarnContext(ctx, "single sign-on: the provider cannot be reached", "error", err)
		location, err = sso.LoginPath+"?sso_error=unavailable", nil
	}
	if err != nil {
		return nil, err
	}
	headers := gen.StartSingleSignOn302ResponseHeaders{Location: location, SetCookie: h.cookie(begun.Binding, cookieTTL)}
	return gen.StartSingleSignOn302Response{Headers: headers}, nil
}

// FinishSingleSignOn takes the provider's answer and sends the browser on.
func (h *ssoHandlers) FinishSingleSignOn(ctx context.Context, req gen.FinishSingleSignOnRequestObject) (gen.FinishSingleSignOnResponseObject, error) {
	if h.signIn.SSO == nil {
		return nil, errNoSSO
	}
	in := sso.Callback{Binding: h.binding(ctx), State: deref(req.Params.State), Code: deref(req.Params.Code), Error: deref(req.Params.Error)}
	location, err := h.signIn.SSO.Finish(ctx, in)
	if err != nil {
		return nil, err
	}
	return gen.FinishSingleSignOn302Response{Headers: gen.FinishSingleSignOn302ResponseHeaders{Location: location}}, nil
}

// ExchangeSingleSignOn trades a finished sign-in's one-time code for tokens.
func (h *ssoHandlers) ExchangeSingleSignOn(ctx context.Context, req gen.ExchangeSingleSignOnRequestObject) (gen.ExchangeSingleSignOnResponseObject, error) {
	if h.signIn.SSO == nil {
		return nil, errNoSSO
	}
	s, err := h.signIn.SSO.Exchange(ctx, h.binding(ctx), req.Body.Code)
	if err != nil {
		return nil, err
	}
	// The binding cookie stays until it expires: a sign-in begun in another
	// tab may still come back with it.
	return gen.ExchangeSingleSignOn200JSONResponse{Body: toAPISession(s)}, nil
}

var errNoSSO = apperr.NotFoundf("single sign-on is not configured here")

// cookieName is __Host- prefixed over https: the browser then refuses the
// cookie from a sibling subdomain, which could otherwise plant its own.
func (h *ssoHandlers) cookieName() string {
	if h.signIn.SecureCookie {
		return "__Host-caseward_sso"
	}
	return "caseward_sso"
}

// binding is the browser's binding cookie, or "".
func (h *ssoHandlers) binding(ctx context.Context) string {
	r := httpRequest(ctx)
	if r == nil {
		return ""
	}
	c, err := r.Cookie(h.cookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

// cookie sets the binding cookie for ttl.
func (h *ssoHandlers) cookie(value string, ttl time.Duration) string {
	// Secure is off only while Caseward's public URL is plain http (on
	// loopback, in development): a Secure cookie would not come back.
	c := http.Cookie{Name: h.cookieName(), Value: value, Path: "/", MaxAge: int(ttl.Seconds()), //nolint:gosec // see above
		HttpOnly: true, Secure: h.signIn.SecureCookie, SameSite: http.SameSiteLaxMode}
	return c.String()
}
