package api_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type suspensionUpdate struct {
	ID                    string  `json:"id"`
	SuspensionID          string  `json:"suspension_id"`
	Audience              string  `json:"audience"`
	Body                  string  `json:"body"`
	CorrectsID            *string `json:"corrects_id"`
	ExpectedRestorationAt *string `json:"expected_restoration_at"`
	ReplanID              *string `json:"replan_id"`
	AuthorID              string  `json:"author_id"`
	AuthorName            string  `json:"author_name"`
	At                    string  `json:"at"`
}

type updateList struct {
	Items      []suspensionUpdate `json:"items"`
	NextCursor *string            `json:"next_cursor"`
}

// updatesFixture is a restoration fixture with one active suspension.
type updatesFixture struct {
	restorationFixture
	db   *store.DB
	sp   plannedSuspension
	path string // the suspension's updates
}

func newUpdatesFixture(t *testing.T, db *store.DB) updatesFixture {
	f := updatesFixture{restorationFixture: newRestorationFixture(t, db), db: db}
	r := f.suspend(nil)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
	}
	r.json(&f.sp)
	f.path = "/api/v1/suspensions/" + f.sp.ID + "/updates"
	return f
}

func (f updatesFixture) post(token string, body map[string]any) response {
	return f.s.do(http.MethodPost, f.path, body, bearer(token)...)
}

// count answers a count(*) query, to prove a refusal wrote nothing.
func (f updatesFixture) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rows counts the rows an update may write: updates, re-plans, audit events,
// and the suspension's version.
func (f updatesFixture) rows(t *testing.T) string {
	return fmt.Sprint(f.count(t, "SELECT count(*) FROM suspension_updates"), f.count(t, "SELECT count(*) FROM replans"),
		f.count(t, "SELECT count(*) FROM audit_events"), f.count(t, "SELECT sum(version) FROM suspensions"))
}

// publish gives the fixture's service a public name, as the admin UI would.
func (f updatesFixture) publish(t *testing.T, name string) {
	t.Helper()
	var svc service
	f.s.do(http.MethodGet, "/api/v1/services/"+f.service.ID, nil, bearer(f.admin)...).json(&svc)
	if r := f.s.do(http.MethodPatch, "/api/v1/services/"+f.service.ID, map[string]any{"public_name": name}, ifMatch(f.admin, svc.Version)...); r.StatusCode != http.StatusOK {
		t.Fatalf("public name: %d %s", r.StatusCode, r.body)
	}
}

// What a responder posts reaches the public status page when it is public,
// and never when it is internal.
func TestPublicUpdatesPostedThroughTheAPIReachTheStatusPage(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		f.publish(t, "Revalidation")
		for _, u := range []map[string]any{
			{"body": "Revalidation is offline as a precaution.", "audience": "public"},
			{"body": "Supplier engineer on site tomorrow.", "audience": "internal"},
		} {
			if r := f.post(f.admin, u); r.StatusCode != http.StatusCreated {
				t.Fatalf("post: %d %s", r.StatusCode, r.body)
			}
		}
		page := f.s.statusPage()
		if len(page.Services) != 1 || page.Services[0].PublicName != "Revalidation" || page.Services[0].State != "suspended" {
			t.Fatalf("status page: %+v", page.Services)
		}
		got := page.Services[0].Updates
		if len(got) != 1 || got[0].Body != "Revalidation is offline as a precaution." {
			t.Fatalf("public updates on the status page: %+v", got)
		}
	})
}

