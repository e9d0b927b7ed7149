package httpx

import (
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// UserIDKey holds, in the echo context, the signed-in caller's id for the
// access log; whoever authenticates the request sets it.
const UserIDKey = "user_id"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// RequestID honours a sane incoming X-Request-ID and makes one otherwise; it is
// echoed in the response and carried into logs and problems.
func RequestID() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id := c.Request().Header.Get(echo.HeaderXRequestID)
			if !validRequestID.MatchString(id) {
				id = uuid.Must(uuid.NewV7()).String()
			}
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			return next(c)
		}
	}
}

// AccessLog writes one line per request and records its metrics. It hands
// errors to the error handler itself, so that it logs the status sent.
func AccessLog(log *slog.Logger, m *Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			elapsed := time.Since(start)
			route := c.Path()
			if route == "" {
				route = "unmatched"
			}
			status := c.Response().Status
			m.observe(c.Request().Method, route, status, elapsed)
			userID, _ := c.Get(UserIDKey).(string)
			log.Info("request",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method,
				"route", route,
				"status", status,
				"latency_ms", float64(elapsed.Microseconds())/1000,
				"bytes", c.Response().Size,
				"user_id", userID,
				"ip", c.RealIP(),
			)
			return nil
		}
	}
}

// contentSecurityPolicy is strict: scripts only from this origin; inline style
// attributes are allowed because the UI library sets them.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers that keep browsers strict with every
// answer, and keeps API answers out of caches.
func SecurityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if IsAPI(c) {
			h.Set("Cache-Control", "no-store")
		}
		return next(c)
	}
}
