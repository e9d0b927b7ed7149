package config

import (
	"errors"
	"maps"
	"reflect"
	"testing"
)

// ssoEnv is a complete single sign-on configuration.
func ssoEnv() map[string]string {
	return map[string]string{
		"CASEWARD_OIDC_ISSUER":            "https://login.example.org/realms/staff",
		"CASEWARD_OIDC_CLIENT_ID":         "caseward",
		"CASEWARD_OIDC_CLIENT_SECRET":     "s3cret",
		"CASEWARD_OIDC_ROLE_GROUPS":       "admin=cw-admins; responder=cw-responders,soc;auditor=audit",
		"CASEWARD_OIDC_DEPARTMENT_GROUPS": "Security Operations=soc;0198c0de-0000-7000-8000-000000000001=finance",
		"CASEWARD_PUBLIC_URL":             "https://caseward.example.org",
	}
}

func TestSSOOffByDefaultAndPasswordsOn(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SSO.Issuer != "" || !cfg.LocalPasswords || cfg.SSO.Name != "single sign-on" || cfg.SSO.GroupsClaim != "groups" {
		t.Fatalf("defaults: %+v", cfg.SSO)
	}
}

func TestSSOMappingsKeepTheirOrder(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(ssoEnv()))
	if err != nil {
		t.Fatal(err)
	}
	wantRoles := []GroupMapping{{"admin", []string{"cw-admins"}}, {"responder", []string{"cw-responders", "soc"}}, {"auditor", []string{"audit"}}}
	if !reflect.DeepEqual(cfg.SSO.Roles, wantRoles) {
		t.Errorf("roles = %+v", cfg.SSO.Roles)
	}
	wantDepts := []GroupMapping{{"Security Operations", []string{"soc"}}, {"0198c0de-0000-7000-8000-000000000001", []string{"finance"}}}
	if !reflect.DeepEqual(cfg.SSO.Departments, wantDepts) {
		t.Errorf("departments = %+v", cfg.SSO.Departments)
	}
}

func TestLoopbackIssuerMayBePlainHTTP(t *testing.T) {
	m := ssoEnv()
	m["CASEWARD_OIDC_ISSUER"] = "http://127.0.0.1:9998"
	if _, err := Load(newFlags(), nil, env(m)); err != nil {
		t.Fatal(err)
	}
}

func TestBadSSOValuesNameTheVariable(t *testing.T) {
	cases := []struct {
		set  map[string]string
		drop string
		name string
	}{
		{set: map[string]string{"CASEWARD_OIDC_ISSUER": "http://login.example.org"}, name: "CASEWARD_OIDC_ISSUER"},
		{set: map[string]string{"CASEWARD_OIDC_ISSUER": "login.example.org"}, name: "CASEWARD_OIDC_ISSUER"},
		{set: map[string]string{"CASEWARD_OIDC_ISSUER": "https://login.example.org/?x=1"}, name: "CASEWARD_OIDC_ISSUER"},
		{set: map[string]string{"CASEWARD_OIDC_CLIENT_ID": "case ward"}, name: "CASEWARD_OIDC_CLIENT_ID"},
		{drop: "CASEWARD_OIDC_CLIENT_ID", name: "CASEWARD_OIDC_CLIENT_ID"},
		{drop: "CASEWARD_OIDC_CLIENT_SECRET", name: "CASEWARD_OIDC_CLIENT_SECRET"},
		{drop: "CASEWARD_OIDC_ROLE_GROUPS", name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{drop: "CASEWARD_PUBLIC_URL", name: "CASEWARD_PUBLIC_URL"},
		{set: map[string]string{"CASEWARD_OIDC_ROLE_GROUPS": "superuser=root"}, name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_ROLE_GROUPS": "admin"}, name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_ROLE_GROUPS": "admin="}, name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_ROLE_GROUPS": "admin=a;admin=b"}, name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_ROLE_GROUPS": "admin=staff;auditor=staff"}, name: "CASEWARD_OIDC_ROLE_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_DEPARTMENT_GROUPS": "=soc"}, name: "CASEWARD_OIDC_DEPARTMENT_GROUPS"},
		{set: map[string]string{"CASEWARD_OIDC_NAME": ""}, name: ""}, // empty takes the default
		{set: map[string]string{"CASEWARD_OIDC_NAME": "<script>"}, name: "CASEWARD_OIDC_NAME"},
		{set: map[string]string{"CASEWARD_OIDC_GROUPS_CLAIM": "my groups"}, name: "CASEWARD_OIDC_GROUPS_CLAIM"},
		{set: map[string]string{"CASEWARD_LOCAL_PASSWORDS": "false"}, name: "CASEWARD_LOCAL_PASSWORDS"},
		{set: map[string]string{"CASEWARD_LOCAL_PASSWORDS": "off"}, name: "CASEWARD_BREAK_GLASS_EMAIL"},
		{set: map[string]string{"CASEWARD_LOCAL_PASSWORDS": "off", "CASEWARD_BREAK_GLASS_EMAIL": "Root <root@example.org>"}, name: "CASEWARD_BREAK_GLASS_EMAIL"},
		{set: map[string]string{"CASEWARD_LOCAL_PASSWORDS": "off", "CASEWARD_BREAK_GLASS_EMAIL": "root@example.org"}, drop: "CASEWARD_OIDC_ISSUER", name: "CASEWARD_LOCAL_PASSWORDS"},
	}
	for _, c := range cases {
		m := ssoEnv()
		maps.Copy(m, c.set)
		delete(m, c.drop)
		_, err := Load(newFlags(), nil, env(m))
		var cerr *Error
		switch {
		case c.name == "" && err != nil:
			t.Errorf("%v without %s: %v, want it accepted", c.set, c.drop, err)
		case c.name != "" && (!errors.As(err, &cerr) || cerr.Name != c.name):
			t.Errorf("%v without %s: %v, want an error naming %s", c.set, c.drop, err, c.name)
		}
	}
}

func TestPasswordsOffKeepsTheBreakGlassAdmin(t *testing.T) {
	m := ssoEnv()
	m["CASEWARD_LOCAL_PASSWORDS"] = "off"
	m["CASEWARD_BREAK_GLASS_EMAIL"] = " Root@Example.org "
	cfg, err := Load(newFlags(), nil, env(m))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LocalPasswords || cfg.BreakGlassEmail != "root@example.org" {
		t.Fatalf("passwords %v, break-glass %q", cfg.LocalPasswords, cfg.BreakGlassEmail)
	}
}