func TestUpdatesArePostedListedAuditedAndShownOnTheDashboard(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		s := f.s

		var internal suspensionUpdate
		r := f.post(f.admin, map[string]any{"body": "Supplier patch arrives Tuesday.\nPen test booked for Thursday.", "audience": "internal"})
		r.json(&internal)
		if r.StatusCode != http.StatusCreated || internal.Audience != "internal" || internal.SuspensionID != f.sp.ID ||
			!strings.Contains(internal.Body, "\nPen test") || internal.AuthorName == "" || internal.CorrectsID != nil ||
			internal.ExpectedRestorationAt != nil || internal.ReplanID != nil {
			t.Fatalf("internal update: %d %s", r.StatusCode, r.body)
		}

		// Public needs the service on the status page: without a public name, a
		// 409 that says so, and nothing is written.
		before := f.rows(t)
		p := f.post(f.admin, map[string]any{"body": "Usługa wróci wkrótce", "audience": "public"}).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "public status page") {
			t.Fatalf("409 detail: %q", p.Detail)
		}
		if after := f.rows(t); after != before {
			t.Fatalf("a refused public update wrote: %s -> %s", before, after)
		}
		f.publish(t, "Revalidation")
		var public suspensionUpdate
		r = f.post(f.admin, map[string]any{"body": "Usługa wróci wkrótce — الخدمة ستعود قريبا", "audience": "public"})
		r.json(&public)
		if r.StatusCode != http.StatusCreated || public.Audience != "public" || public.Body != "Usługa wróci wkrótce — الخدمة ستعود قريبا" {
			t.Fatalf("public update: %d %s", r.StatusCode, r.body)
		}

		// Newest first, one page at a time.
		var list updateList
		s.do(http.MethodGet, f.path, nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 2 || list.Items[0].ID != public.ID || list.Items[1].ID != internal.ID || list.NextCursor != nil {
			t.Fatalf("list: %+v", list)
		}
		s.do(http.MethodGet, f.path+"?limit=1", nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 1 || list.Items[0].ID != public.ID || list.NextCursor == nil {
			t.Fatalf("first page: %+v", list)
		}
		s.do(http.MethodGet, f.path+"?limit=1&cursor="+*list.NextCursor, nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 1 || list.Items[0].ID != internal.ID || list.NextCursor != nil {
			t.Fatalf("second page: %+v", list)
		}
		s.do(http.MethodGet, f.path+"?cursor=@@", nil, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity)

		// Audited with the case, and on the case timeline.
		events := s.auditEvents(f.admin, "suspension.update_posted")
		if len(events) != 2 || events[0].EntityType != "suspension_update" {
			t.Fatalf("audit: %+v", events)
		}
		var tl struct {
			Items []struct {
				Kind    string           `json:"kind"`
				Action  string           `json:"action"`
				Changes map[string][]any `json:"changes"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline?limit=200", nil, bearer(f.admin)...).json(&tl)
		var shown []string
		for _, it := range tl.Items {
			if it.Action == "suspension.update_posted" {
				if it.Kind != "suspension" {
					t.Fatalf("timeline kind: %+v", it)
				}
				shown = append(shown, fmt.Sprint(it.Changes["audience"][1], ": ", it.Changes["body"][1]))
			}
		}
		if len(shown) != 2 || shown[0] != "public: "+public.Body || shown[1] != "internal: "+internal.Body {
			t.Fatalf("timeline: %q", shown)
		}

		// The dashboard shows the newest update on the card.
		var dash struct {
			Items []struct {
				Suspension   struct{ ID string } `json:"suspension"`
				LatestUpdate *suspensionUpdate   `json:"latest_update"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(f.admin)...).json(&dash)
		if len(dash.Items) != 1 || dash.Items[0].LatestUpdate == nil || dash.Items[0].LatestUpdate.ID != public.ID ||
			dash.Items[0].LatestUpdate.AuthorName != public.AuthorName {
			t.Fatalf("dashboard: %+v", dash)
		}
	})
}

func TestAnUpdateWithANewExpectedDateIsAReplan(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		s := f.s
		baseline := *f.sp.BaselineRestorationAt
		supPath := "/api/v1/suspensions/" + f.sp.ID

		// The reason defaults to the body.
		later := inDays(30)
		var u suspensionUpdate
		r := f.post(f.admin, map[string]any{"body": "The supplier's fix slipped a week.", "audience": "internal", "expected_restoration_at": later})
		r.json(&u)
		if r.StatusCode != http.StatusCreated || u.ExpectedRestorationAt == nil || *u.ExpectedRestorationAt != later || u.ReplanID == nil {
			t.Fatalf("update with a new date: %d %s", r.StatusCode, r.body)
		}
		var sp plannedSuspension
		s.do(http.MethodGet, supPath, nil, bearer(f.admin)...).json(&sp)
		if *sp.BaselineRestorationAt != baseline || *sp.ExpectedRestorationAt != later || sp.ReplanCount != 1 || sp.SlipSeconds < 18*24*3600 ||
			sp.Version != f.sp.Version+1 {
			t.Fatalf("suspension after the re-plan: %+v", sp)
		}
		var replans replanList
		s.do(http.MethodGet, supPath+"/replans", nil, bearer(f.admin)...).json(&replans)
		if len(replans.Items) != 1 || replans.Items[0].ID != *u.ReplanID || replans.Items[0].Reason != "The supplier's fix slipped a week." ||
			*replans.Items[0].From != baseline || *replans.Items[0].To != later {
			t.Fatalf("re-plans: %+v", replans)
		}
		ev := s.auditEvents(f.admin, "suspension.replan")
		if len(ev) != 1 || ev[0].Changes["update_id"][1] != u.ID || ev[0].Changes["replan_reason"][1] != "The supplier's fix slipped a week." {
			t.Fatalf("re-plan audit: %+v", ev)
		}

		// replan_reason overrides the body.
		latest := inDays(40)
		f.post(f.admin, map[string]any{"body": "New date agreed.", "audience": "internal", "expected_restoration_at": latest, "replan_reason": "Pen test found issues"}).json(&u)
		s.do(http.MethodGet, supPath+"/replans", nil, bearer(f.admin)...).json(&replans)
		if len(replans.Items) != 2 || replans.Items[1].Reason != "Pen test found issues" {
			t.Fatalf("re-plans: %+v", replans)
		}
		// The same date again is no move: no re-plan, nothing announced.
		f.post(f.admin, map[string]any{"body": "Still on for that date.", "audience": "internal", "expected_restoration_at": latest}).json(&u)
		if u.ReplanID != nil || u.ExpectedRestorationAt != nil {
			t.Fatalf("unchanged date: %+v", u)
		}

		// Refusals write nothing: a body too long to be the reason, a date
		// before the suspension began.
		before := f.rows(t)
		p := f.post(f.admin, map[string]any{"body": strings.Repeat("ż", 1001), "audience": "internal", "expected_restoration_at": inDays(50)}).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "replan_reason" {
			t.Fatalf("long body as reason: %+v", p)
		}
		p = f.post(f.admin, map[string]any{"body": "Back already?", "audience": "internal", "expected_restoration_at": ago(20 * 24 * time.Hour), "replan_reason": "r"}).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "expected_restoration_at" {
			t.Fatalf("date before the start: %+v", p)
		}
		if after := f.rows(t); after != before {
			t.Fatalf("refusals wrote: %s -> %s", before, after)
		}
	})
}

