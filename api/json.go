package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

// strictJSON is echo's JSON serializer, but decoding refuses unknown fields and
// trailing data, and its errors are 400s (413 past the body limit).
type strictJSON struct{}

func (strictJSON) Serialize(c echo.Context, i any, indent string) error {
	enc := json.NewEncoder(c.Response())
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(i)
}

func (strictJSON) Deserialize(c echo.Context, i any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(i)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("unexpected data after the JSON value")
	}
	if err == nil {
		return nil
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return apperr.Wrap(apperr.Malformed, fmt.Sprintf("the request body is not valid JSON: %v", err), err)
}
