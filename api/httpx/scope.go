package httpx

import "github.com/labstack/echo/v4"

// IsAPI reports whether the request is for the API (under /api/), not for the
// SPA's files.
func IsAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return len(p) >= 5 && p[:5] == "/api/"
}
