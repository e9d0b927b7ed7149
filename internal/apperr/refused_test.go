package apperr

import (
	"slices"
	"testing"
)

// The contract names fields of lists by index ("items.0.type", "tags.2"); a
// field the contract named, or named within, is not named again by the
// domain's check of the same thing.
func TestMergeNamesEachFieldOnce(t *testing.T) {
	contract := []FieldError{{Field: "items.0.type", Message: "must be one of …"}, {Field: "tags.2", Message: "is too long"}}
	domain := []FieldError{{Field: "items.0.type", Message: "must be one of …"}, {Field: "tags", Message: "each tag must be one line"},
		{Field: "items.1.value", Message: "is not an IPv4 address"}, {Field: "tag", Message: "a field of its own"}}
	var got []string
	for _, f := range Merge(contract, domain).Fields {
		got = append(got, f.Field)
	}
	if want := []string{"items.0.type", "tags.2", "items.1.value", "tag"}; !slices.Equal(got, want) {
		t.Errorf("merged fields %v, want %v", got, want)
	}
}
