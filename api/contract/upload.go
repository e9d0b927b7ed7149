package contract

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
)

// uploadSchema is the contract's EvidenceUpload schema. The request validator
// cannot apply it to a multipart body, which is streamed, never buffered:
// CheckUpload applies it to each form field once the handler has read them.
var uploadSchema = sync.OnceValues(func() (*openapi3.Schema, error) {
	spec, err := gen.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("load embedded spec: %w", err)
	}
	ref := spec.Components.Schemas["EvidenceUpload"]
	if ref == nil || ref.Value == nil {
		return nil, errors.New("the contract has no EvidenceUpload schema")
	}
	return ref.Value, nil
})

// CheckUpload validates the form fields of an evidence upload against the
// contract's EvidenceUpload schema: lengths, patterns, enums and formats, and
// UTF-8 text throughout. The handler calls it once it has read the fields.
func CheckUpload(fields map[string]string) error {
	schema, err := uploadSchema()
	if err != nil {
		return err
	}
	var problems []apperr.FieldError
	for name, value := range fields {
		prop := schema.Properties[name]
		switch {
		case !utf8.ValidString(value):
			problems = append(problems, apperr.FieldError{Field: name, Message: "must be UTF-8 text"})
		case prop == nil || prop.Value == nil:
		default:
			if err := prop.Value.VisitJSON(value); err != nil {
				reason := "is not valid"
				var se *openapi3.SchemaError
				if errors.As(err, &se) {
					reason = fieldMessage(se)
				}
				problems = append(problems, apperr.FieldError{Field: name, Message: reason})
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Field < problems[j].Field })
	return apperr.Invalidf(problems, "the upload is not valid")
}

// multipartBoundary refuses a multipart Content-Type that names no boundary, which
// no multipart reader can read (a 400, not the 500 of a failed reader).
func multipartBoundary(r *http.Request) error {
	media, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || media != "multipart/form-data" || params["boundary"] == "" {
		return apperr.New(apperr.Malformed, "send the upload as multipart/form-data with a boundary")
	}
	return nil
}
