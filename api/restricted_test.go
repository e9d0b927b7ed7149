package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// restrictedFixture is a restricted case owned by the responder Rita, with the
// responder Sam and a Finance department head as members, in the Clinical
// department (so that the head does not see it by department).
type restrictedFixture struct {
	s                      *server
	admin, rita, sam, head string
	ritaID, samID, headID  string
	otherHead              string
	kase                   apiCase
}

func newRestrictedFixture(t *testing.T, db *store.DB) restrictedFixture {
	s := newServer(t, db)
	f := restrictedFixture{s: s, admin: s.signIn().AccessToken}
	clinical, finance := s.createDepartment(f.admin, "Clinical Systems"), s.createDepartment(f.admin, "Finance")
	pw := "a long enough password"
	user := func(email, role string, dept *department) (string, string) {
		body := map[string]any{"email": email, "name": email, "role": role, "password": pw}
		if dept != nil {
			body["department_id"] = dept.ID
		}
		u := s.createUser(f.admin, body)
		var tk tokens
		s.login(email, pw).json(&tk)
		return tk.AccessToken, u.User.ID
	}
	f.rita, f.ritaID = user("rita@example.org", "responder", nil)
	f.sam, f.samID = user("sam@example.org", "responder", nil)
	f.head, f.headID = user("head.finance@example.org", "department_head", &finance)
	f.otherHead, _ = user("other.head@example.org", "department_head", &finance)
	f.kase = s.createCase(f.admin, caseBody("Need to know", map[string]any{"restricted": true, "owner_id": f.ritaID,
		"department_id": clinical.ID, "member_ids": []string{f.samID, f.headID}}))
	return f
}

// caseAsAdmin reads the case back as the admin.
func (f restrictedFixture) caseAsAdmin(t *testing.T) apiCase {
	t.Helper()
	var c apiCase
	f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(f.admin)...).json(&c)
	return c
}

// On a restricted case only its owner or an admin may change who sees it:
// owner_id, member_ids and restricted. A member who tries gets a 403 that
// names the fields, and nothing changes; a member may still edit the rest.
// On an open case anyone who may edit it may hand it on, but only the owner
// or an admin may restrict it.
func TestOnlyOwnerOrAdminChangesWhoSeesARestrictedCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		updates := len(caseEvents(t, s, f.admin, f.kase.ID, "case.update"))
		for _, c := range []struct {
			name  string
			patch map[string]any
			named []string
		}{
			{"take ownership", map[string]any{"owner_id": f.samID}, []string{"owner_id"}},
			{"remove everyone", map[string]any{"member_ids": []string{}}, []string{"member_ids"}},
			{"lift the restriction", map[string]any{"restricted": false}, []string{"restricted"}},
			{"all three, with a title", map[string]any{"owner_id": f.samID, "member_ids": []string{f.samID}, "restricted": false, "title": "Mine now"},
				[]string{"owner_id", "member_ids", "restricted"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				p := s.patchCase(f.sam, f.kase, c.patch).problem(t, http.StatusForbidden)
				for _, field := range c.named {
					if !strings.Contains(p.Detail, field) {
						t.Fatalf("the refusal does not name %s: %q", field, p.Detail)
					}
				}
			})
		}
		now := f.caseAsAdmin(t)
		slices.Sort(now.MemberIDs)
		want := []string{f.samID, f.headID}
		slices.Sort(want)
		if now.OwnerID != f.ritaID || !now.Restricted || !slices.Equal(now.MemberIDs, want) || now.Version != f.kase.Version || now.Title != f.kase.Title {
			t.Fatalf("a refused change changed the case: %+v", now)
		}
		if n := len(caseEvents(t, s, f.admin, f.kase.ID, "case.update")); n != updates {
			t.Fatalf("%d case.update events, want %d", n, updates)
		}

		// Sending the same members is no change; the rest of the case is open to members.
		r := s.patchCase(f.sam, f.kase, map[string]any{"member_ids": []string{f.headID, f.samID}, "severity": "critical"})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("a member's edit: %d %s", r.StatusCode, r.body)
		}
		r.json(&f.kase)
		// The owner may share the case with fewer people, an admin may lift the restriction.
		if r := s.patchCase(f.rita, f.kase, map[string]any{"member_ids": []string{f.headID}}); r.StatusCode != http.StatusOK {
			t.Fatalf("the owner's change of members: %d %s", r.StatusCode, r.body)
		} else {
			r.json(&f.kase)
		}
		if r := s.patchCase(f.admin, f.kase, map[string]any{"restricted": false}); r.StatusCode != http.StatusOK {
			t.Fatalf("the admin lifting the restriction: %d %s", r.StatusCode, r.body)
		} else {
			r.json(&f.kase)
		}
		// On a case that is not restricted, restricting it is still the owner's
		// or an admin's: it would hide the case from them and the department.
		p := s.patchCase(f.sam, f.kase, map[string]any{"restricted": true, "owner_id": f.samID, "member_ids": []string{}}).problem(t, http.StatusForbidden)
		if !strings.Contains(p.Detail, "restricted") || strings.Contains(p.Detail, "owner_id") {
			t.Fatalf("the refusal should name restricted only: %q", p.Detail)
		}
		if now := f.caseAsAdmin(t); now.Restricted || now.OwnerID != f.ritaID || now.Version != f.kase.Version {
			t.Fatalf("a refused restriction changed the case: %+v", now)
		}
		// Handing it on stays open to responders.
		if r := s.patchCase(f.sam, f.kase, map[string]any{"owner_id": f.samID}); r.StatusCode != http.StatusOK {
			t.Fatalf("handing on an open case: %d %s", r.StatusCode, r.body)
		}
	})
}

// A restricted case is visible to its listed members whatever their role: a
// department head who is a member sees it (list, read, notes, timeline,
// suspensions, evidence) though it is not of their department; another head
// of the same department still gets a 404.
func TestDepartmentHeadWhoIsAMemberSeesTheRestrictedCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/notes", map[string]string{"kind": "update", "body": "Contained"}, bearer(f.admin)...)
		listed := func(token string) bool {
			var l list[apiCase]
			s.do(http.MethodGet, "/api/v1/cases?limit=200", nil, bearer(token)...).json(&l)
			return slices.ContainsFunc(l.Items, func(c apiCase) bool { return c.ID == f.kase.ID })
		}
		if !listed(f.head) {
			t.Fatal("the member head does not find the case in the list")
		}
		for _, path := range []string{"", "/notes", "/timeline", "/suspensions", "/evidence"} {
			if r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+path, nil, bearer(f.head)...); r.StatusCode != http.StatusOK {
				t.Fatalf("member head, GET %s: %d %s", path, r.StatusCode, r.body)
			}
			s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+path, nil, bearer(f.otherHead)...).problem(t, http.StatusNotFound)
		}
		if r := s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/notes", map[string]string{"kind": "update", "body": "Finance informed"}, bearer(f.head)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("member head's update note: %d %s", r.StatusCode, r.body)
		}
		if listed(f.otherHead) {
			t.Fatal("a head who is not a member lists the restricted case")
		}
		// Taken off the list, the head no longer sees it.
		if r := s.patchCase(f.rita, f.kase, map[string]any{"member_ids": []string{f.samID}}); r.StatusCode != http.StatusOK {
			t.Fatalf("remove the head: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(f.head)...).problem(t, http.StatusNotFound)
		if listed(f.head) {
			t.Fatal("a removed member still lists the case")
		}
	})
}
