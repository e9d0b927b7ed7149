package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

func TestEveryKindMapsToItsStatus(t *testing.T) {
	t.Parallel()
	want := map[apperr.Kind]int{
		apperr.Internal: 500, apperr.Malformed: 400, apperr.Unauthenticated: 401, apperr.Forbidden: 403,
		apperr.NotFound: 404, apperr.Conflict: 409, apperr.PreconditionFailed: 412, apperr.TooLarge: 413,
		apperr.Invalid: 422, apperr.PreconditionRequired: 428, apperr.TooMany: 429, apperr.Unavailable: 503,
		apperr.Gone: 410,
	}
	if len(want) != len(kindStatus) {
		t.Fatalf("kindStatus has %d kinds, the test %d", len(kindStatus), len(want))
	}
	for kind, status := range want {
		err := fmt.Errorf("wrapped: %w", apperr.New(kind, "message"))
		p, _ := problemFor(err)
		if int(p.Status) != status {
			t.Errorf("kind %d: status %d, want %d", kind, p.Status, status)
		}
	}
}

func TestProblemHidesInternalErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		errors.New("pq: relation \"users\" does not exist"),
		apperr.Wrap(apperr.Internal, "select failed: SELECT * FROM users", errors.New("boom")),
	} {
		p, _ := problemFor(err)
		if p.Status != 500 || *p.Detail != "an unexpected error occurred; it has been logged" {
			t.Errorf("%v → %d %q", err, p.Status, *p.Detail)
		}
	}
}

func TestProblemCarriesFieldsAndRetryAfter(t *testing.T) {
	t.Parallel()
	p, retry := problemFor(apperr.Throttled("slow down", 1500*time.Millisecond))
	if p.Status != 429 || retry != 2 {
		t.Fatalf("status %d retry %d, want 429 and 2 (rounded up)", p.Status, retry)
	}
	p, _ = problemFor(apperr.Invalidf([]apperr.FieldError{{Field: "email", Message: "is required"}}, "bad"))
	if p.Errors == nil || (*p.Errors)[0].Field != "email" || p.Type != "urn:caseward:problem:validation" {
		t.Fatalf("problem = %+v", p)
	}
	p, _ = problemFor(echo.NewHTTPError(http.StatusRequestEntityTooLarge))
	if p.Status != 413 {
		t.Fatalf("echo error → %d", p.Status)
	}
}
