package apperr

import "testing"

func TestMaxLengthCountsCharactersAndNamesTheField(t *testing.T) {
	var f []FieldError
	f = MaxLength(f, "description", "éé", 2)
	f = MaxLength(f, "source", "ééé", 2)
	if len(f) != 1 || f[0] != (FieldError{Field: "source", Message: "must be at most 2 characters"}) {
		t.Fatalf("got %+v", f)
	}
}
