package apperr

import (
	"fmt"
	"unicode/utf8"
)

// MaxLength appends to fields an error naming field when value is longer
// than limit characters, counted as the contract's maxLength counts them (in
// Unicode code points) and worded as the contract words it. Check each field
// on its own, so that the error names the one that is too long.
func MaxLength(fields []FieldError, field, value string, limit int) []FieldError {
	if utf8.RuneCountInString(value) > limit {
		fields = append(fields, FieldError{Field: field, Message: fmt.Sprintf("must be at most %d characters", limit)})
	}
	return fields
}
