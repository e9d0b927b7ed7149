package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/sso/ssotest"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

func person(username string, groups ...string) ssotest.User {
	return ssotest.User{Subject: "sub-" + username, Username: username, Password: username + "-pw", Email: username + "@example.org",
		EmailVerified: true, Name: username, Groups: groups}
}

// Someone in several mapped groups gets the first role of admin, responder,
// department_head, auditor; a department head needs a department from their
// groups (by the department's name or id); a mapping naming a department
// that does not exist refuses the
// sign-in. (An email the provider says is unverified: sso_forged_test.go.)
func TestSingleSignOnMapsRolesByPrecedenceAndDepartmentsStrictly(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, person("both", "cw-audit", "cw-admins"), person("head", "cw-heads", "soc"),
			person("headless", "cw-heads"), person("ghost", "cw-responders", "ghosts"), person("byid", "cw-responders", "soc-by-id"))
		soc := enableSSO(t, s, issuer)

		if tk := newBrowser(t, s).signedIn("both", "both-pw"); tk.User.Role != "admin" {
			t.Errorf("auditor and admin groups: %s, want admin", tk.User.Role)
		}
		tk := newBrowser(t, s).signedIn("head", "head-pw")
		var me struct {
			Role         string  `json:"role"`
			DepartmentID *string `json:"department_id"`
		}
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(tk.AccessToken)...).json(&me)
		if me.Role != "department_head" || me.DepartmentID == nil || *me.DepartmentID != soc.ID.String() {
			t.Errorf("department head: %+v", me)
		}
		tk = newBrowser(t, s).signedIn("byid", "byid-pw")
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(tk.AccessToken)...).json(&me)
		if me.DepartmentID == nil || *me.DepartmentID != soc.ID.String() {
			t.Errorf("department mapped by its id: %+v", me)
		}
		refusedFor(t, s, newBrowser(t, s).signIn("headless", "headless-pw"), "department", "no_department")
		refusedFor(t, s, newBrowser(t, s).signIn("ghost", "ghost-pw"), "department", "unknown_department:Nowhere")
	})
}

// The provider's groups do not demote Caseward's last enabled administrator:
// that sign-in is refused, and the account stays an admin.
func TestSingleSignOnDoesNotDemoteTheLastAdministrator(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		idp, issuer := startIDP(t, s, person("root", "cw-admins"))
		enableSSO(t, s, issuer)
		root := newBrowser(t, s).signedIn("root", "root-pw")
		// Ada, the local admin, is disabled by root: root is the last admin left.
		var ada struct{ Version int }
		s.do(http.MethodGet, "/api/v1/users/"+s.admin.ID.String(), nil, bearer(root.AccessToken)...).json(&ada)
		r := s.do(http.MethodPatch, "/api/v1/users/"+s.admin.ID.String(), map[string]any{"disabled": true},
			append(bearer(root.AccessToken), "If-Match", fmt.Sprintf(`"%d"`, ada.Version))...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("disable Ada: %d %s", r.StatusCode, r.body)
		}
		idp.SetGroups("root", "cw-responders")
		refusedFor(t, s, newBrowser(t, s).signIn("root", "root-pw"), "last_admin", "last_admin")
		var me struct{ Role string }
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(root.AccessToken)...).json(&me)
		if me.Role != "admin" {
			t.Errorf("role after the refused sign-in: %s", me.Role)
		}
	})
}

// An account disabled between the callback and the exchange of its code is
// not signed in.
func TestSingleSignOnExchangeRefusesAnAccountDisabledMeanwhile(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		_, issuer := startIDP(t, s, ann)
		enableSSO(t, s, issuer)
		admin := s.signIn().AccessToken
		tk := newBrowser(t, s).signedIn("ann", "ann-pw")
		b := newBrowser(t, s)
		code := handoffCode(t, b.signIn("ann", "ann-pw"))
		r := s.do(http.MethodPatch, "/api/v1/users/"+tk.User.ID, map[string]any{"disabled": true},
			append(bearer(admin), "If-Match", fmt.Sprintf(`"%d"`, tk.User.Version))...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("disable: %d %s", r.StatusCode, r.body)
		}
		b.exchange(code).problem(t, http.StatusUnauthorized)
		if ch, _ := lastAudit(t, s, "auth.login_failed"); ch["reason"][1] != "account_disabled" {
			t.Errorf("audited %v", ch)
		}
	})
}

// The break-glass email signs in with a password only while its account is
// an administrator.
func TestBreakGlassAccountMustBeAnAdministrator(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db, func(o *auth.Options) { o.PasswordsOff, o.BreakGlassEmail = true, "rita@example.org" })
		ctx := identity.With(context.Background(), identity.Principal{UserID: s.admin.ID, Role: "admin", Email: adminEmail})
		rita := users.NewUser{Email: "rita@example.org", Name: "Rita Responder", Role: users.Responder, Password: adminPassword}
		if _, _, err := s.deps.Users.Create(ctx, rita); err != nil {
			t.Fatal(err)
		}
		s.login("rita@example.org", adminPassword).problem(t, http.StatusForbidden)
		s.login(adminEmail, adminPassword).problem(t, http.StatusForbidden)
	})
}
