package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type caseLink struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Relation   string `json:"relation"`
	FromCaseID string `json:"from_case_id"`
	ToCaseID   string `json:"to_case_id"`
	Case       struct {
		ID        string `json:"id"`
		Reference string `json:"reference"`
		Title     string `json:"title"`
		Status    string `json:"status"`
	} `json:"case"`
}

func (s *server) links(token, caseID string) []caseLink {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases/"+caseID+"/links", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("list links: %d %s", r.StatusCode, r.body)
	}
	var l list[caseLink]
	r.json(&l)
	if l.NextCursor != nil {
		s.t.Fatalf("links next_cursor %q", *l.NextCursor)
	}
	return l.Items
}

func (s *server) link(token, from, to, kind string) response {
	s.t.Helper()
	return s.do(http.MethodPost, "/api/v1/cases/"+from+"/links", map[string]string{"case_id": to, "kind": kind}, bearer(token)...)
}

// A link is worded from each side, and a duplicate marked through the API is
// closed pointing at its original, with both changes in the audit trail.
func TestLinksShowOnBothCasesWithTheirWording(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		a, b := s.createCase(admin, caseBody("Phish wave at payroll", nil)), s.createCase(admin, caseBody("Mailbox rule abuse", nil))
		r := s.link(admin, a.ID, b.ID, "caused_by")
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("link: %d %s", r.StatusCode, r.body)
		}
		var made caseLink
		r.json(&made)
		if made.Relation != "caused_by" || made.Case.Reference != b.Reference || made.Case.Title != b.Title {
			t.Fatalf("created link %+v", made)
		}
		if got := s.links(admin, b.ID); len(got) != 1 || got[0].Relation != "caused" || got[0].Case.ID != a.ID || got[0].Case.Status != "reported" {
			t.Fatalf("from the cause: %+v", got)
		}

		dup := s.createCase(admin, caseBody("Phish wave at payroll (again)", nil))
		r = s.do(http.MethodPost, "/api/v1/cases/"+dup.ID+"/duplicate-of", map[string]string{"original_id": a.ID, "note": "reported twice"}, bearer(admin)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("mark duplicate: %d %s", r.StatusCode, r.body)
		}
		var c apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+dup.ID, nil, bearer(admin)...).json(&c)
		if c.Status != "closed" {
			t.Fatalf("the duplicate is %s, want closed", c.Status)
		}
		// Closing as a duplicate is a closing like any other for the case's phases and the figures.
		var phases struct {
			ClosedAt *string `json:"closed_at"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+dup.ID+"/phases", nil, bearer(admin)...).json(&phases)
		if phases.ClosedAt == nil {
			t.Fatal("the duplicate's phases have no closing time")
		}
		if got := s.links(admin, dup.ID); len(got) != 1 || got[0].Relation != "duplicate_of" || got[0].Case.Reference != a.Reference {
			t.Fatalf("from the duplicate: %+v", got)
		}
		fromOriginal := s.links(admin, a.ID)
		if len(fromOriginal) != 2 || fromOriginal[1].Relation != "has_duplicate" || fromOriginal[1].Case.Status != "closed" {
			t.Fatalf("from the original: %+v", fromOriginal)
		}
		closing := s.auditEvents(admin, "case.transition")
		var marked caseLink
		r.json(&marked)
		if len(closing) == 0 || closing[0].Changes["duplicate_link_id"][1] != marked.ID || closing[0].Changes["status"][1] != "closed" {
			t.Fatalf("closing event %+v", closing)
		}
		created := s.auditEvents(admin, "link.create")
		if len(created) != 2 || *created[0].EntityID != marked.ID || created[0].Changes["from_case_id"][1] != dup.ID ||
			created[0].Changes["to_case_id"][1] != a.ID || created[0].Changes["kind"][1] != "duplicate_of" {
			t.Fatalf("link.create events %+v", created)
		}
		var tl struct {
			Items []struct{ Action, Summary string }
		}
		s.do(http.MethodGet, "/api/v1/cases/"+dup.ID+"/timeline", nil, bearer(admin)...).json(&tl)
		told := []string{}
		for _, e := range tl.Items {
			told = append(told, e.Summary)
		}
		if !strings.Contains(strings.Join(told, "|"), "closed the case as a duplicate: reported twice") ||
			strings.Contains(strings.Join(told, "|"), "linked") {
			t.Fatalf("timeline %q", told)
		}

		// Removing the link is audited and does not reopen the duplicate.
		if r := s.do(http.MethodDelete, "/api/v1/links/"+fromOriginal[1].ID, nil, bearer(admin)...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, "/api/v1/cases/"+dup.ID, nil, bearer(admin)...).json(&c)
		if c.Status != "closed" || len(s.links(admin, dup.ID)) != 0 || len(s.auditEvents(admin, "link.delete")) != 1 {
			t.Fatalf("after removing the link: %s", c.Status)
		}
	})
}

// Bad links are refused with problem+json: itself a 422 naming the field, a
// second link between the same cases or a loop of duplicates a 409 with a
// sentence; a duplicate held open by a suspension a 409 listing it, and
// nothing changes.
func TestBadLinksAreRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s, admin := f.s, f.admin
		a, b := s.createCase(admin, caseBody("Scanner on the intranet", nil)), s.createCase(admin, caseBody("Port sweep", nil))
		p := s.link(admin, a.ID, a.ID, "related").problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "case_id" {
			t.Fatalf("self link: %+v", p)
		}
		if r := s.link(admin, a.ID, b.ID, "duplicate_of"); r.StatusCode != http.StatusCreated {
			t.Fatalf("link: %d %s", r.StatusCode, r.body)
		}
		p = s.link(admin, b.ID, a.ID, "duplicate_of").problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "already linked") {
			t.Fatalf("reverse duplicate: %q", p.Detail)
		}
		c := s.createCase(admin, caseBody("Third sighting", nil))
		if r := s.link(admin, b.ID, c.ID, "duplicate_of"); r.StatusCode != http.StatusCreated {
			t.Fatalf("link: %d %s", r.StatusCode, r.body)
		}
		p = s.link(admin, c.ID, a.ID, "duplicate_of").problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "loop") || strings.Contains(p.Detail, "duplicate_of") {
			t.Fatalf("loop: %q", p.Detail)
		}
		p = s.link(admin, c.ID, a.ID, "sideways").problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) == 0 || p.Errors[0].Field != "kind" {
			t.Fatalf("unknown kind: %+v", p)
		}

		if r := f.suspend(nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
		}
		var refused caseProblem
		r := s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/duplicate-of", map[string]string{"original_id": a.ID}, bearer(admin)...)
		r.problem(t, http.StatusConflict)
		r.json(&refused)
		if len(refused.UnmetConditions) != 1 || !strings.Contains(refused.UnmetConditions[0], "suspended") {
			t.Fatalf("duplicate with a suspension: %+v", refused)
		}
		var k apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(admin)...).json(&k)
		if k.Status != "reported" || len(s.links(admin, f.kase.ID)) != 0 {
			t.Fatalf("a refused duplicate changed: %s", k.Status)
		}
	})
}

// Department heads and auditors read links but never make or remove them;
// a link to a restricted case is invisible to those who may not see it, not
// even counted, and they may not link to it.
func TestLinksFollowRolesAndNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		roles := map[string]string{"department_head": f.otherHead}
		for _, role := range []string{"auditor", "responder"} {
			email := role + ".links@example.org"
			s.createUser(f.admin, map[string]any{"email": email, "name": role, "role": role, "password": "a long enough password"})
			var tk tokens
			s.login(email, "a long enough password").json(&tk)
			roles[role] = tk.AccessToken
		}
		open := s.createCase(f.admin, caseBody("Open incident", nil))
		other := s.createCase(f.admin, caseBody("Other open incident", nil))
		if r := s.link(f.admin, open.ID, f.kase.ID, "related"); r.StatusCode != http.StatusCreated {
			t.Fatalf("link to restricted: %d %s", r.StatusCode, r.body)
		}
		var made caseLink
		s.link(f.admin, open.ID, other.ID, "related").json(&made)
		for _, role := range []string{"department_head", "auditor"} {
			if r := s.link(roles[role], open.ID, other.ID, "caused_by"); r.StatusCode != http.StatusForbidden {
				t.Fatalf("%s linking: %d", role, r.StatusCode)
			}
			if r := s.do(http.MethodDelete, "/api/v1/links/"+made.ID, nil, bearer(roles[role])...); r.StatusCode != http.StatusForbidden {
				t.Fatalf("%s removing: %d", role, r.StatusCode)
			}
		}
		if got := s.links(roles["auditor"], open.ID); len(got) != 2 {
			t.Fatalf("the auditor sees %d links, want 2", len(got))
		}
		// Rita owns the restricted case; Sam is a member; a responder outside
		// it sees only the link to the open case.
		if got := s.links(f.rita, open.ID); len(got) != 2 {
			t.Fatalf("Rita sees %d links", len(got))
		}
		outsider := roles["responder"]
		got := s.links(outsider, open.ID)
		if len(got) != 1 || got[0].Case.ID != other.ID {
			t.Fatalf("an outsider sees %+v", got)
		}
		r := s.do(http.MethodGet, "/api/v1/cases/"+open.ID+"/links", nil, bearer(outsider)...)
		if strings.Contains(string(r.body), f.kase.ID) || strings.Contains(string(r.body), f.kase.Reference) {
			t.Fatalf("the restricted case shows through: %s", r.body)
		}
		s.link(outsider, other.ID, f.kase.ID, "related").problem(t, http.StatusNotFound)
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/links", nil, bearer(outsider)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/duplicate-of", map[string]string{"original_id": f.kase.ID}, bearer(outsider)...).problem(t, http.StatusNotFound)
		// Exports: the outsider's export of the open case holds the visible
		// link only, in every format; the admin's holds both.
		for _, format := range []string{"json", "csv", "pdf"} {
			r := s.do(http.MethodGet, "/api/v1/cases/"+open.ID+"/export?format="+format, nil, bearer(outsider)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("export %s: %d %s", format, r.StatusCode, r.body)
			}
			if strings.Contains(string(r.body), f.kase.ID) || strings.Contains(string(r.body), f.kase.Reference) {
				t.Fatalf("the outsider's %s export shows the restricted case", format)
			}
		}
		var bundle struct {
			Content export.Content `json:"content"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+open.ID+"/export?format=json", nil, bearer(outsider)...).json(&bundle)
		if l := bundle.Content.Links; len(l) != 1 || l[0].OtherReference != other.Reference || l[0].Relation != "related" {
			t.Fatalf("the outsider's exported links: %+v", l)
		}
		s.do(http.MethodGet, "/api/v1/cases/"+open.ID+"/export?format=json", nil, bearer(f.admin)...).json(&bundle)
		if len(bundle.Content.Links) != 2 {
			t.Fatalf("the admin's export holds %d links, want 2", len(bundle.Content.Links))
		}
		hidden := s.links(f.admin, f.kase.ID)[0]
		s.do(http.MethodDelete, "/api/v1/links/"+hidden.ID, nil, bearer(outsider)...).problem(t, http.StatusNotFound)
		if len(s.links(f.admin, open.ID)) != 2 {
			t.Fatal("a refused change was stored")
		}
	})
}
