// Package identity carries who is calling through a request's context: the
// signed-in user, the request id and the client address. The HTTP layer sets it
// once; domain packages and the audit trail read it.
package identity

import (
	"context"

	"github.com/google/uuid"
)

// Principal is the caller: a signed-in user (zero UserID for anonymous calls)
// plus the request's id and client address.
type Principal struct {
	UserID       uuid.UUID
	Email        string
	Role         string // a users.Role; a string so that every package may import identity
	DepartmentID *uuid.UUID
	// SessionID is the sign-in (refresh-token family) the access token was
	// issued in.
	SessionID uuid.UUID
	// KeyID is the API key the caller came with (uuid.Nil for a sign-in).
	// A key acts for its account (UserID) with the key's role: KeyRole is
	// what the contract's x-roles are checked against, Role what the domain
	// reads (a read_only key reads as an auditor).
	KeyID            uuid.UUID
	KeyRole          string
	KeyRatePerMinute int // the key's own rate limit; 0 for the ordinary one
	RequestID        string
	IP               string
	UserAgent        string // as the client sent it; auth keeps it with a sign-in
}

// ContractRole is the role the contract's x-roles are checked against.
func (p Principal) ContractRole() string {
	if p.KeyID != uuid.Nil {
		return p.KeyRole
	}
	return p.Role
}

// Authenticated reports whether a user is signed in.
func (p Principal) Authenticated() bool { return p.UserID != uuid.Nil }

type key struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, key{}, p)
}

// From returns the Principal in ctx, or an anonymous one.
func From(ctx context.Context) Principal {
	p, _ := ctx.Value(key{}).(Principal)
	return p
}
