package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
)

// BasePath is where the contract's operations are served.
const BasePath = "/api/v1"

// publicRole in x-roles marks an operation that needs no token.
const publicRole = "public"

// operation is one contract operation with what the middleware needs to enforce it.
type operation struct {
	ID    string
	Roles []string // from x-roles
	route *routers.Route
}

// Public reports whether the operation needs no token.
func (o *operation) Public() bool { return slices.Contains(o.Roles, publicRole) }

// contract indexes the embedded spec's operations by method and echo route path.
type contract struct {
	ops map[string]*operation
}

// loadContract reads the spec embedded in the generated code. Every operation
// must declare x-roles.
func loadContract() (*contract, error) {
	spec, err := gen.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	c := &contract{ops: map[string]*operation{}}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			roles, err := xRoles(op)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			// The validator must not check security itself: we authenticate
			// before it, and its check reads the whole body into memory.
			unsecured := *op
			unsecured.Security = &openapi3.SecurityRequirements{}
			c.ops[method+" "+echoPath(path)] = &operation{
				ID:    op.OperationID,
				Roles: roles,
				route: &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: &unsecured},
			}
		}
	}
	return c, nil
}

func xRoles(op *openapi3.Operation) ([]string, error) {
	raw, ok := op.Extensions["x-roles"].([]any)
	if !ok || len(raw) == 0 {
		return nil, fmt.Errorf("operation %s has no x-roles", op.OperationID)
	}
	roles := make([]string, 0, len(raw))
	for _, r := range raw {
		s, ok := r.(string)
		if !ok {
			return nil, fmt.Errorf("operation %s: x-roles must list strings", op.OperationID)
		}
		roles = append(roles, s)
	}
	return roles, nil
}

// echoPath turns /cases/{id} into /api/v1/cases/:id, the form echo reports in c.Path().
func echoPath(specPath string) string {
	var b strings.Builder
	b.WriteString(BasePath)
	for _, seg := range strings.Split(specPath, "/")[1:] {
		b.WriteByte('/')
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			seg = ":" + seg[1:len(seg)-1]
		}
		b.WriteString(seg)
	}
	return b.String()
}

func (ct *contract) lookup(c echo.Context) *operation {
	return ct.ops[c.Request().Method+" "+c.Path()]
}

// enforce is the one place access control and request validation happen for
// contract operations: authenticate (unless public), apply the caller's rate
// limit, check their role against x-roles, then validate the request against
// the spec.
func (ct *contract) enforce(authn *auth.Service, limitUser func(c echo.Context, userID string) error) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			op := ct.lookup(c)
			if op == nil {
				return next(c)
			}
			req := c.Request()
			p := identity.Principal{RequestID: c.Response().Header().Get(echo.HeaderXRequestID), IP: c.RealIP()}
			if !op.Public() {
				token, ok := bearerToken(req)
				if !ok {
					return apperr.New(apperr.Unauthenticated, "sign in first: send an Authorization: Bearer access token")
				}
				var err error
				if p, err = authn.Authenticate(req.Context(), token, p.RequestID, p.IP); err != nil {
					return err
				}
				c.Set(userIDKey, p.UserID.String())
				if err := limitUser(c, p.UserID.String()); err != nil {
					return err
				}
				if !slices.Contains(op.Roles, string(p.Role)) {
					return apperr.New(apperr.Forbidden, "your role may not do this")
				}
			}
			ctx := identity.With(req.Context(), p)
			c.SetRequest(req.WithContext(ctx))
			c.SetRequest(c.Request().WithContext(context.WithValue(ctx, requestKey{}, c.Request())))
			if err := validateRequest(c, op); err != nil {
				return err
			}
			return next(c)
		}
	}
}

type requestKey struct{}

// httpRequest returns the HTTP request a strict handler serves, for the few
// responses that need it (range requests).
func httpRequest(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get(echo.HeaderAuthorization)
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
