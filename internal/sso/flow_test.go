package sso

import (
	"slices"
	"testing"

	"github.com/caseward/caseward/internal/users"
)

func TestSafeReturnPathKeepsPathsInsideTheApp(t *testing.T) {
	for in, want := range map[string]string{
		"/cases?status=open":    "/cases?status=open",
		"":                      "/",
		"cases":                 "/",
		"https://evil.example/": "/",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"/login":                "/",
		"/login/sso#code=x":     "/",
		"/api/v1/me":            "/",
		"/cases\r\nSet-Cookie:": "/",
	} {
		if got := SafeReturnPath(in); got != want {
			t.Errorf("SafeReturnPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRoleIsTheFirstByPrecedence(t *testing.T) {
	s := &Service{cfg: Config{Roles: map[users.Role][]string{
		users.Auditor: {"audit"}, users.Admin: {"admins"}, users.Responder: {"soc", "csirt"}, users.DepartmentHead: {"heads"},
	}}}
	for _, c := range []struct {
		groups []string
		want   users.Role
	}{
		{[]string{"audit", "admins"}, users.Admin},
		{[]string{"heads", "csirt"}, users.Responder},
		{[]string{"audit", "heads"}, users.DepartmentHead},
		{[]string{"audit"}, users.Auditor},
		{[]string{"Admins", "marketing"}, ""}, // group names match exactly
	} {
		got, ok := s.role(c.groups)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("role(%v) = %q %v, want %q", c.groups, got, ok, c.want)
		}
	}
}

func TestGroupsClaimIsAListOrOneName(t *testing.T) {
	if got := stringList([]any{"a", 3, "b"}); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("list: %v", got)
	}
	if got := stringList("a"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("one: %v", got)
	}
	if got := stringList(map[string]any{"a": 1}); got != nil {
		t.Errorf("object: %v", got)
	}
}

func TestSecretsAreWhatSecretMakes(t *testing.T) {
	if s := secret(); !validSecret(s) {
		t.Errorf("secret() = %q is not valid", s)
	}
	for _, bad := range []string{"", "short", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXY1"} {
		if validSecret(bad) {
			t.Errorf("validSecret(%q) = true", bad)
		}
	}
	if got := oneWord(`access_denied"><script>`); got != "access_deniedscript" {
		t.Errorf("oneWord: %q", got)
	}
}
