package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type milestone struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Status      string  `json:"status"`
	Position    int     `json:"position"`
	CompletedAt *string `json:"completed_at"`
	Version     int     `json:"version"`
	Overdue     bool    `json:"overdue"`
}

type suspension struct {
	ID                     string      `json:"id"`
	ServiceID              string      `json:"service_id"`
	Status                 string      `json:"status"`
	Version                int         `json:"version"`
	DaysSuspended          int         `json:"days_suspended"`
	MilestonesDone         int         `json:"milestones_done"`
	MilestonesTotal        int         `json:"milestones_total"`
	OverdueMilestones      int         `json:"overdue_milestones"`
	ProjectedRestorationAt *string     `json:"projected_restoration_at"`
	Slipping               bool        `json:"slipping"`
	PlanStatus             string      `json:"plan_status"`
	DowntimeSeconds        *int64      `json:"downtime_seconds"`
	Milestones             []milestone `json:"milestones"`
}

// restorationFixture is a case with a service of a department, ready to suspend.
type restorationFixture struct {
	s       *server
	admin   string
	dept    department
	service service
	kase    apiCase
}

func newRestorationFixture(t *testing.T, db *store.DB) restorationFixture {
	s := newServer(t, db)
	admin := s.signIn().AccessToken
	dept := s.createDepartment(admin, "Clinical Systems")
	var svc service
	s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Revalidation Toolkit", "department_id": dept.ID}, bearer(admin)...).json(&svc)
	kase := s.createCase(admin, caseBody("Suspected compromise of the toolkit", nil))
	return restorationFixture{s: s, admin: admin, dept: dept, service: svc, kase: kase}
}

func (f restorationFixture) suspend(extra map[string]any) response {
	body := map[string]any{"service_id": f.service.ID, "reason": "Suspicious logins", "decided_by": "Chief Information Security Officer",
		"suspended_at": ago(10 * 24 * time.Hour), "expected_restoration_at": time.Now().UTC().Add(11 * 24 * time.Hour).Format(time.RFC3339)}
	for k, v := range extra {
		body[k] = v
	}
	return f.s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/suspensions", body, bearer(f.admin)...)
}

func (f restorationFixture) serviceStatus() string {
	var svc service
	f.s.do(http.MethodGet, "/api/v1/services/"+f.service.ID, nil, bearer(f.admin)...).json(&svc)
	return svc.Status
}

func TestSuspensionLifecycle(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		r := f.suspend(nil)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
		}
		var sp suspension
		r.json(&sp)
		if sp.Status != "active" || sp.DaysSuspended != 10 || f.serviceStatus() != "suspended" {
			t.Fatalf("after suspending: %+v, service %s", sp, f.serviceStatus())
		}
		f.suspend(nil).problem(t, http.StatusConflict) // one active suspension per service

		// The case cannot close while the service is down.
		var kase apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(f.admin)...).json(&kase)
		s.patchCase(f.admin, kase, map[string]any{"breach_status": "ruled_out"})
		r = s.transition(f.admin, f.kase.ID, "closed")
		var p caseProblem
		r.problem(t, http.StatusConflict)
		r.json(&p)
		if len(p.UnmetConditions) != 1 {
			t.Fatalf("unmet: %v", p.UnmetConditions)
		}

		path := "/api/v1/suspensions/" + sp.ID
		s.do(http.MethodPost, path+"/restore", map[string]any{"restored_at": ago(11 * 24 * time.Hour)}, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity)
		r = s.do(http.MethodPost, path+"/restore", map[string]any{"note": "Supplier patch verified"}, bearer(f.admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("restore: %d %s", r.StatusCode, r.body)
		}
		r.json(&sp)
		if sp.Status != "restored" || sp.DowntimeSeconds == nil || *sp.DowntimeSeconds < 10*24*3600 || f.serviceStatus() != "operational" {
			t.Fatalf("after restoring: %+v, service %s", sp, f.serviceStatus())
		}
		s.do(http.MethodPost, path+"/restore", map[string]any{}, bearer(f.admin)...).problem(t, http.StatusConflict)
		if r := s.transition(f.admin, f.kase.ID, "closed"); r.StatusCode != http.StatusOK {
			t.Fatalf("close after restoring: %d %s", r.StatusCode, r.body)
		}
		// A closed case takes no new suspension.
		f.suspend(nil).problem(t, http.StatusConflict)
	})
}

