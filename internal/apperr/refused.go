package apperr

import (
	"context"
	"strings"
)

type refusedKey struct{}

// WithRefused returns ctx carrying field errors an earlier tier (the contract)
// found in a request it still lets through, so that the domain's checks run
// too and one answer lists every invalid field. Nothing may change under such
// a context: the store refuses to begin a transaction in it (see Refused).
func WithRefused(ctx context.Context, fields []FieldError) context.Context {
	return context.WithValue(ctx, refusedKey{}, fields)
}

// Refused returns the field errors ctx carries, if any: when there are some,
// the request is already refused, and only checks may run.
func Refused(ctx context.Context) []FieldError {
	f, _ := ctx.Value(refusedKey{}).([]FieldError)
	return f
}

// Merge returns one 422 listing first's fields and then those of more whose
// field first does not already name: a field is named once, by the first tier
// that found it at fault. A field counts as named when first names it or
// something within it: the contract's "tags.2" (one tag) stands for the
// domain's "tags".
func Merge(first []FieldError, more []FieldError) *Error {
	out := append([]FieldError{}, first...)
	named := func(field string) bool {
		for _, f := range out {
			if f.Field == field || strings.HasPrefix(f.Field, field+".") {
				return true
			}
		}
		return false
	}
	for _, f := range more {
		if !named(f.Field) {
			out = append(out, f)
		}
	}
	return Invalidf(out, "the request is not valid")
}
