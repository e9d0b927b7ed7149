package api_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

var uuidText = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

type toldItem struct {
	Seq       int64            `json:"seq"`
	Action    string           `json:"action"`
	ActorID   *string          `json:"actor_id"`
	ActorName string           `json:"actor_name"`
	Summary   string           `json:"summary"`
	Changes   map[string][]any `json:"changes"`
}

// The case timeline tells each event as a sentence that names people and
// things, and keeps the audit record beside it.
func TestTimelineTellsEventsInSentences(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s, admin := f.s, f.admin
		r := f.suspend(nil)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
		}
		var sp suspension
		r.json(&sp)
		due := time.Now().UTC().Add(9 * 24 * time.Hour).Truncate(time.Hour)
		s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "Penetration test passed",
			"due_at": due.Format(time.RFC3339)}, bearer(admin)...)
		s.upload(admin, f.kase.ID, map[string]string{"title": "Disk image of FS01", "kind": "disk_image"}, "fs01.img", []byte("image"))
		var fresh apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(admin)...).json(&fresh)
		s.patchCase(admin, fresh, map[string]any{"severity": "critical"})
		s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/notes", map[string]string{"kind": "decision", "body": "Keep it offline"}, bearer(admin)...)

		var tl list[toldItem]
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline", nil, bearer(admin)...).json(&tl)
		var said []string
		for _, it := range tl.Items {
			if it.ActorName != "Ada Admin" {
				t.Errorf("%s: actor_name %q, want Ada Admin", it.Action, it.ActorName)
			}
			if uuidText.MatchString(it.Summary) || strings.Contains(it.Summary, it.Action) {
				t.Errorf("%s: summary %q shows an id or the raw action", it.Action, it.Summary)
			}
			if it.ActorID == nil || it.Action == "" || it.Changes == nil {
				t.Errorf("%s: the audit record is gone: %+v", it.Action, it)
			}
			said = append(said, it.Summary)
		}
		for _, want := range []string{
			"recorded a decision note",
			"changed severity from High to Critical",
			"added evidence ‘Disk image of FS01’ (Disk image) with the file ‘fs01.img’",
			"added milestone ‘Penetration test passed’ to the plan for Revalidation Toolkit, due " + due.Format("2 Jan 2006"),
			"suspended Revalidation Toolkit: Suspicious logins (decided by Chief Information Security Officer)",
			"opened the case ‘Suspected compromise of the toolkit’ (High severity, Unauthorised access)",
		} {
			if !slices.Contains(said, want) {
				t.Errorf("the timeline does not say %q; it says:\n%s", want, strings.Join(said, "\n"))
			}
		}
	})
}

type searchedEvent struct {
	Seq           int64   `json:"seq"`
	Action        string  `json:"action"`
	EntityType    string  `json:"entity_type"`
	EntityName    *string `json:"entity_name"`
	CaseID        *string `json:"case_id"`
	CaseReference *string `json:"case_reference"`
	ActorEmail    *string `json:"actor_email"`
}

func (s *server) searchAudit(token, q string, extra string) list[searchedEvent] {
	s.t.Helper()
	var l list[searchedEvent]
	r := s.do(http.MethodGet, "/api/v1/audit?q="+url.QueryEscape(q)+extra, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("search %q: %d %s", q, r.StatusCode, r.body)
	}
	r.json(&l)
	return l
}

func actions(l list[searchedEvent]) []string {
	var out []string
	for _, e := range l.Items {
		out = append(out, e.Action)
	}
	return out
}

