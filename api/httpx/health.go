package httpx

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// Healthz answers that the process is up.
func Healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// Readyz answers whether the server can serve: ready returns nil when the
// database answers.
func Readyz(ready func(ctx context.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := ready(c.Request().Context()); err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable, "the database does not answer")
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
}
