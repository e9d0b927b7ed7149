package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

func TestEveryServiceUnavailableTellsWhenToRetry(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		apperr.Wrap(apperr.Unavailable, "the database is not available; try again shortly", context.DeadlineExceeded),
		fmt.Errorf("list cases: %w", context.DeadlineExceeded),                           // a deadline nobody classified
		echo.NewHTTPError(http.StatusServiceUnavailable, "the database does not answer"), // /readyz
	} {
		p, retry := problemFor(err)
		if p.Status != http.StatusServiceUnavailable || retry != unavailableRetryAfter {
			t.Errorf("%v → %d, Retry-After %d; want 503 and %d", err, p.Status, retry, unavailableRetryAfter)
		}
		if *p.Detail == "" || p.Type != "urn:caseward:problem:503" {
			t.Errorf("%v → %+v", err, p)
		}
	}
}
