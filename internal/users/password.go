package users

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/caseward/caseward/internal/apperr"
)

// Password length bounds. The upper one keeps a single request from making the
// server hash a huge input.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// commonPasswordList is the 10 000 most common passwords of 12 characters or
// more, one a line, most common first (see common-passwords.md for its source
// and licence).
//
//go:embed common-passwords.txt
var commonPasswordList string

// commonPasswords is commonPasswordList in lower case, as a set.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10_000)
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			set[strings.ToLower(line)] = struct{}{}
		}
	}
	return set
})

// IsCommonPassword reports whether password, ignoring case, is among the 10 000
// most common ones.
func IsCommonPassword(password string) bool {
	_, found := commonPasswords()[strings.ToLower(password)]
	return found
}

// CheckPassword explains what is wrong with a new password, or returns "" when
// it may be used: 12 to 256 characters and not among the most common ones.
func CheckPassword(password string) string {
	if n := utf8.RuneCountInString(password); n < MinPasswordLength || n > MaxPasswordLength {
		return fmt.Sprintf("must be %d to %d characters", MinPasswordLength, MaxPasswordLength)
	}
	if IsCommonPassword(password) {
		return "this password is among the 10 000 most common; choose another"
	}
	return ""
}

func validatePassword(password string) []apperr.FieldError {
	if msg := CheckPassword(password); msg != "" {
		return []apperr.FieldError{{Field: "password", Message: msg}}
	}
	return nil
}