// The audit page names each event's entity and case, and its search finds
// events by action, actor, entity name and case reference, whatever the
// case of the text, in Polish and Greek too.
func TestAuditSearchFindsByNameReferenceActionAndActor(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Οικονομικά")
		var svc service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Łódź Payroll", "department_id": dept.ID}, bearer(admin)...).json(&svc)
		s.createUser(admin, map[string]any{"email": "lukasz@example.org", "name": "Łukasz Żółkiewski", "role": "responder", "password": adminPassword})
		kase := s.createCase(admin, caseBody("Payroll breach", nil))
		f := restorationFixture{s: s, admin: admin, dept: dept, service: svc, kase: kase}
		f.suspendService(svc.ID, nil)
		s.upload(admin, kase.ID, map[string]string{"title": "Ημερολόγιο διακομιστή", "kind": "log"}, "server.log", []byte("log"))
		s.login("Mallory@Example.org", "guessing at passwords").problem(t, http.StatusUnauthorized)
		s.signInAs(t, "lukasz@example.org", adminPassword)

		// A service's name, in another case than it was written.
		l := s.searchAudit(admin, "ŁÓDŹ", "")
		if got := actions(l); !slices.Equal(got, []string{"suspension.create", "service.create"}) {
			t.Fatalf("q=ŁÓDŹ found %v", got)
		}
		for _, e := range l.Items {
			if e.EntityName == nil || *e.EntityName != "Łódź Payroll" {
				t.Errorf("%s: entity_name %v, want the service's name", e.Action, e.EntityName)
			}
		}
		if e := l.Items[0]; e.CaseReference == nil || *e.CaseReference != kase.Reference {
			t.Errorf("suspension.create: case_reference %v, want %s", e.CaseReference, kase.Reference)
		}
		// A person, by name, as the actor and as the account acted on.
		if got := actions(s.searchAudit(admin, "żółkiewski", "")); !slices.Equal(got, []string{"auth.login", "user.create"}) {
			t.Fatalf("q=żółkiewski found %v", got)
		}
		// A Greek evidence title and department, whatever their case.
		if got := actions(s.searchAudit(admin, "ΗΜΕΡΟΛΌΓΙΟ", "")); !slices.Equal(got, []string{"evidence.create"}) {
			t.Fatalf("q=ΗΜΕΡΟΛΌΓΙΟ found %v", got)
		}
		if l := s.searchAudit(admin, "οικονομικά", ""); len(l.Items) != 1 || *l.Items[0].EntityName != "Οικονομικά" {
			t.Fatalf("q=οικονομικά found %+v", l.Items)
		}
		// A case reference finds every event of the case.
		l = s.searchAudit(admin, strings.ToLower(kase.Reference), "")
		if got := actions(l); !slices.Equal(got, []string{"evidence.create", "suspension.create", "case.create"}) {
			t.Fatalf("q=%s found %v", kase.Reference, got)
		}
		if e := l.Items[2]; e.EntityName == nil || *e.EntityName != kase.Reference {
			t.Errorf("case.create: entity_name %v, want the reference", e.EntityName)
		}
		// An action, and the email a failed sign-in tried.
		if got := actions(s.searchAudit(admin, "LOGIN_FAILED", "")); !slices.Equal(got, []string{"auth.login_failed"}) {
			t.Fatalf("q=LOGIN_FAILED found %v", got)
		}
		if got := actions(s.searchAudit(admin, "mallory", "")); !slices.Equal(got, []string{"auth.login_failed"}) {
			t.Fatalf("q=mallory found %v", got)
		}
		// Combined with the other filters, and paged without gaps or repeats.
		if got := actions(s.searchAudit(admin, "łódź", "&action=service.create")); !slices.Equal(got, []string{"service.create"}) {
			t.Fatalf("q with action found %v", got)
		}
		all := s.searchAudit(admin, "admin", "")
		var paged []int64
		cursor := ""
		for range 20 {
			l := s.searchAudit(admin, "admin", "&limit=2"+cursor)
			for _, e := range l.Items {
				paged = append(paged, e.Seq)
			}
			if l.NextCursor == nil {
				break
			}
			cursor = "&cursor=" + *l.NextCursor
		}
		var want []int64
		for _, e := range all.Items {
			want = append(want, e.Seq)
		}
		if len(want) < 5 || !slices.Equal(paged, want) {
			t.Fatalf("paged %v, want %v", paged, want)
		}
		// Nothing matches: an empty page.
		if l := s.searchAudit(admin, "zzz-nothing-holds-this", ""); len(l.Items) != 0 || l.NextCursor != nil {
			t.Fatalf("q matching nothing: %+v", l)
		}
	})
}

func TestAuditSearchRefusesBadText(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for _, q := range []string{strings.Repeat("a", 101), "a\x00b", "line\nbreak"} {
			p := s.do(http.MethodGet, "/api/v1/audit?q="+url.QueryEscape(q), nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || p.Errors[0].Field != "q" {
				t.Errorf("q=%q: errors %+v, want one on q", q, p.Errors)
			}
		}
	})
}
