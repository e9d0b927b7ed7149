package main

import (
	"strings"

	"github.com/caseward/caseward/api"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/sso"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/users"
)

// signIn wires how people sign in (issue 24): single sign-on through the
// configured OpenID Connect provider, if any, and whether passwords are for
// everyone or only the break-glass administrator.
func signIn(cfg config.Config, db *store.DB, recorder sso.Recorder, sessions *auth.Service) api.SignIn {
	in := api.SignIn{PasswordsOff: !cfg.LocalPasswords, SecureCookie: strings.HasPrefix(cfg.PublicURL, "https://")}
	if cfg.SSO.Issuer == "" {
		return in
	}
	roles := map[users.Role][]string{}
	for _, m := range cfg.SSO.Roles {
		roles[users.Role(m.Key)] = m.Groups
	}
	depts := make([]sso.Mapping, len(cfg.SSO.Departments))
	for i, m := range cfg.SSO.Departments {
		depts[i] = sso.Mapping{Key: m.Key, Groups: m.Groups}
	}
	in.SSO = sso.NewService(sso.Config{Issuer: cfg.SSO.Issuer, ClientID: cfg.SSO.ClientID, ClientSecret: cfg.SSO.ClientSecret,
		RedirectURL: cfg.PublicURL + api.BasePath + "/auth/oidc/callback", GroupsClaim: cfg.SSO.GroupsClaim,
		Roles: roles, Departments: depts}, db, recorder, sessions)
	in.SSOName = cfg.SSO.Name
	return in
}
