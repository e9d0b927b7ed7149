// Package contract enforces openapi.yaml at the HTTP edge: it finds the
// operation a request is for, checks the caller against the operation's
// x-roles and the request against its schemas, and words what it refuses as
// field errors. It is the first of the two validation tiers; the domain
// packages are the second.
package contract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
)

// publicRole in x-roles marks an operation that needs no token.
const publicRole = "public"

// Operation is one contract operation with what enforcing it needs.
type Operation struct {
	ID    string   // the operationId, as the embedded spec spells it
	Roles []string // from x-roles
	// Keys reports whether an API key may call it: its security (or the
	// spec's) names the apiKeyAuth scheme.
	Keys  bool
	route *routers.Route
}

// apiKeyScheme is the security scheme of API keys in the spec.
const apiKeyScheme = "apiKeyAuth"

func acceptsKeys(spec *openapi3.T, op *openapi3.Operation) bool {
	security := spec.Security
	if op.Security != nil {
		security = *op.Security
	}
	for _, req := range security {
		if _, ok := req[apiKeyScheme]; ok {
			return true
		}
	}
	return false
}

// Public reports whether the operation needs no token.
func (o *Operation) Public() bool { return slices.Contains(o.Roles, publicRole) }

// Contract indexes the embedded spec's operations by method and echo route path.
type Contract struct {
	ops map[string]*Operation
}

// Load reads the spec embedded in the generated code, for operations served
// under basePath. Every operation must declare x-roles.
func Load(basePath string) (*Contract, error) {
	spec, err := gen.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	c := &Contract{ops: map[string]*Operation{}}
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
			c.ops[method+" "+echoPath(basePath, path)] = &Operation{
				ID:    op.OperationID,
				Roles: roles,
				Keys:  acceptsKeys(spec, op),
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
func echoPath(basePath, specPath string) string {
	var b strings.Builder
	b.WriteString(basePath)
	for _, seg := range strings.Split(specPath, "/")[1:] {
		b.WriteByte('/')
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			seg = ":" + seg[1:len(seg)-1]
		}
		b.WriteString(seg)
	}
	return b.String()
}

// Lookup returns the operation the request's route serves, or nil when the
// route is not one of the contract's (health checks, the SPA).
func (ct *Contract) Lookup(c echo.Context) *Operation {
	return ct.ops[c.Request().Method+" "+c.Path()]
}
