package cases

import (
	"context"
	"slices"

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

// Audience is who may see one case, for deliveries that decide it per event
// rather than in a query (the live stream, mail, webhooks). Sees applies the
// same rule as the store's queries; a test holds the two together.
type Audience struct {
	Restricted  bool
	People      []uuid.UUID // its owner and listed members
	Departments []uuid.UUID // its department and those of the services it suspends
}

// Sees reports whether a caller with scope may see the case.
func (a Audience) Sees(s Scope) bool {
	switch {
	case s.All || slices.Contains(a.People, s.UserID):
		return true
	case a.Restricted:
		return false
	case s.DepartmentID == nil:
		return true
	}
	return slices.Contains(a.Departments, *s.DepartmentID)
}
