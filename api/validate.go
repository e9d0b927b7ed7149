package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
)

func init() {
	openapi3filter.RegisterBodyDecoder("application/json", strictJSONBody)
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewCallbackValidator(dateTime))
}

var dateTimeForm = regexp.MustCompile(openapi3.FormatOfStringDateTime)

// dateTime is the contract's date-time format as Go reads it: kin-openapi's
// own check is a regular expression that takes a leap second (23:59:60) or
// February 30th, which the handler's decoding then refuses with a raw Go
// error. Refused here, it is a field error like any other format.
func dateTime(v string) error {
	if !dateTimeForm.MatchString(v) {
		return errors.New("not an RFC 3339 date and time")
	}
	if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
		return errors.New("not a time that exists (seconds run to 59, days to the end of their month)")
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

var filterOptions = &openapi3filter.Options{
	MultiError:         true,
	KeepValidatedValue: true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, // the contract middleware authenticates
}

var multipartOptions = &openapi3filter.Options{
	MultiError:         true,
	ExcludeRequestBody: true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
}

// validateRequest checks parameters and body against the contract: shape, types,
// enums, ranges, required fields and unknown fields.
func validateRequest(c echo.Context, op *operation) error {
	if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
		// Go's query parsing would drop the malformed pair and go on.
		return apperr.Wrap(apperr.Malformed, "the query string is not valid: a %-escape or separator is malformed", err)
	}
	params := map[string]string{}
	for i, name := range c.ParamNames() {
		params[name] = c.ParamValues()[i]
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    c.Request(),
		PathParams: params,
		Route:      op.route,
		Options:    filterOptions,
	}
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		// Uploads are streamed to storage, never buffered to be validated
		// here; the handler reads and checks them part by part.
		input.Options = multipartOptions
		if err := multipartBoundary(c.Request()); err != nil {
			return err
		}
	}
	if err := openapi3filter.ValidateRequest(c.Request().Context(), input); err != nil {
		return requestProblem(err)
	}
	return storableQuery(c.Request().URL.Query())
}

// requestProblem turns openapi3filter's errors into one apperr: 413 for a body
// over the limit, 415 for a wrong content type, 400 for unreadable or unknown
// input, otherwise 422 listing every field at fault.
func requestProblem(err error) error {
	var fields []apperr.FieldError
	for _, e := range flatten(err) {
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) {
			return fmt.Errorf("validate request: %w", e)
		}
		var he *echo.HTTPError
		if errors.As(re.Err, &he) {
			return he // the body limit
		}
		var se *openapi3.SchemaError
		switch {
		case re.Parameter != nil && errors.As(re.Err, &se):
			fields = append(fields, apperr.FieldError{Field: re.Parameter.Name, Message: fieldMessage(se)})
		case re.Parameter != nil:
			fields = append(fields, apperr.FieldError{Field: re.Parameter.Name, Message: parameterMessage(re.Parameter, re.Reason)})
		case re.RequestBody != nil && errors.As(re.Err, &se):
			for _, s := range flattenSchema(re.Err) {
				if strings.HasSuffix(s.Reason, "is unsupported") { // additionalProperties: false
					return apperr.Wrap(apperr.Malformed, "the body has an unknown field: "+s.Reason, s)
				}
				fields = append(fields, apperr.FieldError{Field: fieldName(s), Message: fieldMessage(s)})
			}
		case re.RequestBody != nil && strings.Contains(re.Reason, "Content-Type"):
			return echo.NewHTTPError(http.StatusUnsupportedMediaType, "send the body as "+mediaTypes(re.RequestBody))
		case re.RequestBody != nil && strings.Contains(re.Error(), "value is required but missing"):
			return apperr.New(apperr.Malformed, "a JSON request body is required")
		case re.RequestBody != nil:
			return apperr.Wrap(apperr.Malformed, "the request body is not valid JSON", re)
		default:
			return apperr.Wrap(apperr.Malformed, "the request is not valid", re)
		}
	}
	return apperr.Invalidf(fields, "the request is not valid")
}

// parameterMessage words a parameter that could not even be read as its type,
// such as an integer too large for 64 bits (kin-openapi gives no reason then).
func parameterMessage(p *openapi3.Parameter, reason string) string {
	if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is(openapi3.TypeInteger) {
		s := p.Schema.Value
		if s.Min != nil && s.Max != nil {
			return "must be a whole number between " + number(*s.Min) + " and " + number(*s.Max)
		}
		return "must be a whole number"
	}
	if reason == "" {
		return "is not valid"
	}
	return reason
}

// mediaTypes lists the content types an operation's body may have, as the
// 415 asks for them: "multipart/form-data" for the upload, JSON elsewhere.
func mediaTypes(body *openapi3.RequestBody) string {
	types := make([]string, 0, len(body.Content))
	for t := range body.Content {
		types = append(types, t)
	}
	if len(types) == 0 {
		return "application/json"
	}
	sort.Strings(types)
	return strings.Join(types, " or ")
}

// flatten opens a MultiError (directly, not through errors.As, which would
// reach through a RequestError into its schema errors).
func flatten(err error) []error {
	if me, ok := err.(openapi3.MultiError); ok {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func flattenSchema(err error) []*openapi3.SchemaError {
	var out []*openapi3.SchemaError
	var me openapi3.MultiError
	if !errors.As(err, &me) {
		me = openapi3.MultiError{err}
	}
	for _, e := range flatten(me) {
		var se *openapi3.SchemaError
		if errors.As(e, &se) {
			out = append(out, se)
		}
	}
	return out
}

// fieldName names the body field a schema error is about, dotted for nested
// fields.
func fieldName(se *openapi3.SchemaError) string {
	path := se.JSONPointer()
	if len(path) == 0 {
		return "body"
	}
	return strings.Join(path, ".")
}

// structValidator is the second tier: go-playground validator tags the contract
// adds to generated models (x-oapi-codegen-extra-tags), checked on every decoded
// request before the handler runs.
type structValidator struct{ v *validator.Validate }

func newStructValidator() *structValidator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return &structValidator{v: v}
}

// middleware validates the request object of every strict handler.
func (sv *structValidator) middleware(f gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(c echo.Context, request any) (any, error) {
		if err := sv.check(request); err != nil {
			return nil, err
		}
		if err := storableTimes(request); err != nil {
			return nil, err
		}
		return f(c, request)
	}
}

func (sv *structValidator) check(request any) error {
	err := sv.v.Struct(request)
	var invalid validator.ValidationErrors
	if err == nil || !errors.As(err, &invalid) {
		return nil // request objects without tags, or not structs
	}
	fields := make([]apperr.FieldError, 0, len(invalid))
	for _, fe := range invalid {
		fields = append(fields, apperr.FieldError{Field: requestField(fe.Namespace()), Message: tagMessage(fe)})
	}
	return apperr.Invalidf(fields, "the request is not valid")
}

// requestField strips the request object and "Body" from a validator namespace:
// LoginRequestObject.Body.email → email.
func requestField(ns string) string {
	parts := strings.Split(ns, ".")
	if len(parts) > 1 {
		parts = parts[1:]
	}
	if len(parts) > 1 && parts[0] == "Body" {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}

func tagMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "email":
		return "must be a valid email address"
	case "max":
		return "must be at most " + fe.Param() + " characters"
	case "min":
		return "must be at least " + fe.Param() + " characters"
	case "oneof":
		return "must be one of " + fe.Param()
	default:
		return "is not valid (" + fe.Tag() + ")"
	}
}
