package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type personList struct {
	Items []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"items"`
}

func (p personList) names() map[string]string {
	out := map[string]string{}
	for _, it := range p.Items {
		out[it.ID] = it.Name
	}
	return out
}

// A department head and an auditor read the people a case names by name (owner,
// members, milestone owners, timeline actors), never by email, and nothing about
// a case they may not see; nobody the case does not name is listed.
func TestCasePeopleNamesEveryoneTheCaseNamesToWhoeverMaySeeIt(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		pw := "a long enough password"
		user := func(email, name, role string, extra map[string]any) (string, string) {
			body := map[string]any{"email": email, "name": name, "role": role, "password": pw}
			for k, v := range extra {
				body[k] = v
			}
			u := s.createUser(f.admin, body)
			return u.User.ID, s.signInAs(t, email, pw).AccessToken
		}
		ownerID, owner := user("ada@example.org", "Ada Lovelace", "responder", nil)
		memberID, _ := user("lukasz@example.org", "Łukasz Żółć", "responder", nil)
		milestoneOwnerID, _ := user("maryam@example.org", "مريم الأحمد", "responder", nil)
		strangerID, stranger := user("stranger@example.org", "Not On The Case", "responder", nil)
		_, head := user("head@example.org", "Grace Head", "department_head", map[string]any{"department_id": f.dept.ID})
		_, auditor := user("audit@example.org", "Audra Auditor", "auditor", nil)

		// The fixture's case suspends the head's service: the head may see it.
		patched := s.patchCase(f.admin, f.kase, map[string]any{"owner_id": ownerID, "member_ids": []string{memberID}})
		if patched.StatusCode != http.StatusOK {
			t.Fatalf("patch case: %d %s", patched.StatusCode, patched.body)
		}
		var sp suspension
		f.suspend(nil).json(&sp)
		if r := s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "Forensic review", "owner_id": milestoneOwnerID}, bearer(owner)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("milestone: %d %s", r.StatusCode, r.body)
		}

		var me apiUserDoc
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(f.admin)...).json(&me)
		want := map[string]string{ownerID: "Ada Lovelace", memberID: "Łukasz Żółć", milestoneOwnerID: "مريم الأحمد"}
		for _, tc := range []struct {
			role, token string
		}{{"department head", head}, {"auditor", auditor}, {"owner", owner}} {
			r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/people", nil, bearer(tc.token)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.role, r.StatusCode, r.body)
			}
			if strings.Contains(string(r.body), "@") {
				t.Fatalf("%s reads an email: %s", tc.role, r.body)
			}
			var people personList
			r.json(&people)
			got := people.names()
			for id, name := range want {
				if got[id] != name {
					t.Fatalf("%s: %s named %q, want %q (%s)", tc.role, id, got[id], name, r.body)
				}
			}
			// The admin created the case and acted on it: a timeline actor, by name.
			if got[me.ID] == "" {
				t.Fatalf("%s: the admin on the timeline is not named: %s", tc.role, r.body)
			}
			if _, listed := got[strangerID]; listed {
				t.Fatalf("%s: someone the case does not name is listed: %s", tc.role, r.body)
			}
		}

		// A case of another department: the head learns nothing about it.
		other := s.createCase(f.admin, caseBody("Payroll fraud attempt", map[string]any{"owner_id": ownerID}))
		s.do(http.MethodGet, "/api/v1/cases/"+other.ID+"/people", nil, bearer(head)...).problem(t, http.StatusNotFound)
		// A restricted case: a responder who is neither owner nor member learns nothing,
		// the auditor reads it.
		secret := s.createCase(f.admin, caseBody("Insider investigation", map[string]any{"owner_id": ownerID, "restricted": true}))
		s.do(http.MethodGet, "/api/v1/cases/"+secret.ID+"/people", nil, bearer(stranger)...).problem(t, http.StatusNotFound)
		var people personList
		s.do(http.MethodGet, "/api/v1/cases/"+secret.ID+"/people", nil, bearer(auditor)...).json(&people)
		if people.names()[ownerID] != "Ada Lovelace" {
			t.Fatalf("auditor on a restricted case: %+v", people)
		}
		s.do(http.MethodGet, "/api/v1/cases/00000000-0000-7000-8000-000000000000/people", nil, bearer(auditor)...).problem(t, http.StatusNotFound)
	})
}
