package contract

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// fieldMessage words a contract violation the way the domain words its own
// ("is required", "must be one of ..."), for a person reading it next to the
// field: the validator's own reasons quote regular expressions and JSON
// Schema keywords.
func fieldMessage(se *openapi3.SchemaError) string {
	s := se.Schema
	if s == nil {
		return se.Reason
	}
	switch se.SchemaField {
	case "required":
		return "is required"
	case "minLength":
		if s.MinLength == 1 {
			return "is required"
		}
		return fmt.Sprintf("must be at least %d characters", s.MinLength)
	case "maxLength":
		if s.MaxLength != nil {
			return fmt.Sprintf("must be at most %d characters", *s.MaxLength)
		}
	case "enum":
		values := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			values[i] = fmt.Sprint(v)
		}
		return "must be one of " + strings.Join(values, ", ")
	case "format":
		var w worded
		if errors.As(se.Origin, &w) {
			return string(w)
		}
		if m, ok := formatMessages[s.Format]; ok {
			return m
		}
	case "pattern":
		if m, ok := patternMessages[s.Pattern]; ok {
			return m
		}
		return "is not in the expected form"
	case "type":
		if s.Type != nil && len(s.Type.Slice()) == 1 {
			return "must be " + typeNames[s.Type.Slice()[0]]
		}
	case "nullable":
		return "must not be null"
	case "minimum":
		if s.Min != nil {
			return "must be at least " + number(*s.Min)
		}
	case "maximum":
		if s.Max != nil {
			return "must be at most " + number(*s.Max)
		}
	case "minItems":
		return fmt.Sprintf("must list at least %d", s.MinItems)
	case "maxItems":
		if s.MaxItems != nil {
			return fmt.Sprintf("must list at most %d", *s.MaxItems)
		}
	case "uniqueItems":
		return "must not list the same value twice"
	}
	return se.Reason
}

var formatMessages = map[string]string{
	"date-time": "must be a date and time with its offset, such as 2026-11-29T14:30:00Z",
	"date":      "must be a date such as 2026-11-29",
	"uuid":      "must be an id (a UUID such as 0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f)",
	"email":     "must be a valid email address",
	"int32":     "must be a whole number within range",
	"int64":     "must be a whole number within range",
}

// The contract's two kinds of free text (see its info.description): one-line
// text refuses every control character, including C1 (U+0085), the line and
// paragraph separators and the bidirectional controls that can make text read
// differently from what it is (U+202A-U+202E, U+2066-U+2069); multi-line
// text refuses the same but keeps tab, line feed and carriage return.
const (
	oneLineText   = `^[^\x00-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]*$`
	multiLineText = `^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]*$`
)

var patternMessages = map[string]string{
	oneLineText:                "must be one line, without control characters, line separators or bidirectional overrides",
	multiLineText:              "must not contain control characters (other than tab and line breaks) or bidirectional overrides",
	`^INC-[0-9]{4}-[0-9]{4,}$`: "must be a case reference such as INC-2026-0001",
	`^[0-9a-f]{64}$`:           "must be a SHA-256 hash: 64 hexadecimal digits",
	`^[0-9a-fA-F]{64}$`:        "must be a SHA-256 hash: 64 hexadecimal digits",
	`^[A-Za-z0-9_.:-]*$`:       "may contain only letters, digits and . _ : -",
	`^[A-Za-z0-9._:-]{1,128}$`: "may contain only letters, digits and . _ : - (at most 128)",
}

var typeNames = map[string]string{
	"string": "text", "integer": "a whole number", "number": "a number",
	"boolean": "true or false", "array": "a list", "object": "an object",
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