func TestTheFirstDateAnUpdateGivesIsTheBaseline(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := updatesFixture{restorationFixture: newRestorationFixture(t, db), db: db}
		f.suspend(map[string]any{"expected_restoration_at": nil}).json(&f.sp)
		f.path = "/api/v1/suspensions/" + f.sp.ID + "/updates"
		first := inDays(14)
		var u suspensionUpdate
		r := f.post(f.admin, map[string]any{"body": "We expect two weeks.", "audience": "internal", "expected_restoration_at": first})
		r.json(&u)
		if r.StatusCode != http.StatusCreated || u.ReplanID != nil || u.ExpectedRestorationAt == nil || *u.ExpectedRestorationAt != first {
			t.Fatalf("first date: %d %s", r.StatusCode, r.body)
		}
		var sp plannedSuspension
		f.s.do(http.MethodGet, "/api/v1/suspensions/"+f.sp.ID, nil, bearer(f.admin)...).json(&sp)
		if sp.BaselineRestorationAt == nil || *sp.BaselineRestorationAt != first || sp.ReplanCount != 0 {
			t.Fatalf("baseline: %+v", sp)
		}
		if ev := f.s.auditEvents(f.admin, "suspension.update"); len(ev) != 1 || ev[0].Changes["update_id"][1] != u.ID {
			t.Fatalf("audit of the first date: %+v", ev)
		}
	})
}

