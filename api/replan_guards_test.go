package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A restored or cancelled suspension's promised dates are closed: moving the
// expected date or a milestone's due date is a 409 that changes nothing.
func TestReplanOfAnEndedSuspensionIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		for _, end := range []string{"restore", "cancel"} {
			// A service of its own for each ending.
			s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Service to " + end, "department_id": f.dept.ID}, bearer(f.admin)...).json(&f.service)
			var sp plannedSuspension
			f.suspend(nil).json(&sp)
			path := "/api/v1/suspensions/" + sp.ID
			var m milestone
			s.do(http.MethodPost, path+"/milestones", map[string]any{"title": "Security review", "due_at": inDays(3), "status": "done"}, bearer(f.admin)...).json(&m)
			if r := s.do(http.MethodPost, path+"/"+end, map[string]any{}, bearer(f.admin)...); r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", end, r.StatusCode, r.body)
			}
			var ended plannedSuspension
			s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&ended)
			replansBefore := len(s.auditEvents(f.admin, "suspension.replan")) + len(s.auditEvents(f.admin, "milestone.replan"))

			s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": inDays(40), "replan_reason": "Late"}, ifMatch(f.admin, ended.Version)...).problem(t, http.StatusConflict)
			s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": nil}, ifMatch(f.admin, ended.Version)...).problem(t, http.StatusConflict)
			s.do(http.MethodPatch, "/api/v1/milestones/"+m.ID, map[string]any{"due_at": inDays(40), "replan_reason": "Late"}, ifMatch(f.admin, m.Version)...).problem(t, http.StatusConflict)

			var after plannedSuspension
			s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&after)
			if after.Version != ended.Version || *after.ExpectedRestorationAt != *ended.ExpectedRestorationAt || after.ReplanCount != 0 {
				t.Fatalf("%s: a refused re-plan changed the suspension: %+v", end, after)
			}
			var list struct{ Items []milestone }
			s.do(http.MethodGet, path+"/milestones", nil, bearer(f.admin)...).json(&list)
			if len(list.Items) != 1 {
				t.Fatalf("milestones: %+v", list.Items)
			}
			mAfter := list.Items[0]
			if mAfter.Version != m.Version {
				t.Fatalf("%s: a refused re-plan changed the milestone: %+v", end, mAfter)
			}
			if n := len(s.auditEvents(f.admin, "suspension.replan")) + len(s.auditEvents(f.admin, "milestone.replan")); n != replansBefore {
				t.Fatalf("%s: a refused re-plan was audited", end)
			}
			var rl replanList
			s.do(http.MethodGet, path+"/replans", nil, bearer(f.admin)...).json(&rl)
			if len(rl.Items) != 0 {
				t.Fatalf("%s: a refused re-plan was kept: %+v", end, rl.Items)
			}
			// What is not a promise still changes: the record can be corrected.
			if r := s.do(http.MethodPatch, path, map[string]any{"impact": "Staff could not log in"}, ifMatch(f.admin, ended.Version)...); r.StatusCode != http.StatusOK {
				t.Fatalf("%s: editing the impact: %d %s", end, r.StatusCode, r.body)
			}
		}
	})
}

// A new suspension cannot be expected back before it went down: 422 naming
// expected_restoration_at, and nothing is created.
func TestNewSuspensionExpectedBeforeItsStartIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		start := time.Now().UTC().Add(-5 * 24 * time.Hour).Truncate(time.Second)
		for _, body := range []map[string]any{
			{"suspended_at": start.Format(time.RFC3339), "expected_restoration_at": start.Add(-time.Hour).Format(time.RFC3339)},
			{"suspended_at": start.Format(time.RFC3339), "expected_restoration_at": start.Add(-30 * 24 * time.Hour).Format(time.RFC3339)},
		} {
			p := f.suspend(body).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) != 1 || p.Errors[0].Field != "expected_restoration_at" {
				t.Fatalf("errors: %+v", p.Errors)
			}
		}
		var l struct{ Items []suspension }
		f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/suspensions", nil, bearer(f.admin)...).json(&l)
		if len(l.Items) != 0 || f.serviceStatus() != "operational" || len(f.s.auditEvents(f.admin, "suspension.create")) != 0 {
			t.Fatalf("a refused suspension left a trace: %+v", l.Items)
		}
	})
}

// A promise is about what is still to come: a new suspension, or a re-plan,
// whose expected date has already passed is a 422 naming
// expected_restoration_at that changes nothing; a date that passed while it
// was the promise stays, and the rest of the record can still be edited.
func TestAPromisedDateInThePastIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		p := f.suspend(map[string]any{"expected_restoration_at": ago(2 * 24 * time.Hour)}).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "expected_restoration_at" || p.Errors[0].Message != "Expected restoration at is in the past: a promised restoration date must lie ahead." {
			t.Fatalf("errors: %+v", p.Errors)
		}
		if f.serviceStatus() != "operational" || len(s.auditEvents(f.admin, "suspension.create")) != 0 {
			t.Fatal("a refused suspension left a trace")
		}

		var sp plannedSuspension
		f.suspend(nil).json(&sp)
		path := "/api/v1/suspensions/" + sp.ID
		p = s.do(http.MethodPatch, path, map[string]any{"expected_restoration_at": ago(24 * time.Hour), "replan_reason": "Backdated"}, ifMatch(f.admin, sp.Version)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "expected_restoration_at" {
			t.Fatalf("errors: %+v", p.Errors)
		}
		var after plannedSuspension
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&after)
		if after.Version != sp.Version || after.ReplanCount != 0 || len(s.auditEvents(f.admin, "suspension.replan")) != 0 {
			t.Fatalf("a refused re-plan changed the suspension: %+v", after)
		}

		// The promise passes while the service is still down: the suspension
		// keeps it (slipping), and its other details stay editable.
		passed := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Second)
		backdate := "UPDATE suspensions SET expected_restoration_at = $1, baseline_restoration_at = $1 WHERE id = $2"
		if _, err := db.SQL().ExecContext(context.Background(), backdate, passed, sp.ID); err != nil {
			t.Fatal(err)
		}
		if r := s.do(http.MethodPatch, path, map[string]any{"impact": "Staff cannot log in", "expected_restoration_at": passed.Format(time.RFC3339)}, ifMatch(f.admin, sp.Version)...); r.StatusCode != http.StatusOK {
			t.Fatalf("editing the impact of a slipping suspension: %d %s", r.StatusCode, r.body)
		}
	})
}
