package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type replan struct {
	ID          string  `json:"id"`
	Kind        string  `json:"kind"`
	MilestoneID *string `json:"milestone_id"`
	From        *string `json:"from"`
	To          *string `json:"to"`
	Reason      string  `json:"reason"`
	ByID        string  `json:"by_id"`
	At          string  `json:"at"`
}

type replanList struct {
	Items      []replan `json:"items"`
	NextCursor *string  `json:"next_cursor"`
}

type plannedSuspension struct {
	ID                    string  `json:"id"`
	Version               int     `json:"version"`
	ExpectedRestorationAt *string `json:"expected_restoration_at"`
	BaselineRestorationAt *string `json:"baseline_restoration_at"`
	ReplanCount           int     `json:"replan_count"`
	SlipSeconds           int64   `json:"slip_seconds"`
}

func inDays(d int) string {
	return time.Now().UTC().Add(time.Duration(d) * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
}

func ifMatch(token string, version int) []string {
	return append(bearer(token), "If-Match", `"`+itoa(version)+`"`)
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestReplansKeepTheBaselineAndNeedAReason(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		var sp plannedSuspension
		f.suspend(map[string]any{"expected_restoration_at": nil}).json(&sp)
		path := "/api/v1/suspensions/" + sp.ID
		if sp.BaselineRestorationAt != nil || sp.ReplanCount != 0 {
			t.Fatalf("no expected date, yet a baseline: %+v", sp)
		}

		// The first expected date is the baseline, no re-plan and no reason needed.
		first := inDays(21)
		r := s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": first}, ifMatch(f.admin, sp.Version)...)
		r.json(&sp)
		if r.StatusCode != http.StatusOK || sp.BaselineRestorationAt == nil || *sp.BaselineRestorationAt != first || sp.ReplanCount != 0 {
			t.Fatalf("first expected date: %d %s", r.StatusCode, r.body)
		}

		// Moving it without a reason: 422 naming replan_reason, nothing changes.
		later := inDays(45)
		p := s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": later}, ifMatch(f.admin, sp.Version)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "replan_reason" {
			t.Fatalf("errors: %+v", p.Errors)
		}
		s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": later, "replan_reason": "   "}, ifMatch(f.admin, sp.Version)...).problem(t, http.StatusUnprocessableEntity)
		var again plannedSuspension
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&again)
		if again.Version != sp.Version || *again.ExpectedRestorationAt != first {
			t.Fatalf("a refused re-plan changed the suspension: %+v", again)
		}
		// The baseline itself cannot be sent at all: an unknown field, 400.
		s.do(http.MethodPatch, path, map[string]any{"baseline_restoration_at": later}, ifMatch(f.admin, sp.Version)...).problem(t, http.StatusBadRequest)
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&again)
		if again.Version != sp.Version || *again.ExpectedRestorationAt != first || *again.BaselineRestorationAt != first {
			t.Fatalf("a refused re-plan changed the suspension: %+v", again)
		}
		var list replanList
		s.do(http.MethodGet, path+"/replans", nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 0 {
			t.Fatalf("re-plans after refusals: %+v", list.Items)
		}

		// With a reason, by a responder: kept, counted, audited, on the timeline;
		// the baseline stays.
		pw := "a long enough password"
		rid := s.createUser(f.admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": pw}).User.ID
		var responder tokens
		s.login("rita@example.org", pw).json(&responder)
		r = s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": later, "replan_reason": "Supplier patch late"}, ifMatch(responder.AccessToken, sp.Version)...)
		r.json(&sp)
		if r.StatusCode != http.StatusOK || *sp.BaselineRestorationAt != first || *sp.ExpectedRestorationAt != later || sp.ReplanCount != 1 ||
			sp.SlipSeconds < 24*24*3600 {
			t.Fatalf("re-plan: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, path+"/replans", nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 1 || list.Items[0].Kind != "suspension" || list.Items[0].MilestoneID != nil || *list.Items[0].From != first ||
			*list.Items[0].To != later || list.Items[0].Reason != "Supplier patch late" || list.Items[0].ByID != rid || list.NextCursor != nil {
			t.Fatalf("re-plans: %+v", list)
		}
		var tl struct {
			Items []struct {
				Kind    string           `json:"kind"`
				Action  string           `json:"action"`
				ActorID *string          `json:"actor_id"`
				Changes map[string][]any `json:"changes"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline?limit=200", nil, bearer(f.admin)...).json(&tl)
		replans := 0
		for _, it := range tl.Items {
			if it.Action == "suspension.replan" {
				replans++
				if it.Kind != "suspension" || it.ActorID == nil || *it.ActorID != rid || it.Changes["replan_reason"][1] != "Supplier patch late" ||
					it.Changes["expected_restoration_at"][1] != later || it.Changes["replan_id"][1] != list.Items[0].ID {
					t.Fatalf("re-plan on the timeline: %+v", it)
				}
			}
		}
		if replans != 1 {
			t.Fatalf("%d re-plan events on the timeline, want 1: %+v", replans, tl.Items)
		}

		// Milestones keep their first due date the same way.
		due := inDays(5)
		var m struct {
			ID            string  `json:"id"`
			Version       int     `json:"version"`
			DueAt         *string `json:"due_at"`
			BaselineDueAt *string `json:"baseline_due_at"`
		}
		s.do(http.MethodPost, path+"/milestones", map[string]any{"title": "Security review", "due_at": due}, bearer(f.admin)...).json(&m)
		if m.BaselineDueAt == nil || *m.BaselineDueAt != due {
			t.Fatalf("milestone baseline: %+v", m)
		}
		mpath := "/api/v1/milestones/" + m.ID
		moved := inDays(9) // once: a second may tick between two calls
		s.do(http.MethodPatch, mpath, map[string]any{"due_at": moved}, ifMatch(f.admin, m.Version)...).problem(t, http.StatusUnprocessableEntity)
		r = s.do(http.MethodPatch, mpath, map[string]any{"due_at": moved, "replan_reason": "Reviewer ill"}, ifMatch(f.admin, m.Version)...)
		r.json(&m)
		if r.StatusCode != http.StatusOK || *m.BaselineDueAt != due || *m.DueAt != moved {
			t.Fatalf("milestone re-plan: %d %s", r.StatusCode, r.body)
		}
		// A change of anything else needs no reason.
		if r := s.do(http.MethodPatch, mpath, map[string]any{"status": "in_progress"}, ifMatch(f.admin, m.Version)...); r.StatusCode != http.StatusOK {
			t.Fatalf("status change: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, path+"/replans?limit=1", nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 1 || list.NextCursor == nil {
			t.Fatalf("first page: %+v", list)
		}
		s.do(http.MethodGet, path+"/replans?limit=1&cursor="+*list.NextCursor, nil, bearer(f.admin)...).json(&list)
		if len(list.Items) != 1 || list.Items[0].Kind != "milestone" || list.Items[0].MilestoneID == nil || *list.Items[0].MilestoneID != m.ID ||
			list.Items[0].Reason != "Reviewer ill" {
			t.Fatalf("second page: %+v", list)
		}
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&sp)
		if sp.ReplanCount != 1 {
			t.Fatalf("replan_count counts the expected date only: %d", sp.ReplanCount)
		}
	})
}

func TestReplansFollowRolesAndNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		var sp plannedSuspension
		f.suspend(nil).json(&sp)
		path := "/api/v1/suspensions/" + sp.ID
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
		head := tokenOf("head@example.org", "department_head", f.dept.ID)
		otherHead := tokenOf("other@example.org", "department_head", other.ID)
		auditor := tokenOf("audit@example.org", "auditor", "")

		// Only those who may change a suspension may re-plan it.
		for _, tk := range []string{head, auditor} {
			s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": inDays(40), "replan_reason": "r"}, ifMatch(tk, sp.Version)...).problem(t, http.StatusForbidden)
		}
		r := s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": inDays(40), "replan_reason": "Vendor delay"}, ifMatch(f.admin, sp.Version)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("admin re-plan: %d %s", r.StatusCode, r.body)
		}
		// Heads of the service's department and auditors read them; a head of
		// another department learns nothing, not even that the suspension exists.
		for _, tk := range []string{head, auditor} {
			var list replanList
			r := s.do(http.MethodGet, path+"/replans", nil, bearer(tk)...)
			r.json(&list)
			if r.StatusCode != http.StatusOK || len(list.Items) != 1 || list.Items[0].Reason != "Vendor delay" {
				t.Fatalf("read re-plans: %d %s", r.StatusCode, r.body)
			}
		}
		s.do(http.MethodGet, path+"/replans", nil, bearer(otherHead)...).problem(t, http.StatusNotFound)
		s.do(http.MethodGet, "/api/v1/suspensions/00000000-0000-7000-8000-000000000000/replans", nil, bearer(f.admin)...).problem(t, http.StatusNotFound)
		s.do(http.MethodGet, path+"/replans?cursor=@@", nil, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}
