package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/users"
)

// Policy returns the sign-in policy.
func (s *Service) Policy(ctx context.Context) (SignInPolicy, error) {
	return s.store.SignInPolicy(ctx)
}

// SetPolicy sets which roles must sign in with a second factor.
// Administrators only.
func (s *Service) SetPolicy(ctx context.Context, roles []users.Role) (SignInPolicy, error) {
	if err := byAdmin(identity.From(ctx)); err != nil {
		return SignInPolicy{}, err
	}
	var fields []apperr.FieldError
	for i, r := range roles {
		if !r.Valid() {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("second_factor_roles[%d]", i), Message: "is not a role"})
		} else if slices.Contains(roles[:i], r) {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("second_factor_roles[%d]", i), Message: "is listed twice"})
		}
	}
	if len(fields) > 0 {
		return SignInPolicy{}, apperr.Invalidf(fields, "the sign-in policy was not changed: second_factor_roles[…] %s", fields[0].Message)
	}
	slices.Sort(roles)
	var out SignInPolicy
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.SignInPolicy(ctx)
		if err != nil {
			return err
		}
		now := s.now()
		out = SignInPolicy{SecondFactorRoles: roles, UpdatedAt: &now}
		if err := s.store.SetSignInPolicy(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "settings.sign_in_policy", EntityType: "settings", EntityID: "sign_in_policy",
			Changes: audit.Changes{"second_factor_roles": {roleList(old.SecondFactorRoles), roleList(roles)}}})
	})
	return out, err
}

func roleList(roles []users.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// byAdmin refuses keys and anyone but administrators.
func byAdmin(p identity.Principal) error {
	if err := byPerson(p); err != nil {
		return err
	}
	if p.Role != string(users.Admin) {
		return apperr.New(apperr.Forbidden, "only administrators may do this")
	}
	return nil
}
