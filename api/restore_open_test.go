package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type openMilestonesProblem struct {
	Type           string `json:"type"`
	OpenMilestones []struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Status string `json:"status"`
	} `json:"open_milestones"`
}

// planWithOpenSteps suspends the fixture's service with four milestones: one
// done, then planned, in progress and blocked (the three open ones).
func planWithOpenSteps(t *testing.T, f restorationFixture) (suspension, []milestone) {
	t.Helper()
	var sp suspension
	if r := f.suspend(nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
	} else {
		r.json(&sp)
	}
	var ms []milestone
	for i, status := range []string{"done", "planned", "in_progress", "blocked"} {
		r := f.s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones",
			map[string]any{"title": "Step " + status, "due_at": inDays(i - 1), "status": status}, bearer(f.admin)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("milestone: %d %s", r.StatusCode, r.body)
		}
		var m milestone
		r.json(&m)
		ms = append(ms, m)
	}
	return sp, ms
}

func TestRestoreWithOpenMilestonesIsRefusedListingThem(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		sp, ms := planWithOpenSteps(t, f)
		path := "/api/v1/suspensions/" + sp.ID

		r := s.do(http.MethodPost, path+"/restore", map[string]any{"note": "Back"}, bearer(f.admin)...)
		r.problem(t, http.StatusConflict)
		var p openMilestonesProblem
		r.json(&p)
		var got []string
		for _, m := range p.OpenMilestones {
			got = append(got, m.ID+" "+m.Title+" "+m.Status)
		}
		want := []string{ms[1].ID + " Step planned planned", ms[2].ID + " Step in_progress in_progress", ms[3].ID + " Step blocked blocked"}
		if p.Type != "urn:caseward:problem:open-milestones" || !slices.Equal(got, want) {
			t.Fatalf("open milestones: %s", r.body)
		}
		// Nothing changed: still active, same version, plan untouched, no audit.
		var after suspension
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&after)
		if after.Status != "active" || after.Version != sp.Version || after.MilestonesDone != 1 || after.MilestonesTotal != 4 || f.serviceStatus() != "suspended" {
			t.Fatalf("a refused restore changed the suspension: %+v", after)
		}
		if ev := s.auditEvents(f.admin, "suspension.restore"); len(ev) != 0 {
			t.Fatalf("a refused restore was audited: %+v", ev)
		}
		if ev := s.auditEvents(f.admin, "milestone.update"); len(ev) != 0 {
			t.Fatalf("a refused restore changed milestones: %+v", ev)
		}
		// An unknown choice is refused naming the field, and changes nothing.
		if p := s.do(http.MethodPost, path+"/restore", map[string]any{"open_milestones": "ignore"}, bearer(f.admin)...).problem(t, http.StatusUnprocessableEntity); len(p.Errors) != 1 || p.Errors[0].Field != "open_milestones" {
			t.Fatalf("errors: %+v", p.Errors)
		}
		// Roles unchanged: an auditor may not restore, choice or not.
		pw := "a long enough password"
		s.createUser(f.admin, map[string]any{"email": "aud@example.org", "name": "Aud", "role": "auditor", "password": pw})
		var auditor tokens
		s.login("aud@example.org", pw).json(&auditor)
		s.do(http.MethodPost, path+"/restore", map[string]any{"open_milestones": "complete"}, bearer(auditor.AccessToken)...).problem(t, http.StatusForbidden)
		s.do(http.MethodGet, path, nil, bearer(f.admin)...).json(&after)
		if after.Status != "active" {
			t.Fatalf("an auditor restored: %+v", after)
		}
	})
}

func TestRestoreCompletingOpenMilestones(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		sp, ms := planWithOpenSteps(t, f)
		at := ago(time.Hour)
		r := s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/restore", map[string]any{"restored_at": at, "open_milestones": "complete"}, bearer(f.admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("restore: %d %s", r.StatusCode, r.body)
		}
		r.json(&sp)
		if sp.Status != "restored" || sp.MilestonesDone != 4 || sp.MilestonesTotal != 4 || sp.PlanStatus != "restored" || f.serviceStatus() != "operational" {
			t.Fatalf("after restoring: %+v", sp)
		}
		for i, m := range sp.Milestones {
			if m.Status != "done" || m.CompletedAt == nil {
				t.Fatalf("milestone %d: %+v", i, m)
			}
			if i > 0 && *m.CompletedAt != at {
				t.Fatalf("milestone %d completed at %s, want the restoration time %s", i, *m.CompletedAt, at)
			}
		}
		if *sp.Milestones[0].CompletedAt != *ms[0].CompletedAt {
			t.Fatal("the milestone already done was touched")
		}
		assertClosedOnRestore(t, f, ms[1:], "done")
	})
}

func TestRestoreCancellingOpenMilestones(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		sp, ms := planWithOpenSteps(t, f)
		r := s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/restore", map[string]any{"open_milestones": "cancel"}, bearer(f.admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("restore: %d %s", r.StatusCode, r.body)
		}
		r.json(&sp)
		// Cancelled steps count out of the total: 1 of 1 done, not 1 of 4.
		if sp.Status != "restored" || sp.MilestonesDone != 1 || sp.MilestonesTotal != 1 || sp.OverdueMilestones != 0 {
			t.Fatalf("after restoring: %+v", sp)
		}
		for i, m := range sp.Milestones[1:] {
			if m.Status != "cancelled" || m.CompletedAt != nil || m.Overdue {
				t.Fatalf("milestone %d: %+v", i+1, m)
			}
		}
		assertClosedOnRestore(t, f, ms[1:], "cancelled")
		// A cancelled milestone is not a status a caller may set.
		s.do(http.MethodPatch, "/api/v1/milestones/"+ms[0].ID, map[string]any{"status": "cancelled"}, ifMatch(f.admin, ms[0].Version)...).problem(t, http.StatusUnprocessableEntity)
	})
}

// assertClosedOnRestore checks that each milestone's change is audited and on
// the case timeline, after the restore itself was audited.
func assertClosedOnRestore(t *testing.T, f restorationFixture, closed []milestone, status string) {
	t.Helper()
	events := f.s.auditEvents(f.admin, "milestone.update")
	byID := map[string]auditEvent{}
	for _, e := range events {
		byID[*e.EntityID] = e
	}
	for _, m := range closed {
		e, ok := byID[m.ID]
		if !ok || len(e.Changes["status"]) != 2 || e.Changes["status"][1] != status {
			t.Fatalf("no audited change to %s for %s: %+v", status, m.Title, events)
		}
	}
	if len(f.s.auditEvents(f.admin, "suspension.restore")) != 1 {
		t.Fatal("the restore is not audited")
	}
	var tl struct {
		Items []struct {
			Kind  string `json:"kind"`
			Title string `json:"title"`
		} `json:"items"`
	}
	f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline?limit=200", nil, bearer(f.admin)...).json(&tl)
	// Four created, three closed on restore.
	n := 0
	for _, it := range tl.Items {
		if it.Kind == "milestone" {
			n++
		}
	}
	if n != 4+len(closed) {
		t.Fatalf("timeline has %d milestone items, want %d: %+v", n, 4+len(closed), tl.Items)
	}
}
