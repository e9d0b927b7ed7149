package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

// StrictJSON is echo's JSON serializer, but decoding refuses unknown fields and
// trailing data, and its errors are 400s (413 past the body limit).
type StrictJSON struct{}

// Serialize writes i as JSON, as echo's own serializer does.
func (StrictJSON) Serialize(c echo.Context, i any, indent string) error {
	enc := json.NewEncoder(c.Response())
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(i)
}

// Deserialize reads one JSON value into i, refusing unknown fields and
// anything after the value.
func (StrictJSON) Deserialize(c echo.Context, i any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(i)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errTrailingData
	}
	if err == nil {
		return nil
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return apperr.Wrap(apperr.Malformed, jsonDetail(err), err)
}

var errTrailingData = errors.New("unexpected data after the JSON value")

// jsonDetail says what is wrong with a body in words, never as the decoder's
// own error (which quotes Go types and, for times, Go's layout strings). The
// contract's validator has refused most of these before any decoding; this is
// for what it lets through.
func jsonDetail(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tm *time.ParseError
	switch {
	case errors.Is(err, errTrailingData):
		return "the request body is not valid JSON: " + err.Error()
	case errors.As(err, &syntax):
		return fmt.Sprintf("the request body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("the request body is not valid: %s has the wrong type", typ.Field)
	case errors.As(err, &tm):
		return "the request body is not valid: a time is not an RFC 3339 date and time that exists"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "the request body has an unknown field: " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the request body is not valid JSON: it ends too soon"
	default:
		return "the request body is not valid JSON"
	}
}
