package contract

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

// A handler run for its field checks alone never answers: one that writes a
// success without the store still leaves the contract's 422, and nothing it
// wrote reaches the client; a domain refusal is merged after the contract's.
func TestAlongsideDomainNeverLetsAHandlerAnswer(t *testing.T) {
	refused := &apperr.Error{Kind: apperr.Invalid, Message: "invalid", Fields: []apperr.FieldError{{Field: "email", Message: "Email must be a valid email address."}}}
	run := func(h echo.HandlerFunc) (*httptest.ResponseRecorder, echo.Context, error) {
		rec := httptest.NewRecorder()
		c := echo.New().NewContext(httptest.NewRequest(http.MethodPost, "/x", nil), rec)
		return rec, c, alongsideDomain(c, h, refused)
	}

	rec, c, err := run(func(c echo.Context) error {
		c.Response().Header().Set("X-Answered", "yes")
		return c.JSON(http.StatusOK, map[string]string{"done": "yes"})
	})
	if !errors.Is(err, refused) {
		t.Fatalf("a handler that answered: %v, want the contract's refusal", err)
	}
	if rec.Body.Len() != 0 || rec.Header().Get("X-Answered") != "" || c.Response().Committed {
		t.Fatalf("the handler's answer leaked: %q %v committed=%v", rec.Body.String(), rec.Header(), c.Response().Committed)
	}

	_, _, err = run(func(echo.Context) error {
		return apperr.Invalidf([]apperr.FieldError{{Field: "department_id", Message: "Department is required for a department head."}}, "invalid")
	})
	var merged *apperr.Error
	if !errors.As(err, &merged) || len(merged.Fields) != 2 || merged.Fields[0].Field != "email" || merged.Fields[1].Field != "department_id" {
		t.Fatalf("merged: %+v", err)
	}
}
