// Package page holds the list conventions: limits and opaque keyset cursors.
package page

import (
	"encoding/base64"
	"encoding/json"

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

// Decode reads a cursor made by Encode into key; a damaged cursor is a 422.
func Decode(cursor string, key any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, key)
	}
	if err != nil {
		return apperr.Invalidf([]apperr.FieldError{{Field: "cursor", Message: "is not a cursor this server issued"}}, "bad cursor")
	}
	return nil
}
