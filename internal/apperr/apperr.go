// Package apperr is Caseward's one error type: a Kind that the HTTP edge maps to a
// status code, a message safe to show to clients, and optional field errors.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error for the HTTP edge; each Kind maps to one status code.
type Kind int

// The kinds, in the order of their status codes.
const (
	Internal             Kind = iota // 500: a bug or an unexpected failure; details are logged, never shown
	Malformed                        // 400: the request could not be read (bad JSON, unknown field)
	Unauthenticated                  // 401
	Forbidden                        // 403
	NotFound                         // 404: missing, or not visible to the caller
	Conflict                         // 409
	PreconditionFailed               // 412: stale If-Match
	TooLarge                         // 413
	Invalid                          // 422: well-formed but breaks a rule; Fields say which
	PreconditionRequired             // 428: If-Match missing
	TooMany                          // 429: throttled; RetryAfter says how long
	Unavailable                      // 503: a dependency (the database) is down
	Gone                             // 410: what the resource stood for is no longer there (an evidence file missing or altered)
)

// FieldError names one invalid request field in the API's terms (snake_case).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error carries a Kind, a client-safe message and the wrapped cause.
type Error struct {
	Kind       Kind
	Message    string
	Fields     []FieldError
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind with a client-safe message.
func New(kind Kind, message string) *Error {
	return &Error{Kind: kind, Message: message}
}

// Wrap returns an error of the given kind whose cause is err.
func Wrap(kind Kind, message string, err error) *Error {
	return &Error{Kind: kind, Message: message, Err: err}
}

// Invalidf returns a 422 error naming the fields at fault.
func Invalidf(fields []FieldError, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Message: fmt.Sprintf(format, args...), Fields: fields}
}

// NotFoundf returns a 404 error.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...)}
}

// Throttled returns a 429 error telling the client when to retry.
func Throttled(message string, retryAfter time.Duration) *Error {
	return &Error{Kind: TooMany, Message: message, RetryAfter: retryAfter}
}

// KindOf reports the Kind of the first *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err's Kind is kind.
func Is(err error, kind Kind) bool {
	return err != nil && KindOf(err) == kind
}
