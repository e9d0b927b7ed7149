package contract

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
)

var filterOptions = &openapi3filter.Options{
	MultiError:         true,
	KeepValidatedValue: true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, // Enforce authenticates
}

var multipartOptions = &openapi3filter.Options{
	MultiError:         true,
	ExcludeRequestBody: true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
}

// validateRequest checks parameters and body against the contract: shape, types,
// formats, enums, ranges, required fields and unknown fields.
func validateRequest(c echo.Context, op *Operation) error {
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
		// here; the handler reads them part by part and CheckUpload checks
		// their form fields.
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

// softSchemaFields are the schema keywords whose failures leave a JSON body
// that still decodes into the operation's Go types: the value is there, of the
// right type, only not acceptable (a format, a length, a pattern, an enum, a
// range, a required field left out). When these are all the contract finds,
// the domain's checks run as well, so that one answer lists every field.
var softSchemaFields = map[string]bool{
	"required": true, "minLength": true, "maxLength": true, "format": true, "pattern": true, "enum": true,
	"minimum": true, "maximum": true, "minItems": true, "maxItems": true, "uniqueItems": true,
}

// softRefusal is a 422 from the contract that is about body fields only, each
// failing a soft schema keyword: the handler may still run, to add the
// domain's field errors, under a context on which nothing can change.
type softRefusal struct{ refused *apperr.Error }

func (r softRefusal) Error() string { return r.refused.Error() }
func (r softRefusal) Unwrap() error { return r.refused }

// requestProblem turns openapi3filter's errors into one apperr: 413 for a body
// over the limit, 415 for a wrong content type, 400 for unreadable or unknown
// input, otherwise 422 listing every field at fault.
func requestProblem(err error) error {
	var fields []apperr.FieldError
	soft := true
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
			soft = false
			fields = append(fields, apperr.FieldError{Field: re.Parameter.Name, Message: fieldMessage(se)})
		case re.Parameter != nil:
			soft = false
			fields = append(fields, apperr.FieldError{Field: re.Parameter.Name, Message: parameterMessage(re.Parameter, re.Reason)})
		case re.RequestBody != nil && errors.As(re.Err, &se):
			for _, s := range flattenSchema(re.Err) {
				if strings.HasSuffix(s.Reason, "is unsupported") { // additionalProperties: false
					return apperr.Wrap(apperr.Malformed, "the body has an unknown field: "+s.Reason, s)
				}
				soft = soft && softSchemaFields[s.SchemaField] && len(s.JSONPointer()) > 0
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
	if soft && len(fields) > 0 {
		return softRefusal{apperr.Invalidf(fields, "the request is not valid")}
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
	if me, ok := err.(openapi3.MultiError); ok { //nolint:errorlint // this level only, as said above
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

// storableQuery refuses query parameters that are not UTF-8 text without NUL:
// PostgreSQL refuses both in every text parameter, so they would otherwise be
// 500s (?q=%FF).
func storableQuery(q url.Values) error {
	var fields []apperr.FieldError
	for name, values := range q {
		for _, v := range values {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				fields = append(fields, apperr.FieldError{Field: name, Message: "must be UTF-8 text without NUL characters"})
				break
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	return apperr.Invalidf(fields, "the request is not valid")
}