func TestMilestonesDriveProgressAndProjection(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		var sp suspension
		f.suspend(nil).json(&sp)
		path := "/api/v1/suspensions/" + sp.ID
		var ms []milestone
		// Due 3 days ago, in 4 and in 10 days: inside the 11 days the suspension
		// promised (a last milestone due exactly then, timed a second later than
		// the promise, made the plan slip whenever a second ticked in between).
		for i, title := range []string{"Security review", "Supplier fix", "Penetration test"} {
			due := time.Now().UTC().Add(time.Duration([]int{-3, 4, 10}[i]) * 24 * time.Hour).Format(time.RFC3339)
			r := s.do(http.MethodPost, path+"/milestones", map[string]any{"title": title, "due_at": due}, bearer(f.admin)...)
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("milestone: %d %s", r.StatusCode, r.body)
			}
			var m milestone
			r.json(&m)
			ms = append(ms, m)
		}
		// The review, a week long (due 7 days after the start), is 3 days
		// overdue: projected a week from now, 10 days late, and the later steps
		// shift by as much, past the promise (the old projection said on track).
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&sp)
		if sp.MilestonesTotal != 3 || sp.MilestonesDone != 0 || sp.OverdueMilestones != 1 || !sp.Slipping || sp.PlanStatus != "slipping" {
			t.Fatalf("plan: %+v", sp)
		}
		projected, _ := time.Parse(time.RFC3339, *sp.ProjectedRestorationAt)
		if d := time.Until(projected); d < 19*24*time.Hour || d > 21*24*time.Hour {
			t.Fatalf("projection %s, want about 20 days out", *sp.ProjectedRestorationAt)
		}

		mpath := "/api/v1/milestones/" + ms[0].ID
		r := s.do(http.MethodPatch, mpath, map[string]any{"status": "done"}, append(bearer(f.admin), "If-Match", `"1"`)...)
		var done milestone
		r.json(&done)
		if r.StatusCode != http.StatusOK || done.CompletedAt == nil || done.Overdue {
			t.Fatalf("done: %d %s", r.StatusCode, r.body)
		}
		r = s.do(http.MethodPatch, mpath, map[string]any{"status": "in_progress"}, append(bearer(f.admin), "If-Match", `"2"`)...)
		r.json(&done)
		if done.CompletedAt != nil {
			t.Fatal("moving back from done kept completed_at")
		}
		s.do(http.MethodPatch, mpath, map[string]any{"status": "done"}, append(bearer(f.admin), "If-Match", `"2"`)...).problem(t, http.StatusPreconditionFailed)
		s.do(http.MethodPatch, mpath, map[string]any{"status": "done"}, append(bearer(f.admin), "If-Match", `"3"`)...)
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&sp)
		if sp.Slipping || sp.PlanStatus != "on_track" {
			t.Fatalf("with the overdue step done: %+v", sp)
		}

		// The pen test moves a month out: past the promise, so the suspension slips.
		late := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
		s.do(http.MethodPatch, "/api/v1/milestones/"+ms[2].ID, map[string]any{"due_at": late.Format(time.RFC3339), "replan_reason": "Testers booked elsewhere"}, append(bearer(f.admin), "If-Match", `"1"`)...)
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&sp)
		if sp.MilestonesDone != 1 || !sp.Slipping || sp.ProjectedRestorationAt == nil || *sp.ProjectedRestorationAt != late.Format(time.RFC3339) {
			t.Fatalf("after slipping: %+v", sp)
		}

		// Reorder: every milestone exactly once.
		order := []string{ms[2].ID, ms[0].ID, ms[1].ID}
		var l struct{ Items []milestone }
		s.do(http.MethodPut, path+"/milestones/order", map[string]any{"milestone_ids": order}, bearer(f.admin)...).json(&l)
		if len(l.Items) != 3 || l.Items[0].ID != ms[2].ID || l.Items[0].Position != 1 {
			t.Fatalf("reordered: %+v", l.Items)
		}
		s.do(http.MethodPut, path+"/milestones/order", map[string]any{"milestone_ids": order[:2]}, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity)

		var tl struct {
			Items []struct{ Kind string } `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline?limit=200", nil, bearer(f.admin)...).json(&tl)
		kinds := map[string]int{}
		for _, it := range tl.Items {
			kinds[it.Kind]++
		}
		if kinds["suspension"] != 1 || kinds["milestone"] < 6 {
			t.Fatalf("timeline kinds: %v", kinds)
		}
	})
}

func TestDashboardShowsDepartmentHeadsTheirServices(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		finance := s.createDepartment(f.admin, "Finance")
		var payroll service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": finance.ID}, bearer(f.admin)...).json(&payroll)
		var sp suspension
		f.suspend(nil).json(&sp)
		s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "Security review"}, bearer(f.admin)...)
		other := s.createCase(f.admin, caseBody("Payroll fraud attempt", nil))
		s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/suspensions", map[string]any{"service_id": payroll.ID, "reason": "r", "decided_by": "CFO"}, bearer(f.admin)...)

		pw := "a long enough password"
		s.createUser(f.admin, map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head", "department_id": f.dept.ID, "password": pw})
		var head tokens
		s.login("head@example.org", pw).json(&head)

		var dash struct {
			Items []struct {
				Suspension     suspension `json:"suspension"`
				ServiceName    string     `json:"service_name"`
				DepartmentName string     `json:"department_name"`
				CaseReference  string     `json:"case_reference"`
				NextMilestone  *milestone `json:"next_milestone"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(head.AccessToken)...).json(&dash)
		if len(dash.Items) != 1 || dash.Items[0].Suspension.PlanStatus != "on_track" || dash.Items[0].ServiceName != "Revalidation Toolkit" || dash.Items[0].CaseReference != f.kase.Reference ||
			dash.Items[0].NextMilestone == nil || dash.Items[0].NextMilestone.Title != "Security review" {
			t.Fatalf("head's dashboard: %+v", dash.Items)
		}
		s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(f.admin)...).json(&dash)
		if len(dash.Items) != 2 {
			t.Fatalf("admin's dashboard has %d items, want 2", len(dash.Items))
		}
		// Payroll went down with no expected date and no plan: never "on track".
		for _, it := range dash.Items {
			if it.ServiceName == "Payroll" && it.Suspension.PlanStatus != "no_plan" {
				t.Fatalf("a suspension without a plan: %+v", it.Suspension)
			}
		}
		// The case suspending the head's service is visible to the head, the other is not.
		if r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID, nil, bearer(head.AccessToken)...); r.StatusCode != http.StatusOK {
			t.Fatalf("head cannot see the case suspending their service: %d", r.StatusCode)
		}
		s.do(http.MethodGet, "/api/v1/cases/"+other.ID, nil, bearer(head.AccessToken)...).problem(t, http.StatusNotFound)
		s.do(http.MethodGet, "/api/v1/suspensions/"+sp.ID, nil, bearer(head.AccessToken)...)

		// Restored within 30 days: still on the dashboard, as restored.
		s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/restore", map[string]any{"open_milestones": "complete"}, bearer(f.admin)...)
		s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(head.AccessToken)...).json(&dash)
		if len(dash.Items) != 1 || dash.Items[0].Suspension.Status != "restored" || dash.Items[0].Suspension.PlanStatus != "restored" {
			t.Fatalf("after restoring: %+v", dash.Items)
		}
		_ = fmt.Sprint()
	})
}
