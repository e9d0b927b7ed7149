package page_test

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/page"
)

// FuzzDecode feeds arbitrary cursors to Decode for every kind of key the lists
// use. It never panics; it refuses with a 422 naming the cursor; and what it
// accepts encodes to a cursor that decodes to the same key again.
func FuzzDecode(f *testing.F) {
	id := uuid.MustParse("01890000-0000-7000-8000-000000000000")
	for _, key := range []any{
		cases.Cursor{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ID: id}, cases.Cursor{Rank: 4, ID: id},
		id, int64(12), "Clinical Systems", "",
	} {
		f.Add(page.Encode(key))
	}
	for _, raw := range []string{
		`{"r":2147483648,"id":"01890000-0000-7000-8000-000000000000"}`, `{"r":-1}`, `{"t":"9999-12-31T23:59:59-12:00"}`,
		`{"t":"0000-01-01T00:00:00+14:00"}`, `"a\u0000b"`, `{"\u0000":1}`, `["\u0000"]`, `1e400`, `9223372036854775808`,
		`null`, `[]`, `{}`, `"\ud800"`, "\"\xff\"", `{"t":"2026-01-01T00:00:00Z","t":"bad"}`,
	} {
		f.Add(base64.RawURLEncoding.EncodeToString([]byte(raw)))
	}
	for _, s := range []string{"", "!", "AAAA", "eyJ0IjoxfQ==", "eyJ0IjoxfQ", strings.Repeat("A", 4096)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		for _, key := range []any{new(cases.Cursor), new(uuid.UUID), new(int64), new(string)} {
			err := page.Decode(cursor, key)
			if err != nil {
				var e *apperr.Error
				if !errors.As(err, &e) || e.Kind != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" {
					t.Fatalf("Decode(%q) into %T: %#v, want a 422 naming the cursor", cursor, key, err)
				}
				continue
			}
			if c, ok := key.(*cases.Cursor); ok && !c.Valid() {
				t.Fatalf("Decode(%q) accepted %+v, which this server never issues", cursor, *c)
			}
			value := reflect.ValueOf(key).Elem().Interface()
			again := reflect.New(reflect.TypeOf(value))
			if err := page.Decode(page.Encode(value), again.Interface()); err != nil {
				t.Fatalf("Decode(%q) into %T gave %#v, whose own cursor is refused: %v", cursor, key, value, err)
			}
			if got := again.Elem().Interface(); !reflect.DeepEqual(normal(got), normal(value)) {
				t.Fatalf("round trip of %#v gave %#v", value, got)
			}
		}
	})
}

// normal makes times comparable by instant.
func normal(v any) any {
	if c, ok := v.(cases.Cursor); ok {
		c.Time = c.Time.UTC()
		return c
	}
	return v
}
