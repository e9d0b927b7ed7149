package api_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// contractOp is one operation of openapi.yaml.
type contractOp struct {
	method, path, id string
	roles            []string
}

func contractOps(t *testing.T) []contractOp {
	t.Helper()
	spec, err := gen.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	var ops []contractOp
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			raw, _ := op.Extensions["x-roles"].([]any)
			var roles []string
			for _, r := range raw {
				s, _ := r.(string)
				roles = append(roles, s)
			}
			ops = append(ops, contractOp{method: method, path: path, id: op.OperationID, roles: roles})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

func TestEveryOperationDeclaresKnownRoles(t *testing.T) {
	t.Parallel()
	known := []string{"public"}
	for _, r := range users.Roles {
		known = append(known, string(r))
	}
	for _, op := range contractOps(t) {
		if len(op.roles) == 0 {
			t.Errorf("%s (%s %s) has no x-roles", op.id, op.method, op.path)
		}
		for _, r := range op.roles {
			if !slices.Contains(known, r) {
				t.Errorf("%s lists unknown role %q", op.id, r)
			}
		}
		if slices.Contains(op.roles, "public") && len(op.roles) > 1 {
			t.Errorf("%s is public and lists roles too", op.id)
		}
		// Auditors change nothing of the record; their own account (its
		// password, its time zone) is theirs to keep.
		if op.method != http.MethodGet && slices.Contains(op.roles, string(users.Auditor)) && !strings.HasPrefix(op.path, "/me") {
			t.Errorf("%s lets auditors write (%s)", op.id, op.method)
		}
	}
}

// signInAs creates a user of each role and returns their access tokens.
func signInAsEachRole(t *testing.T, s *server) map[string]string {
	t.Helper()
	ctx := context.Background()
	dept, err := directory.New(s.db, audit.NewRecorder(s.db)).CreateDepartment(ctx, "Clinical Systems")
	if err != nil {
		t.Fatal(err)
	}
	svc := users.NewService(s.db, audit.NewRecorder(s.db), s.passwords.Hash)
	roleTokens := map[string]string{string(users.Admin): s.signIn().AccessToken}
	for _, role := range []users.Role{users.Responder, users.DepartmentHead, users.Auditor} {
		email := string(role) + "@example.org"
		if _, _, err := svc.Create(ctx, users.NewUser{Email: email, Name: string(role), Role: role, DepartmentID: &dept.ID, Password: adminPassword}); err != nil {
			t.Fatal(err)
		}
		var tk tokens
		r := s.login(email, adminPassword)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("login %s: %d", role, r.StatusCode)
		}
		r.json(&tk)
		roleTokens[string(role)] = tk.AccessToken
	}
	return roleTokens
}

// TestEveryOperationTimesEveryRole proves the x-roles of every operation are
// enforced: no token is a 401 (unless public), a role not listed a 403, a listed
// role neither.
func TestEveryOperationTimesEveryRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{}) // five calls an operation: more than an address's burst
		roleTokens := signInAsEachRole(t, s)
		for _, op := range contractOps(t) {
			path := "/api/v1" + strings.ReplaceAll(op.path, "{id}", uuid.NewString())
			var body any
			if op.method == http.MethodPost || op.method == http.MethodPatch || op.method == http.MethodPut {
				body = "{}"
			}
			public := slices.Contains(op.roles, "public")
			r := s.do(op.method, path, body, "If-Match", `"1"`)
			if public && r.StatusCode == http.StatusUnauthorized && !strings.Contains(op.path, "/auth/") {
				t.Errorf("%s without a token: 401 on a public operation", op.id)
			}
			if !public && r.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s without a token: %d, want 401", op.id, r.StatusCode)
			}
			if public {
				continue
			}
			for role, token := range roleTokens {
				r := s.do(op.method, path, body, "Authorization", "Bearer "+token, "If-Match", `"1"`)
				allowed := slices.Contains(op.roles, role)
				switch {
				case allowed && (r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden):
					t.Errorf("%s as %s: %d, but the role is allowed", op.id, role, r.StatusCode)
				case !allowed && r.StatusCode != http.StatusForbidden:
					t.Errorf("%s as %s: %d, want 403", op.id, role, r.StatusCode)
				}
			}
		}
	})
}
