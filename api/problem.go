package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/restoration"
)

// kindStatus maps each apperr.Kind to its HTTP status.
var kindStatus = map[apperr.Kind]int{
	apperr.Internal:             http.StatusInternalServerError,
	apperr.Malformed:            http.StatusBadRequest,
	apperr.Unauthenticated:      http.StatusUnauthorized,
	apperr.Forbidden:            http.StatusForbidden,
	apperr.NotFound:             http.StatusNotFound,
	apperr.Conflict:             http.StatusConflict,
	apperr.PreconditionFailed:   http.StatusPreconditionFailed,
	apperr.TooLarge:             http.StatusRequestEntityTooLarge,
	apperr.Invalid:              http.StatusUnprocessableEntity,
	apperr.PreconditionRequired: http.StatusPreconditionRequired,
	apperr.TooMany:              http.StatusTooManyRequests,
	apperr.Unavailable:          http.StatusServiceUnavailable,
	apperr.Gone:                 http.StatusGone,
}

// unavailableRetryAfter is the Retry-After of a 503 that names none: long
// enough for a database restart or fail-over to be noticed, short enough that
// clients come back soon after.
const unavailableRetryAfter = 5

// problemFor turns any error into the problem document the client sees, and the
// Retry-After it needs, if any. Internal errors are reduced to a generic message.
// A deadline that ran out (the database's, or the request's) is a 503: the
// server could not answer in time, and the client may try again.
func problemFor(err error) (gen.Problem, int) {
	var ae *apperr.Error
	var he *echo.HTTPError
	var status int
	var detail string
	var fields []apperr.FieldError
	retryAfter := 0
	switch {
	case errors.As(err, &ae):
		status, detail, fields = kindStatus[ae.Kind], ae.Message, ae.Fields
		if ae.RetryAfter > 0 {
			retryAfter = int(math.Ceil(ae.RetryAfter.Seconds()))
		}
		if ae.Kind == apperr.Internal {
			detail = "an unexpected error occurred; it has been logged"
		}
	case errors.As(err, &he):
		status = he.Code
		detail = http.StatusText(he.Code)
		if msg, ok := he.Message.(string); ok && status < 500 {
			detail = msg
		}
	case errors.Is(err, context.DeadlineExceeded):
		status, detail = http.StatusServiceUnavailable, "the server could not answer in time; try again shortly"
	default:
		status, detail = http.StatusInternalServerError, "an unexpected error occurred; it has been logged"
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status == http.StatusServiceUnavailable && retryAfter == 0 {
		retryAfter = unavailableRetryAfter
	}
	p := gen.Problem{
		Type:   "urn:caseward:problem:" + strconv.Itoa(status),
		Title:  http.StatusText(status),
		Status: int32(status),
		Detail: &detail,
	}
	var refused *cases.TransitionRefused
	if errors.As(err, &refused) {
		moves := make([]gen.CaseStatus, len(refused.Allowed))
		for i, m := range refused.Allowed {
			moves[i] = gen.CaseStatus(m)
		}
		unmet := append([]string{}, refused.Unmet...)
		p.AllowedMoves, p.UnmetConditions = &moves, &unmet
		p.Type = "urn:caseward:problem:transition-refused"
	}
	var openMilestones *restoration.OpenMilestonesRefused
	if errors.As(err, &openMilestones) {
		list := make([]gen.OpenMilestone, len(openMilestones.Open))
		for i, m := range openMilestones.Open {
			list[i] = gen.OpenMilestone{Id: m.ID, Title: m.Title, Status: gen.MilestoneStatus(m.Status)}
		}
		p.OpenMilestones = &list
		p.Type = "urn:caseward:problem:open-milestones"
	}
	if len(fields) > 0 {
		list := make([]gen.FieldError, len(fields))
		for i, f := range fields {
			list[i] = gen.FieldError{Field: f.Field, Message: apperr.Sentence(f.Field, f.Message)}
			if label := apperr.Label(f.Field); strings.HasPrefix(list[i].Message, label+" ") {
				list[i].Label = &label
			}
		}
		p.Errors = &list
		p.Type = "urn:caseward:problem:validation"
	}
	return p, retryAfter
}

// errorHandler is echo's HTTPErrorHandler: every error, echo's own 404/405/413
// and recovered panics included, leaves as application/problem+json. 5xx errors
// are logged here, once, with the request id.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		// The SPA's GET /* catch-all makes echo answer other methods on unknown
		// paths with 405; those paths do not exist, so they are a 404.
		if errors.Is(err, echo.ErrMethodNotAllowed) && c.Path() == "/*" {
			err = echo.ErrNotFound
		}
		p, retryAfter := problemFor(err)
		requestID := c.Response().Header().Get(echo.HeaderXRequestID)
		if requestID != "" {
			p.RequestId = &requestID
		}
		if p.Status >= 500 {
			log.Error("request failed", "request_id", requestID, "method", c.Request().Method,
				"route", c.Path(), "status", p.Status, "error", err.Error())
		}
		if retryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfter))
		}
		if err := writeProblem(c, p); err != nil {
			log.Error("write problem response", "request_id", requestID, "error", err.Error())
		}
	}
}

func writeProblem(c echo.Context, p gen.Problem) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if c.Request().Method == http.MethodHead {
		return c.NoContent(int(p.Status))
	}
	return c.Blob(int(p.Status), "application/problem+json", body)
}
