package api_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/apikeys"
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
	keys             bool // an API key may call it (its security names apiKeyAuth)
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
			security := spec.Security
			if op.Security != nil {
				security = *op.Security
			}
			keys := false
			for _, req := range security {
				_, ok := req["apiKeyAuth"]
				keys = keys || ok
			}
			ops = append(ops, contractOp{method: method, path: path, id: op.OperationID, roles: roles, keys: keys})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

func TestEveryOperationDeclaresKnownRoles(t *testing.T) {
	t.Parallel()
	known := append([]string{"public"}, apikeys.Roles()...)
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
		// Read-only keys read what auditors read, and nothing else.
		readOnly := slices.Contains(op.roles, apikeys.ReadOnly)
		if readOnly && op.method != http.MethodGet {
			t.Errorf("%s lets read-only keys write (%s)", op.id, op.method)
		}
		if readOnly != (op.method == http.MethodGet && slices.Contains(op.roles, string(users.Auditor)) && !strings.HasPrefix(op.path, "/me")) {
			t.Errorf("%s: read_only must be listed exactly where auditors read outside /me", op.id)
		}
		if slices.Contains(op.roles, apikeys.AlertIngest) && (op.method != http.MethodPost || op.path != "/alerts") {
			t.Errorf("%s lets alert-ingest keys do more than send alerts", op.id)
		}
	}
}

// signInAsEachRole creates a user of each role and returns their access tokens.
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

// keyForEachRole has the admin make a key of every role: one acting for each
// account of roleTokens (a user role), and an alert-ingest and a read-only key
// acting for the admin. It returns their tokens by role.
func keyForEachRole(t *testing.T, s *server, roleTokens map[string]string) map[string]string {
	t.Helper()
	admin := "Bearer " + roleTokens[string(users.Admin)]
	keys := map[string]string{}
	expires := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	for _, role := range apikeys.Roles() {
		body := map[string]any{"name": "every role: " + role, "role": role, "expires_at": expires}
		if token, ok := roleTokens[role]; ok && role != string(users.Admin) {
			var me struct {
				ID string `json:"id"`
			}
			s.do(http.MethodGet, "/api/v1/me", nil, "Authorization", "Bearer "+token).json(&me)
			body["user_id"] = me.ID
		}
		r := s.do(http.MethodPost, "/api/v1/api-keys", body, "Authorization", admin)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("make a %s key: %d %s", role, r.StatusCode, r.body)
		}
		var made struct {
			Token string `json:"token"`
		}
		r.json(&made)
		keys[role] = made.Token
	}
	return keys
}

// TestEveryOperationTimesEveryRole proves the x-roles of every operation are
// enforced: no token is a 401 (unless public), a role not listed a 403, a listed
// role neither.
func TestEveryOperationTimesEveryRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{}) // five calls an operation: more than an address's burst
		roleTokens := signInAsEachRole(t, s)
		keyTokens := keyForEachRole(t, s, roleTokens)
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
			for role, token := range keyTokens {
				r := s.do(op.method, path, body, "Authorization", "Bearer "+token, "If-Match", `"1"`)
				allowed := op.keys && slices.Contains(op.roles, role)
				switch {
				case allowed && (r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden):
					t.Errorf("%s with a %s key: %d, but the role is allowed", op.id, role, r.StatusCode)
				case !allowed && r.StatusCode != http.StatusForbidden:
					t.Errorf("%s with a %s key: %d, want 403", op.id, role, r.StatusCode)
				}
			}
		}
	})
}
