package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
)

type requestKey struct{}

// withHTTPRequest is a strict middleware that puts the HTTP request in the
// context handlers get, for the few responses that need it (range requests,
// gzip negotiation).
func withHTTPRequest(f gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(c echo.Context, request any) (any, error) {
		ctx := c.Request().Context()
		c.SetRequest(c.Request().WithContext(context.WithValue(ctx, requestKey{}, c.Request())))
		return f(c, request)
	}
}

// httpRequest returns the HTTP request a strict handler serves.
func httpRequest(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}
