// Package users holds Caseward's accounts: who they are, their role, and the use
// cases that create them.
package users

import (
	"time"

	"github.com/google/uuid"
)

// Role decides what a user may do; see DESIGN.md for each role's purpose.
type Role string

// The roles.
const (
	Admin          Role = "admin"
	Responder      Role = "responder"
	DepartmentHead Role = "department_head"
	Auditor        Role = "auditor"
)

// Roles lists every role, in order of decreasing power.
var Roles = []Role{Admin, Responder, DepartmentHead, Auditor}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// User is an account. The password hash never leaves the store and auth.
type User struct {
	ID           uuid.UUID
	Email        string
	Name         string
	Role         Role
	DepartmentID *uuid.UUID
	Disabled     bool
	// TimeZone is the IANA zone the user reads times in; "" follows their
	// browser's.
	TimeZone  string
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}
