package config

import (
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"

	"github.com/caseward/caseward/internal/users"
)

// GroupMapping is one entry of a group mapping: the role or department that
// people in any of Groups are given.
type GroupMapping struct {
	Key    string // a role, or a department's name or id
	Groups []string
}

// SSO is the OpenID Connect sign-in's configuration (issue 24); Issuer is
// empty when it is off.
type SSO struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	Name         string // the button says "Sign in with <Name>"
	GroupsClaim  string // the ID token claim that lists the person's groups
	Roles        []GroupMapping
	Departments  []GroupMapping
}

// ssoSettings configure sign-in through an OpenID Connect provider, and
// whether local passwords are accepted at all.
var ssoSettings = []setting{
	{env: "CASEWARD_OIDC_ISSUER", flag: "oidc-issuer", usage: "the OpenID Connect provider's issuer URL (https; http only on loopback), e.g. https://login.example.org/realms/staff; empty turns single sign-on off",
		parse: func(c *Config, v string) error {
			if v != "" {
				if err := checkIssuer(v); err != nil {
					return err
				}
			}
			c.SSO.Issuer = v
			return nil
		}},
	{env: "CASEWARD_OIDC_CLIENT_ID", flag: "oidc-client-id", usage: "Caseward's client id at the provider (required with CASEWARD_OIDC_ISSUER)",
		parse: func(c *Config, v string) error {
			if strings.ContainsAny(v, " \t\r\n") || len(v) > 255 {
				return fmt.Errorf("want a client id without spaces, got %q", v)
			}
			c.SSO.ClientID = v
			return nil
		}},
	{env: "CASEWARD_OIDC_CLIENT_SECRET", flag: "oidc-client-secret", secret: true, usage: "Caseward's client secret at the provider (required with CASEWARD_OIDC_ISSUER)",
		parse: func(c *Config, v string) error { c.SSO.ClientSecret = v; return nil }},
	{env: "CASEWARD_OIDC_NAME", flag: "oidc-name", def: "single sign-on", usage: "what the sign-in button calls the provider: \"Sign in with <name>\"",
		parse: func(c *Config, v string) error {
			v = strings.TrimSpace(v)
			if v == "" || len([]rune(v)) > 40 || strings.ContainsAny(v, "\r\n\t<>") {
				return fmt.Errorf("want a short name (at most 40 characters, one line), got %q", v)
			}
			c.SSO.Name = v
			return nil
		}},
	{env: "CASEWARD_OIDC_GROUPS_CLAIM", flag: "oidc-groups-claim", def: "groups", usage: "the ID token claim that lists a person's groups",
		parse: func(c *Config, v string) error {
			if v == "" || strings.ContainsAny(v, " \t\r\n") || len(v) > 100 {
				return fmt.Errorf("want a claim name such as groups, got %q", v)
			}
			c.SSO.GroupsClaim = v
			return nil
		}},
	{env: "CASEWARD_OIDC_ROLE_GROUPS", flag: "oidc-role-groups", usage: "role for each group, e.g. admin=cw-admins;responder=cw-responders,soc;department_head=heads;auditor=audit (required with CASEWARD_OIDC_ISSUER); a person in several gets the first of admin, responder, department_head, auditor",
		parse: func(c *Config, v string) error {
			m, err := parseGroupMapping(v)
			if err != nil {
				return err
			}
			for _, e := range m {
				if !users.Role(e.Key).Valid() {
					return fmt.Errorf("%q is not a role: want admin, responder, department_head or auditor", e.Key)
				}
			}
			c.SSO.Roles = m
			return nil
		}},
	{env: "CASEWARD_OIDC_DEPARTMENT_GROUPS", flag: "oidc-department-groups", usage: "department (by name or id) for each group, e.g. Security Operations=cw-soc;Finance=cw-finance; a person in several gets the first listed",
		parse: func(c *Config, v string) error {
			m, err := parseGroupMapping(v)
			if err != nil {
				return err
			}
			c.SSO.Departments = m
			return nil
		}},
	{env: "CASEWARD_LOCAL_PASSWORDS", flag: "local-passwords", def: "on", usage: "on or off: off refuses password sign-in to everyone but CASEWARD_BREAK_GLASS_EMAIL (single sign-on required)",
		parse: func(c *Config, v string) error {
			switch v {
			case "on":
				c.LocalPasswords = true
			case "off":
				c.LocalPasswords = false
			default:
				return fmt.Errorf("want on or off, got %q", v)
			}
			return nil
		}},
	{env: "CASEWARD_BREAK_GLASS_EMAIL", flag: "break-glass-email", usage: "the one administrator who may still sign in with a password when CASEWARD_LOCAL_PASSWORDS=off",
		parse: func(c *Config, v string) error {
			if v != "" {
				a, err := netmail.ParseAddress(v)
				if err != nil || a.Name != "" || a.Address != strings.TrimSpace(v) {
					return fmt.Errorf("want a bare address such as admin@example.org, got %q", v)
				}
			}
			c.BreakGlassEmail = users.NormalizeEmail(v)
			return nil
		}},
}

