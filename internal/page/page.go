// Package page holds the list conventions: limits, reading one page (Read),
// and opaque keyset cursors.
package page

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/apperr"
)

// DefaultLimit and MaxLimit bound every list.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Limit returns the requested limit, or the default; out of range is a 422.
func Limit(requested *int) (int, error) {
	if requested == nil {
		return DefaultLimit, nil
	}
	if *requested < 1 || *requested > MaxLimit {
		return 0, apperr.Invalidf([]apperr.FieldError{{Field: "limit", Message: "must be between 1 and 200"}}, "limit out of range")
	}
	return *requested, nil
}

// Encode makes an opaque cursor from the keyset values of the last item shown.
func Encode(key any) string {
	b, err := json.Marshal(key)
	if err != nil {
		panic("page: cursor key must marshal: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Validator is a cursor key that can tell whether this server could have
// issued it, for values JSON accepts but the database would not (a severity
// rank past int4, say).
type Validator interface {
	Valid() bool
}

// Decode reads a cursor made by Encode into key; a damaged cursor is a 422, and
// so is one holding a NUL character (no key this server issues has one, and
// PostgreSQL refuses them) or one key's Valid refuses.
func Decode(cursor string, key any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, key)
	}
	if err == nil && hasNUL(b) {
		err = errors.New("NUL in cursor")
	}
	if v, ok := key.(Validator); ok && err == nil && !v.Valid() {
		err = errors.New("invalid cursor key")
	}
	if err != nil {
		return apperr.Invalidf([]apperr.FieldError{{Field: "cursor", Message: "is not a cursor this server issued"}}, "bad cursor")
	}
	return nil
}

// hasNUL reports whether the JSON value b holds a string with a NUL in it.
func hasNUL(b []byte) bool {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return false
	}
	var walk func(any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case string:
			return strings.ContainsRune(v, 0)
		case []any:
			return slices.ContainsFunc(v, walk)
		case map[string]any:
			for k, x := range v {
				if strings.ContainsRune(k, 0) || walk(x) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}
