package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/mail"
	"regexp"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// The validator's formats and body decoders are global to kin-openapi; they
// are set once, for every use of the spec in this process.
func init() {
	openapi3filter.RegisterBodyDecoder("application/json", strictJSONBody)
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(dateTime))
	openapi3.DefineStringFormatValidator("email", openapi3.NewCallbackValidator(email))
}

// worded is a format error already worded for the person reading it beside
// the field; fieldMessage gives it as it is.
type worded string

func (w worded) Error() string { return string(w) }

var dateTimeForm = regexp.MustCompile(openapi3.FormatOfStringDateTime)

// dateTime is the contract's date-time format as Go reads it and as both
// databases keep it. kin-openapi's own check is a regular expression that
// takes a leap second (23:59:60) or February 30th, which the handler's
// decoding then refuses with a raw Go error. RFC 3339 also allows, through an
// offset, times outside the years 1 to 9999 in UTC
// (9999-12-31T23:59:59-12:00 is in the year 10000), which SQLite stores as
// text no one can read back.
func dateTime(v string) error {
	if !dateTimeForm.MatchString(v) {
		return errors.New("not an RFC 3339 date and time")
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return errors.New("not a time that exists (seconds run to 59, days to the end of their month)")
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return worded("must fall between the years 1 and 9999 in UTC")
	}
	return nil
}

// email is the contract's email format, the rule the users domain applies
// too: one bare address as RFC 5322 reads it, without a display name, angle
// brackets or spaces around it. The empty string is left to minLength, which
// words it as a missing value.
func email(v string) error {
	if v == "" {
		return nil
	}
	if addr, err := mail.ParseAddress(v); err != nil || addr.Address != v {
		return errors.New("not an email address")
	}
	return nil
}

// strictJSONBody is kin-openapi's JSON decoder that also refuses data after the
// JSON value, which the standard decoder would silently ignore.
func strictJSONBody(body io.Reader, h http.Header, schema *openapi3.SchemaRef, enc openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	if dec.Decode(&v) == nil {
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: errors.New("unexpected data after the JSON value")}
		}
	}
	return openapi3filter.JSONBodyDecoder(bytes.NewReader(data), h, schema, enc)
}