// checkIssuer accepts an https URL, or http on a loopback host (a provider
// on the same machine, in development and tests): tokens and the client
// secret travel to it.
func checkIssuer(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("want an https:// issuer URL without query, got %q", v)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
	}
	return fmt.Errorf("want an https:// issuer URL (http only on loopback), got %q", v)
}

// parseGroupMapping reads "key=group,group;key=group". A key appears once, and
// a group once in the whole mapping: one group meaning two things would be
// a mistake hidden by the order of precedence.
func parseGroupMapping(v string) ([]GroupMapping, error) {
	var out []GroupMapping
	keys, groups := map[string]bool{}, map[string]bool{}
	for _, part := range strings.Split(v, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, list, ok := strings.Cut(part, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("want key=group,group;key=group, got %q", part)
		}
		if keys[key] {
			return nil, fmt.Errorf("%q is listed twice", key)
		}
		keys[key] = true
		e := GroupMapping{Key: key}
		for _, g := range strings.Split(list, ",") {
			if g = strings.TrimSpace(g); g == "" {
				continue
			}
			if groups[g] {
				return nil, fmt.Errorf("the group %q is mapped twice", g)
			}
			groups[g] = true
			e.Groups = append(e.Groups, g)
		}
		if len(e.Groups) == 0 {
			return nil, fmt.Errorf("%q names no group", key)
		}
		out = append(out, e)
	}
	return out, nil
}

// checkSSO refuses single sign-on without what it needs, and local
// passwords switched off with nobody left to sign in.
func checkSSO(c Config) error {
	if c.SSO.Issuer != "" {
		switch {
		case c.SSO.ClientID == "":
			return &Error{Name: "CASEWARD_OIDC_CLIENT_ID", Msg: "required when CASEWARD_OIDC_ISSUER is set"}
		case c.SSO.ClientSecret == "":
			return &Error{Name: "CASEWARD_OIDC_CLIENT_SECRET", Msg: "required when CASEWARD_OIDC_ISSUER is set"}
		case len(c.SSO.Roles) == 0:
			return &Error{Name: "CASEWARD_OIDC_ROLE_GROUPS", Msg: "required when CASEWARD_OIDC_ISSUER is set: without it nobody could sign in through it"}
		case c.PublicURL == "":
			return &Error{Name: "CASEWARD_PUBLIC_URL", Msg: "required when CASEWARD_OIDC_ISSUER is set: the provider sends people back to it"}
		}
	}
	if !c.LocalPasswords {
		if c.SSO.Issuer == "" {
			return &Error{Name: "CASEWARD_LOCAL_PASSWORDS", Msg: "off needs CASEWARD_OIDC_ISSUER: people must sign in somehow"}
		}
		if c.BreakGlassEmail == "" {
			return &Error{Name: "CASEWARD_BREAK_GLASS_EMAIL", Msg: "required when CASEWARD_LOCAL_PASSWORDS=off: one administrator must be able to sign in when the provider cannot"}
		}
	}
	return nil
}