func TestUpdatesAreRefusedWithNothingWritten(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		s := f.s
		var first suspensionUpdate
		f.post(f.admin, map[string]any{"body": "Down until further notice", "audience": "internal"}).json(&first)

		// Another suspension, of another service in the same case, with an update.
		var svc service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": f.dept.ID}, bearer(f.admin)...).json(&svc)
		var other plannedSuspension
		s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/suspensions", map[string]any{"service_id": svc.ID, "reason": "r", "decided_by": "d"}, bearer(f.admin)...).json(&other)
		var foreign suspensionUpdate
		s.do(http.MethodPost, "/api/v1/suspensions/"+other.ID+"/updates", map[string]any{"body": "Payroll down", "audience": "internal"}, bearer(f.admin)...).json(&foreign)

		before := f.rows(t)
		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"blank body", map[string]any{"body": " \n ", "audience": "internal"}, 422, "body"},
			{"body too long", map[string]any{"body": strings.Repeat("ą", 5001), "audience": "internal"}, 422, "body"},
			{"unknown audience", map[string]any{"body": "x", "audience": "everyone"}, 422, "audience"},
			{"corrects another suspension's update", map[string]any{"body": "x", "audience": "internal", "corrects_id": foreign.ID}, 422, "corrects_id"},
			{"corrects no update", map[string]any{"body": "x", "audience": "internal", "corrects_id": uuid.NewString()}, 422, "corrects_id"},
			// A field at fault is said before the state: the audience, not the missing public name.
			{"a correction changes the audience", map[string]any{"body": "x", "audience": "public", "corrects_id": first.ID}, 422, "audience"},
			{"a new expected date already passed", map[string]any{"body": "Back yesterday", "audience": "internal", "expected_restoration_at": ago(24 * time.Hour)}, 422, "expected_restoration_at"},
		} {
			p := f.post(f.admin, c.body).problem(t, c.status)
			if c.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != c.field) {
				t.Errorf("%s: %+v", c.name, p)
			}
		}
		if after := f.rows(t); after != before {
			t.Fatalf("refusals wrote: %s -> %s", before, after)
		}
		// With a public name, a correction must keep the audience: 422 on audience.
		f.publish(t, "Revalidation")
		before = f.rows(t)
		p := f.post(f.admin, map[string]any{"body": "x", "audience": "public", "corrects_id": first.ID}).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "audience" {
			t.Fatalf("correction in another audience: %+v", p)
		}
		if after := f.rows(t); after != before {
			t.Fatalf("refusals wrote: %s -> %s", before, after)
		}
		// A correction in the same audience is a new update naming the old one.
		var fix suspensionUpdate
		r := f.post(f.admin, map[string]any{"body": "Correction: down until Friday", "audience": "internal", "corrects_id": first.ID})
		r.json(&fix)
		if r.StatusCode != http.StatusCreated || fix.CorrectsID == nil || *fix.CorrectsID != first.ID {
			t.Fatalf("correction: %d %s", r.StatusCode, r.body)
		}

		// No updates on a suspension that has ended.
		s.do(http.MethodPost, "/api/v1/suspensions/"+other.ID+"/cancel", map[string]any{}, bearer(f.admin)...)
		r2 := s.do(http.MethodPost, "/api/v1/suspensions/"+f.sp.ID+"/restore", map[string]any{}, bearer(f.admin)...)
		if r2.StatusCode != http.StatusOK {
			t.Fatalf("restore: %d %s", r2.StatusCode, r2.body)
		}
		before = f.rows(t)
		f.post(f.admin, map[string]any{"body": "Back!", "audience": "internal"}).problem(t, http.StatusConflict)
		s.do(http.MethodPost, "/api/v1/suspensions/"+other.ID+"/updates", map[string]any{"body": "Withdrawn", "audience": "internal"}, bearer(f.admin)...).problem(t, http.StatusConflict)
		if after := f.rows(t); after != before {
			t.Fatalf("updates on ended suspensions wrote: %s -> %s", before, after)
		}
		// Nor PATCH nor DELETE: updates cannot be changed through the API.
		for _, m := range []string{http.MethodPatch, http.MethodDelete, http.MethodPut} {
			if r := s.do(m, f.path, map[string]any{"body": "x"}, bearer(f.admin)...); r.StatusCode != http.StatusMethodNotAllowed && r.StatusCode != http.StatusNotFound {
				t.Errorf("%s updates: %d", m, r.StatusCode)
			}
		}
	})
}

