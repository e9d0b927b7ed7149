package contract

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/identity"
)

// Authenticator turns a bearer access token into the caller.
type Authenticator interface {
	Authenticate(ctx context.Context, accessToken, requestID, ip string) (identity.Principal, error)
}

// SignedIn is told who the caller is as soon as their token is accepted and
// before their role is checked (the server records them for its access log
// and spends one request of their rate limit); an error ends the request.
type SignedIn func(c echo.Context, p identity.Principal) error

// Enforce is the one place access control and request validation happen for
// contract operations: authenticate (unless public), tell signedIn, check the
// caller's role against x-roles, put the caller in the request context, then
// validate the request against the spec.
func (ct *Contract) Enforce(authn Authenticator, signedIn SignedIn) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			op := ct.Lookup(c)
			if op == nil {
				return next(c)
			}
			req := c.Request()
			p := identity.Principal{RequestID: c.Response().Header().Get(echo.HeaderXRequestID), IP: c.RealIP(), UserAgent: req.UserAgent()}
			if !op.Public() {
				token, ok := bearerToken(req)
				if !ok {
					return apperr.New(apperr.Unauthenticated, "sign in first: send an Authorization: Bearer access token")
				}
				var err error
				if p, err = authn.Authenticate(req.Context(), token, p.RequestID, p.IP); err != nil {
					return err
				}
				p.UserAgent = req.UserAgent()
				if err := signedIn(c, p); err != nil {
					return err
				}
				if p.KeyID != uuid.Nil && !op.Keys {
					return apperr.New(apperr.Forbidden, "an API key may not do this: sign in")
				}
				if !slices.Contains(op.Roles, p.ContractRole()) {
					return apperr.New(apperr.Forbidden, "your role may not do this")
				}
			}
			c.SetRequest(req.WithContext(identity.With(req.Context(), p)))
			if err := validateRequest(c, op); err != nil {
				var soft softRefusal
				if op.Public() || !errors.As(err, &soft) {
					return err
				}
				return alongsideDomain(c, next, soft.refused)
			}
			return next(c)
		}
	}
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// alongsideDomain runs the handler of a request the contract refused for its
// field values alone, under a context that carries the refused fields: the
// domain's checks add theirs, and the store lets nothing change (it refuses
// to begin a transaction or run a statement under that context). The answer
// is one 422 with the contract's fields first, then the domain's, each field
// once. Whatever else the handler says, the contract's 422 stands: what it
// writes goes nowhere, so a handler that answers without the store cannot
// turn a refused request into a success.
func alongsideDomain(c echo.Context, next echo.HandlerFunc, refused *apperr.Error) error {
	req, res := c.Request(), c.Response()
	c.SetRequest(req.WithContext(apperr.WithRefused(req.Context(), refused.Fields)))
	writer := res.Writer
	res.Writer = &unsent{header: http.Header{}}
	err := next(c)
	c.SetRequest(req)
	res.Writer, res.Committed, res.Status, res.Size = writer, false, http.StatusOK, 0
	var domain *apperr.Error
	if errors.As(err, &domain) && domain.Kind == apperr.Invalid {
		return apperr.Merge(refused.Fields, domain.Fields)
	}
	return refused
}

// unsent is a response writer that keeps nothing: the answer of a handler
// run only for its field checks.
type unsent struct{ header http.Header }

func (u *unsent) Header() http.Header         { return u.header }
func (u *unsent) Write(b []byte) (int, error) { return len(b), nil }
func (u *unsent) WriteHeader(int)             {}
