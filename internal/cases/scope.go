package cases

import (
	"context"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/identity"
)

// Scope is what a caller may see, for the store to apply in its queries:
// need-to-know is decided here and enforced in SQL, never by filtering rows in Go.
type Scope struct {
	All          bool       // admins and auditors see every case
	UserID       uuid.UUID  // owners and members see their restricted cases
	DepartmentID *uuid.UUID // set for department heads: only cases touching it
}

// ScopeFrom returns the Scope of the caller in ctx.
func ScopeFrom(ctx context.Context) Scope { return ScopeFor(identity.From(ctx)) }

// ScopeFor returns the Scope of the caller in p.
func ScopeFor(p identity.Principal) Scope {
	switch p.Role {
	case "admin", "auditor":
		return Scope{All: true, UserID: p.UserID}
	case "department_head":
		dept := p.DepartmentID
		if dept == nil {
			dept = &uuid.Nil // a head without a department sees nothing
		}
		return Scope{UserID: p.UserID, DepartmentID: dept}
	default:
		return Scope{UserID: p.UserID}
	}
}
