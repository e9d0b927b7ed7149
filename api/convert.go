package api

import (
	"math"
	"strconv"
	"strings"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/page"
)

// etag is a version as an HTTP entity tag.
func etag(version int64) *string {
	s := `"` + strconv.FormatInt(version, 10) + `"`
	return &s
}

// ifMatch reads the version a PATCH expects from If-Match, which must be the
// ETag a read sent: a quoted version such as "3". Without it, or with "*"
// (which names no version, so cannot guard against lost updates), the answer
// is 428; a weak ETag (W/"3") never matches under If-Match's strong
// comparison, so it is 412; anything else is not an ETag at all: 400.
func ifMatch(header *string) (int64, error) {
	h := ""
	if header != nil {
		h = strings.TrimSpace(*header)
	}
	switch {
	case h == "" || h == "*":
		return 0, apperr.New(apperr.PreconditionRequired, `send If-Match with the ETag of your last read, such as "3"`)
	case strings.HasPrefix(h, "W/"):
		return 0, apperr.New(apperr.PreconditionFailed, `If-Match compares ETags strongly, so a weak ETag (W/...) never matches: send the ETag of your last read as it came, such as "3"`)
	}
	malformed := apperr.New(apperr.Malformed, `If-Match must be the ETag of your last read: a version number in double quotes, such as "3"`)
	if len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return 0, malformed
	}
	digits := h[1 : len(h)-1]
	if strings.Trim(digits, "0123456789") != "" {
		return 0, malformed
	}
	version, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || version < 1 {
		return 0, apperr.New(apperr.PreconditionFailed, "If-Match does not name a version of this resource")
	}
	return version, nil
}

// int32Of is a count or position as the contract's 32-bit integer; none comes
// near the bound, which it holds to rather than wrapping around.
func int32Of(n int) int32 {
	return int32(max(math.MinInt32, min(n, math.MaxInt32)))
}

// nullableOf is p as a JSON value that is null when p is nil (an unset
// nullable.Nullable would marshal as the zero value instead).
func nullableOf[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}

// nullableString is s, or null when empty.
func nullableString(s string) nullable.Nullable[string] {
	if s == "" {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(s)
}

// nextCursor returns the cursor after the last item when more follow.
func nextCursor[T any](items []T, more bool, key func(T) any) nullable.Nullable[string] {
	if !more || len(items) == 0 {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(page.Encode(key(items[len(items)-1])))
}

// pageArgs reads limit and cursor; the cursor key is decoded into key. The
// limit is the page size: the service reads the page with page.Read.
func pageArgs(limit *int, cursor *string, key any) (int, error) {
	n, err := page.Limit(limit)
	if err != nil {
		return 0, err
	}
	if cursor != nil && *cursor != "" {
		if err := page.Decode(*cursor, key); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// pointerOf is a nullable request field as a pointer: nil when absent or null.
func pointerOf[T any](n nullable.Nullable[T]) *T {
	v, err := n.Get()
	if err != nil {
		return nil
	}
	return &v
}

// optional converts a PATCH field that may be null to the domain's Optional.
func optional[T any](n nullable.Nullable[T]) cases.Optional[T] {
	if !n.IsSpecified() {
		return cases.Optional[T]{}
	}
	if n.IsNull() {
		return cases.Optional[T]{Set: true}
	}
	v := n.MustGet()
	return cases.Optional[T]{Set: true, Value: &v}
}
