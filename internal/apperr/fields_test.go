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

func TestSentencesNameTheLabelNeverTheJSONName(t *testing.T) {
	for _, c := range []struct{ field, msg, want string }{
		{"detected_at", "is in the future", "Detected at is in the future."},
		{"department_id", "is required for a department head", "Department is required for a department head."},
		{"member_ids", "must be enabled users", "Members must be enabled users."},
		{"milestones.2.title", "is required", "Title is required."},
		{"department_id", "no such department", "No such department."},
		{"password", "this password is among the 10 000 most common; choose another", "This password is among the 10 000 most common; choose another."},
		{"email", "", "Email is not valid."},
		{"name", "Name is required.", "Name is required."},
	} {
		if got := Sentence(c.field, c.msg); got != c.want {
			t.Errorf("Sentence(%q, %q) = %q, want %q", c.field, c.msg, got, c.want)
		}
	}
}
