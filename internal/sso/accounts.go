package sso

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/text"
	"github.com/caseward/caseward/internal/users"
)

// rolePrecedence is the order in which a person's groups give a role: the
// first role with a group of theirs.
var rolePrecedence = []users.Role{users.Admin, users.Responder, users.DepartmentHead, users.Auditor}

// account returns the account the verified claims sign in as: the one
// linked to their issuer and subject, with its role and department brought
// in step with their groups, or a new one at the first sign-in. Call it in
// a transaction: a refusal leaves nothing changed.
func (s *Service) account(ctx context.Context, c claims) (users.User, error) {
	role, ok := s.role(c.Groups)
	if !ok {
		return users.User{}, &refusal{Code: codeNoRole, Reason: "no_mapped_group", Email: c.Email}
	}
	dept, err := s.department(ctx, c)
	if err != nil {
		return users.User{}, err
	}
	if role == users.DepartmentHead && dept == nil {
		return users.User{}, &refusal{Code: codeDepartment, Reason: "no_department", Email: c.Email}
	}
	now := s.now()
	u, err := s.store.IdentityUser(ctx, c.Issuer, c.Subject)
	if apperr.Is(err, apperr.NotFound) {
		return s.create(ctx, c, role, dept)
	}
	if err != nil {
		return users.User{}, fmt.Errorf("look up identity: %w", err)
	}
	if u.Disabled {
		return users.User{}, &refusal{Code: codeDisabled, Reason: "account_disabled", Email: u.Email, UserID: u.ID.String()}
	}
	if err := s.store.TouchIdentity(ctx, c.Issuer, c.Subject, now); err != nil {
		return users.User{}, err
	}
	if u.Role == role && sameDepartment(u.DepartmentID, dept) {
		return u, nil
	}
	return s.remap(ctx, u, role, dept)
}

// role is the first role, in precedence, that one of groups gives.
func (s *Service) role(groups []string) (users.Role, bool) {
	for _, r := range rolePrecedence {
		for _, g := range s.cfg.Roles[r] {
			if slices.Contains(groups, g) {
				return r, true
			}
		}
	}
	return "", false
}

// department is the first department the mapping gives one of the groups,
// or nil. A mapping that names no department that exists refuses the
// sign-in: the configuration is wrong, and guessing would misplace people.
func (s *Service) department(ctx context.Context, c claims) (*uuid.UUID, error) {
	for _, m := range s.cfg.Departments {
		if !slices.ContainsFunc(m.Groups, func(g string) bool { return slices.Contains(c.Groups, g) }) {
			continue
		}
		if id, err := uuid.Parse(m.Key); err == nil {
			d, err := s.store.Department(ctx, id)
			if err == nil {
				return &d.ID, nil
			}
			if !apperr.Is(err, apperr.NotFound) {
				return nil, err
			}
		}
		d, err := s.store.DepartmentByName(ctx, m.Key)
		if apperr.Is(err, apperr.NotFound) {
			return nil, &refusal{Code: codeDepartment, Reason: "unknown_department:" + oneWord(m.Key), Email: c.Email}
		}
		if err != nil {
			return nil, err
		}
		return &d.ID, nil
	}
	return nil, nil
}

// create makes the account of a first sign-in. An account with the same
// email that is not linked to this identity (a local one, or one another
// subject signed in as) is not taken over: the email alone does not prove
// the provider's person is its owner.
func (s *Service) create(ctx context.Context, c claims, role users.Role, dept *uuid.UUID) (users.User, error) {
	email := users.NormalizeEmail(c.Email)
	existing, _, err := s.store.UserCredentials(ctx, email)
	if err == nil {
		return users.User{}, &refusal{Code: codeEmailTaken, Reason: "email_taken", Email: email, UserID: existing.ID.String()}
	}
	if !apperr.Is(err, apperr.NotFound) {
		return users.User{}, fmt.Errorf("look up %s: %w", email, err)
	}
	name := strings.TrimSpace(text.AsOneLine(strings.ToValidUTF8(c.Name, "")))
	if name == "" {
		name = email
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	now := s.now()
	u := users.User{ID: uuid.Must(uuid.NewV7()), Email: email, Name: name, Role: role, DepartmentID: dept}
	created, err := s.store.CreateUser(ctx, u, auth.NoPassword)
	if err != nil {
		return users.User{}, fmt.Errorf("create %s: %w", email, err)
	}
	if err := s.store.LinkIdentity(ctx, Identity{Issuer: c.Issuer, Subject: c.Subject, UserID: created.ID, At: now}); err != nil {
		return users.User{}, fmt.Errorf("link %s: %w", email, err)
	}
	err = s.audit.Record(ctx, audit.Entry{Action: "user.sso_create", EntityType: "user", EntityID: created.ID.String(),
		ActorID: created.ID.String(), ActorEmail: created.Email,
		Changes: audit.Changes{"email": {nil, created.Email}, "name": {nil, created.Name}, "role": {nil, string(created.Role)},
			"department_id": {nil, idOrNil(created.DepartmentID)}, "method": {nil, Method}}})
	return created, err
}

// remap gives u the role and department its groups give now. The last
// enabled admin is not demoted by it: Caseward would be left with nobody to
// administer it, so the sign-in is refused instead.
func (s *Service) remap(ctx context.Context, u users.User, role users.Role, dept *uuid.UUID) (users.User, error) {
	if u.Role == users.Admin && role != users.Admin {
		n, err := s.store.LockEnabledAdmins(ctx)
		if err != nil {
			return users.User{}, fmt.Errorf("count admins: %w", err)
		}
		if n <= 1 {
			return users.User{}, &refusal{Code: codeLastAdmin, Reason: "last_admin", Email: u.Email, UserID: u.ID.String()}
		}
	}
	next := u
	next.Role, next.DepartmentID = role, dept
	updated, err := s.store.UpdateUser(ctx, next, u.Version)
	if err != nil {
		return users.User{}, fmt.Errorf("update %s from its groups: %w", u.Email, err)
	}
	changes := audit.Changes{}
	if u.Role != role {
		changes["role"] = [2]any{string(u.Role), string(role)}
	}
	if !sameDepartment(u.DepartmentID, dept) {
		changes["department_id"] = [2]any{idOrNil(u.DepartmentID), idOrNil(dept)}
	}
	err = s.audit.Record(ctx, audit.Entry{Action: "user.sso_update", EntityType: "user", EntityID: u.ID.String(),
		ActorID: u.ID.String(), ActorEmail: u.Email, Changes: changes})
	return updated, err
}

func sameDepartment(a, b *uuid.UUID) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func idOrNil(id *uuid.UUID) any {
	if id == nil {
		return nil
	}
	return id.String()
}