// One answer names every invalid field of an update, whether it needs the
// suspension to tell (the update a correction names, the new date) or not
// (the text), and nothing is written.
func TestAnUpdateNamesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		before := f.rows(t)
		r := f.post(f.admin, map[string]any{"body": " \n ", "audience": "internal", "corrects_id": uuid.NewString(),
			"expected_restoration_at": ago(24 * time.Hour)})
		got := fieldsOf(t, r)
		for field, want := range map[string]string{
			"body":                    "Text is required (at most 5000 characters).",
			"corrects_id":             "Corrected update names no update of this suspension.",
			"expected_restoration_at": "Expected restoration at is in the past: a promised restoration date must lie ahead.",
		} {
			if got[field] != want {
				t.Errorf("%s: %q, want %q (%s)", field, got[field], want, r.body)
			}
		}
		if len(got) != 3 {
			t.Errorf("%d fields named, want 3: %s", len(got), r.body)
		}
		// The contract's finding (an unknown audience) joins the domain's.
		r = f.post(f.admin, map[string]any{"body": " ", "audience": "everyone", "corrects_id": uuid.NewString()})
		if got := fieldsOf(t, r); len(got) != 3 || got["body"] == "" || got["audience"] == "" || got["corrects_id"] == "" {
			t.Errorf("with the contract's: %s", r.body)
		}
		if after := f.rows(t); after != before {
			t.Fatalf("refusals wrote: %s -> %s", before, after)
		}
	})
}

func TestASuspensionHoldsAtMostAThousandUpdates(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		var author string
		if err := db.SQL().QueryRow("SELECT id FROM users LIMIT 1").Scan(&author); err != nil {
			t.Fatal(err)
		}
		tx, err := db.SQL().Begin()
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Format("2006-01-02 15:04:05")
		for range restoration.MaxUpdatesPerSuspension - 1 {
			if _, err := tx.Exec(fmt.Sprintf("INSERT INTO suspension_updates (id, suspension_id, audience, body, author_id, created_at) VALUES ('%s', '%s', 'internal', 'u', '%s', '%s')",
				uuid.Must(uuid.NewV7()), f.sp.ID, author, now)); err != nil {
				t.Fatal(errorsJoin(tx, err))
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if r := f.post(f.admin, map[string]any{"body": "The thousandth", "audience": "internal"}); r.StatusCode != http.StatusCreated {
			t.Fatalf("the last one allowed: %d %s", r.StatusCode, r.body)
		}
		before := f.rows(t)
		f.post(f.admin, map[string]any{"body": "One too many", "audience": "internal"}).problem(t, http.StatusConflict)
		if after := f.rows(t); after != before {
			t.Fatalf("a refused update wrote: %s -> %s", before, after)
		}
	})
}

func errorsJoin(tx *sql.Tx, err error) error {
	_ = tx.Rollback()
	return err
}

func TestUpdatesFollowRolesAndNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		s := f.s
		pw := "a long enough password"
		other := s.createDepartment(f.admin, "Finance")
		tokenOf := func(email, role, dept string) string {
			body := map[string]any{"email": email, "name": email, "role": role, "password": pw}
			if dept != "" {
				body["department_id"] = dept
			}
			s.createUser(f.admin, body)
			var tk tokens
			s.login(email, pw).json(&tk)
			return tk.AccessToken
		}
		responder := tokenOf("rita@example.org", "responder", "")
		head := tokenOf("head@example.org", "department_head", f.dept.ID)
		otherHead := tokenOf("other@example.org", "department_head", other.ID)
		auditor := tokenOf("audit@example.org", "auditor", "")

		for _, tk := range []string{f.admin, responder} {
			if r := f.post(tk, map[string]any{"body": "Posted", "audience": "internal"}); r.StatusCode != http.StatusCreated {
				t.Fatalf("post: %d %s", r.StatusCode, r.body)
			}
		}
		before := f.rows(t)
		for _, tk := range []string{head, auditor} {
			f.post(tk, map[string]any{"body": "Not mine to post", "audience": "internal"}).problem(t, http.StatusForbidden)
		}
		f.post(otherHead, map[string]any{"body": "x", "audience": "internal"}).problem(t, http.StatusForbidden)
		if after := f.rows(t); after != before {
			t.Fatalf("refused posts wrote: %s -> %s", before, after)
		}
		// Whoever sees the suspension reads every update, internal ones included.
		for _, tk := range []string{f.admin, responder, head, auditor} {
			var list updateList
			r := s.do(http.MethodGet, f.path, nil, bearer(tk)...)
			r.json(&list)
			if r.StatusCode != http.StatusOK || len(list.Items) != 2 || list.Items[0].AuthorName != "rita@example.org" {
				t.Fatalf("read updates: %d %s", r.StatusCode, r.body)
			}
		}
		s.do(http.MethodGet, f.path, nil, bearer(otherHead)...).problem(t, http.StatusNotFound)

		// A restricted case: a responder who is neither its owner nor a member
		// learns nothing, and cannot post.
		var svc service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": f.dept.ID}, bearer(f.admin)...).json(&svc)
		hidden := s.createCase(f.admin, caseBody("Need to know", map[string]any{"restricted": true}))
		var sp plannedSuspension
		s.do(http.MethodPost, "/api/v1/cases/"+hidden.ID+"/suspensions", map[string]any{"service_id": svc.ID, "reason": "r", "decided_by": "d"}, bearer(f.admin)...).json(&sp)
		hiddenPath := "/api/v1/suspensions/" + sp.ID + "/updates"
		if r := s.do(http.MethodPost, hiddenPath, map[string]any{"body": "Secret", "audience": "internal"}, bearer(f.admin)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("admin on a restricted case: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, hiddenPath, nil, bearer(responder)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, hiddenPath, map[string]any{"body": "x", "audience": "internal"}, bearer(responder)...).problem(t, http.StatusNotFound)
		if r := s.do(http.MethodGet, hiddenPath, nil, bearer(auditor)...); r.StatusCode != http.StatusOK {
			t.Fatalf("auditor on a restricted case: %d", r.StatusCode)
		}
		s.do(http.MethodGet, "/api/v1/suspensions/"+uuid.NewString()+"/updates", nil, bearer(f.admin)...).problem(t, http.StatusNotFound)
	})
}

// The database itself refuses to change or remove an update.
func TestSuspensionUpdatesAreAppendOnly(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newUpdatesFixture(t, db)
		f.post(f.admin, map[string]any{"body": "Down until further notice", "audience": "internal"})
		for _, q := range []string{"UPDATE suspension_updates SET body = 'rewritten'", "DELETE FROM suspension_updates"} {
			if _, err := db.SQL().Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", q, err)
			}
		}
		if n := f.count(t, "SELECT count(*) FROM suspension_updates WHERE body = 'Down until further notice'"); n != 1 {
			t.Fatalf("%d updates left as posted", n)
		}
	})
}
