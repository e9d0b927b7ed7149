package contract

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestDateTimeRefusesWhatNoDatabaseKeeps(t *testing.T) {
	for v, want := range map[string]string{
		"2026-11-29T14:30:00Z":      "",
		"0001-01-01T00:00:00Z":      "",
		"9999-12-31T23:59:59Z":      "",
		"9999-12-31T23:59:59-12:00": "must fall between the years 1 and 9999 in UTC", // the year 10000 in UTC
		"0000-01-01T00:00:00+14:00": "must fall between the years 1 and 9999 in UTC",
		"2026-02-30T10:00:00Z":      "must be a date and time with its offset, such as 2026-11-29T14:30:00Z",
		"yesterday":                 "must be a date and time with its offset, such as 2026-11-29T14:30:00Z",
	} {
		if got := formatMessage(t, "date-time", v); got != want {
			t.Errorf("%s: %q, want %q", v, got, want)
		}
	}
}

func TestEmailIsOneBareAddress(t *testing.T) {
	for v, ok := range map[string]bool{
		"rita@example.org":         true,
		"Rita@Example.org":         true, // the domain lower-cases it
		"admin@localhost":          true, // the first administrator's
		"":                         true, // minLength words a missing one
		"not-an-email":             false,
		" rita@example.org":        false,
		"Rita <rita@example.org>":  false,
		"rita@example.org, b@c.de": false,
	} {
		want := ""
		if !ok {
			want = "must be a valid email address"
		}
		if got := formatMessage(t, "email", v); got != want {
			t.Errorf("%q: %q, want %q", v, got, want)
		}
	}
}

// formatMessage validates v against a string schema of the given format and
// returns the field message, or "" when v passes.
func formatMessage(t *testing.T, format, v string) string {
	t.Helper()
	err := openapi3.NewStringSchema().WithFormat(format).VisitJSON(v)
	if err == nil {
		return ""
	}
	se := flattenSchema(err)
	if len(se) != 1 {
		t.Fatalf("%q: %v", v, err)
	}
	return fieldMessage(se[0])
}
