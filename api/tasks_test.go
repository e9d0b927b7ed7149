package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiTask struct {
	ID          string  `json:"id"`
	CaseID      string  `json:"case_id"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Group       string  `json:"group"`
	AssigneeID  *string `json:"assignee_id"`
	DueAt       *string `json:"due_at"`
	Status      string  `json:"status"`
	Checklist   []struct {
		Text string `json:"text"`
		Done bool   `json:"done"`
	} `json:"checklist"`
	ChecklistDone int  `json:"checklist_done"`
	Overdue       bool `json:"overdue"`
	Version       int  `json:"version"`
}

func tasksPath(caseID string) string { return "/api/v1/cases/" + caseID + "/tasks" }

func (s *server) createTask(token, caseID string, body map[string]any) apiTask {
	s.t.Helper()
	r := s.do(http.MethodPost, tasksPath(caseID), body, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create task: %d %s", r.StatusCode, r.body)
	}
	if r.Header.Get("ETag") == "" {
		s.t.Fatal("a created task comes with its ETag")
	}
	var t apiTask
	r.json(&t)
	return t
}

func (s *server) patchTask(token string, t apiTask, body map[string]any) response {
	s.t.Helper()
	return s.do(http.MethodPatch, "/api/v1/tasks/"+t.ID, body, append(bearer(token), "If-Match", fmt.Sprintf(`"%d"`, t.Version))...)
}

func (s *server) tasks(token, caseID string) []apiTask {
	s.t.Helper()
	r := s.do(http.MethodGet, tasksPath(caseID), nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("list tasks: %d %s", r.StatusCode, r.body)
	}
	var l struct {
		Items []apiTask `json:"items"`
	}
	r.json(&l)
	return l.Items
}

func (s *server) meID(token string) string {
	s.t.Helper()
	var me apiUserDoc
	s.do(http.MethodGet, "/api/v1/me", nil, bearer(token)...).json(&me)
	return me.ID
}

func in(d time.Duration) string { return time.Now().UTC().Add(d).Format(time.RFC3339) }

// Every role that may see a case reads its tasks; only admins and responders
// add or change them; department heads and auditors are refused and change
// nothing.
func TestTaskOperationsByRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		var depts list[department]
		s.do(http.MethodGet, "/api/v1/departments", nil, bearer(tokens["admin"])...).json(&depts)
		c := s.createCase(tokens["admin"], caseBody("Task roles", map[string]any{"department_id": depts.Items[0].ID}))
		seed := s.createTask(tokens["admin"], c.ID, map[string]any{"title": "Seed task"})
		cases := []struct {
			role         string
			read, change bool
		}{
			{"admin", true, true}, {"responder", true, true}, {"department_head", true, false}, {"auditor", true, false},
		}
		for _, tc := range cases {
			r := s.do(http.MethodGet, tasksPath(c.ID), nil, bearer(tokens[tc.role])...)
			if (r.StatusCode == http.StatusOK) != tc.read {
				t.Errorf("%s lists tasks: %d", tc.role, r.StatusCode)
			}
			r = s.do(http.MethodPost, tasksPath(c.ID), map[string]any{"title": "By " + tc.role}, bearer(tokens[tc.role])...)
			if want := map[bool]int{true: http.StatusCreated, false: http.StatusForbidden}[tc.change]; r.StatusCode != want {
				t.Errorf("%s creates a task: %d, want %d", tc.role, r.StatusCode, want)
			}
			current := s.tasks(tokens["admin"], c.ID)
			i := slices.IndexFunc(current, func(x apiTask) bool { return x.ID == seed.ID })
			r = s.patchTask(tokens[tc.role], current[i], map[string]any{"description": "edited by " + tc.role})
			if want := map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[tc.change]; r.StatusCode != want {
				t.Errorf("%s changes a task: %d, want %d", tc.role, r.StatusCode, want)
			}
		}
		got := s.tasks(tokens["auditor"], c.ID)
		if len(got) != 3 {
			t.Fatalf("%d tasks, want the seed and the admin's and responder's", len(got))
		}
		for _, x := range got {
			if strings.Contains(x.Title, "department_head") || strings.Contains(x.Title, "auditor") || strings.Contains(x.Description, "auditor") {
				t.Errorf("a refused role changed a task: %+v", x)
			}
		}
	})
}

// One 422 names every field at fault, on creation and on change, and nothing
// is written: a blank title, a due date before the incident was detected, a
// department head as assignee, a checklist item without text.
func TestTaskFieldErrorsAreNamedAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin := tokens["admin"]
		c := s.createCase(admin, caseBody("Task fields", nil))
		bad := map[string]any{"title": "   ", "due_at": ago(48 * time.Hour), "assignee_id": s.meID(tokens["department_head"]),
			"checklist": []map[string]any{{"text": "fine", "done": false}, {"text": " ", "done": false}}}
		want := []string{"assignee_id", "checklist", "due_at", "title"}
		p := s.do(http.MethodPost, tasksPath(c.ID), bad, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		if got := problemFields(p); !slices.Equal(got, want) {
			t.Errorf("create: fields %v, want %v", got, want)
		}
		if n := len(s.tasks(admin, c.ID)); n != 0 {
			t.Fatalf("%d tasks after a refused creation", n)
		}
		task := s.createTask(admin, c.ID, map[string]any{"title": "Image the laptop", "due_at": in(24 * time.Hour)})
		p = s.patchTask(admin, task, bad).problem(t, http.StatusUnprocessableEntity)
		if got := problemFields(p); !slices.Equal(got, want) {
			t.Errorf("update: fields %v, want %v", got, want)
		}
		// An auditor may not be assigned work either.
		p = s.patchTask(admin, task, map[string]any{"assignee_id": s.meID(tokens["auditor"])}).problem(t, http.StatusUnprocessableEntity)
		if got := problemFields(p); !slices.Equal(got, []string{"assignee_id"}) {
			t.Errorf("auditor as assignee: fields %v", got)
		}
		// At most 50 checklist items.
		long := make([]map[string]any, 51)
		for i := range long {
			long[i] = map[string]any{"text": fmt.Sprintf("Step %d", i), "done": false}
		}
		p = s.patchTask(admin, task, map[string]any{"checklist": long}).problem(t, http.StatusUnprocessableEntity)
		if got := problemFields(p); !slices.Equal(got, []string{"checklist"}) {
			t.Errorf("51 checklist items: fields %v", got)
		}
		after := s.tasks(admin, c.ID)
		if len(after) != 1 || after[0].Title != "Image the laptop" || after[0].Version != 1 || after[0].AssigneeID != nil {
			t.Fatalf("a refused change changed the task: %+v", after)
		}
	})
}

func problemFields(p problem) []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PATCH needs the ETag of the last read: 428 without, 412 when stale.
func TestTaskChangesNeedTheCurrentVersion(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Task versions", nil))
		task := s.createTask(admin, c.ID, map[string]any{"title": "Rotate keys"})
		s.do(http.MethodPatch, "/api/v1/tasks/"+task.ID, map[string]any{"status": "done"}, bearer(admin)...).problem(t, http.StatusPreconditionRequired)
		if r := s.patchTask(admin, task, map[string]any{"status": "in_progress"}); r.StatusCode != http.StatusOK {
			t.Fatalf("patch: %d %s", r.StatusCode, r.body)
		}
		s.patchTask(admin, task, map[string]any{"status": "done"}).problem(t, http.StatusPreconditionFailed)
		if got := s.tasks(admin, c.ID)[0]; got.Status != "in_progress" || got.Version != 2 {
			t.Fatalf("after a stale write: %+v", got)
		}
	})
}

// A closed case takes no tasks, and its tasks do not change (409).
func TestTaskOnAClosedCaseIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Closed with tasks", map[string]any{"breach_status": "ruled_out"}))
		task := s.createTask(admin, c.ID, map[string]any{"title": "Write the report", "status": "done"})
		if r := s.transition(admin, c.ID, "closed"); r.StatusCode != http.StatusOK {
			t.Fatalf("close: %d %s", r.StatusCode, r.body)
		}
		p := s.do(http.MethodPost, tasksPath(c.ID), map[string]any{"title": "Too late"}, bearer(admin)...).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "closed") {
			t.Errorf("409 detail %q", p.Detail)
		}
		s.patchTask(admin, task, map[string]any{"title": "Renamed"}).problem(t, http.StatusConflict)
		got := s.tasks(admin, c.ID)
		if len(got) != 1 || got[0].Title != "Write the report" || got[0].Version != 1 {
			t.Fatalf("tasks of a closed case changed: %+v", got)
		}
	})
}

// Open tasks keep a case from closing, named in words; a closing that says
// `open_tasks: cancel` cancels them in the same transaction, each audited.
func TestClosingWithOpenTasksIsRefusedUnlessTheyAreCancelled(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Closing gate", map[string]any{"breach_status": "ruled_out"}))
		open1 := s.createTask(admin, c.ID, map[string]any{"title": "Notify the supplier"})
		open2 := s.createTask(admin, c.ID, map[string]any{"title": "Check the backups", "status": "in_progress"})
		done := s.createTask(admin, c.ID, map[string]any{"title": "Reset passwords", "status": "done"})

		var blockers struct {
			ClosingBlockers []string `json:"closing_blockers"`
			OpenTasks       int      `json:"open_tasks"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&blockers)
		if len(blockers.ClosingBlockers) != 1 || !strings.Contains(blockers.ClosingBlockers[0], "task is still open") {
			t.Errorf("closing blockers %q", blockers.ClosingBlockers)
		}
		if blockers.OpenTasks != 2 {
			t.Errorf("open_tasks = %d, want 2", blockers.OpenTasks)
		}
		r := s.transition(admin, c.ID, "closed")
		p := r.problem(t, http.StatusConflict)
		var refused refusal
		r.json(&refused)
		if len(refused.UnmetConditions) != 1 || !strings.Contains(refused.UnmetConditions[0], "task is still open") {
			t.Errorf("unmet conditions %q (%s)", refused.UnmetConditions, p.Detail)
		}
		if ts := s.tasks(admin, c.ID); ts[0].Status == "cancelled" || ts[1].Status == "cancelled" {
			t.Fatalf("a refused closing cancelled tasks: %+v", ts)
		}

		// Refused for another reason, a closing that would cancel them leaves them open.
		if r := s.patchCase(admin, c, map[string]any{"breach_status": "suspected"}); r.StatusCode != http.StatusOK {
			t.Fatalf("breach back to suspected: %d %s", r.StatusCode, r.body)
		}
		cancelling := map[string]any{"to": "closed", "open_tasks": "cancel"}
		s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/transitions", cancelling, bearer(admin)...).problem(t, http.StatusConflict)
		for _, x := range s.tasks(admin, c.ID) {
			if x.Status == "cancelled" {
				t.Fatalf("a refused closing cancelled %q", x.Title)
			}
		}
		var now apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&now)
		if r := s.patchCase(admin, now, map[string]any{"breach_status": "ruled_out"}); r.StatusCode != http.StatusOK {
			t.Fatalf("breach ruled out: %d %s", r.StatusCode, r.body)
		}

		r = s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/transitions", cancelling, bearer(admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("close cancelling open tasks: %d %s", r.StatusCode, r.body)
		}
		status := map[string]string{}
		for _, x := range s.tasks(admin, c.ID) {
			status[x.ID] = x.Status
		}
		if status[open1.ID] != "cancelled" || status[open2.ID] != "cancelled" || status[done.ID] != "done" {
			t.Fatalf("statuses after closing: %v", status)
		}
		events := s.auditEvents(admin, "task.status")
		cancelled := map[string]bool{}
		for _, e := range events {
			if e.EntityID != nil && e.Changes["status"][1] == "cancelled" {
				cancelled[*e.EntityID] = true
			}
		}
		if !cancelled[open1.ID] || !cancelled[open2.ID] || cancelled[done.ID] {
			t.Fatalf("task.status audit events for %v", cancelled)
		}
	})
}

type refusal struct {
	AllowedMoves    []string `json:"allowed_moves"`
	UnmetConditions []string `json:"unmet_conditions"`
}

// Task events join the case's timeline as kind task, told in sentences:
// creation, a checklist item ticked, completion.
func TestTaskEventsJoinTheTimeline(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Task timeline", nil))
		task := s.createTask(admin, c.ID, map[string]any{"title": "Take forensic images", "group": "Containment",
			"checklist": []map[string]any{{"text": "Laptop", "done": false}, {"text": "Server", "done": false}}})
		r := s.patchTask(admin, task, map[string]any{"checklist": []map[string]any{{"text": "Laptop", "done": true}, {"text": "Server", "done": false}}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("tick: %d %s", r.StatusCode, r.body)
		}
		r.json(&task)
		if task.ChecklistDone != 1 || len(task.Checklist) != 2 {
			t.Fatalf("after a tick: %+v", task)
		}
		if r := s.patchTask(admin, task, map[string]any{"status": "done"}); r.StatusCode != http.StatusOK {
			t.Fatalf("complete: %d %s", r.StatusCode, r.body)
		}
		var tl struct {
			Items []struct {
				Kind    string `json:"kind"`
				Action  string `json:"action"`
				Summary string `json:"summary"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/timeline", nil, bearer(admin)...).json(&tl)
		want := map[string]string{
			"task.create": "added task ‘Take forensic images’ to ‘Containment’",
			"task.check":  "ticked ‘Laptop’ on task ‘Take forensic images’",
			"task.status": "completed task ‘Take forensic images’",
		}
		for _, it := range tl.Items {
			if w, ok := want[it.Action]; ok {
				if it.Kind != "task" || it.Summary != w {
					t.Errorf("%s: kind %q summary %q, want %q", it.Action, it.Kind, it.Summary, w)
				}
				delete(want, it.Action)
			}
		}
		if len(want) > 0 {
			t.Errorf("missing from the timeline: %v", want)
		}
	})
}

// On a restricted case, only those who may see it read or change its tasks
// (404 for the others), be assigned them, or find them in My work.
func TestTasksOfARestrictedCaseStayHidden(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		out := s.createUser(f.admin, map[string]any{"email": "outsider@example.org", "name": "Outsider", "role": "responder", "password": "a long enough password"})
		var tk tokens
		s.login("outsider@example.org", "a long enough password").json(&tk)
		outsider := tk.AccessToken

		p := s.do(http.MethodPost, tasksPath(f.kase.ID), map[string]any{"title": "For the outsider", "assignee_id": out.User.ID}, bearer(f.rita)...).
			problem(t, http.StatusUnprocessableEntity)
		if got := problemFields(p); !slices.Equal(got, []string{"assignee_id"}) {
			t.Errorf("outsider as assignee: %v", got)
		}
		task := s.createTask(f.rita, f.kase.ID, map[string]any{"title": "Secret task", "assignee_id": f.samID, "due_at": in(time.Hour)})
		s.do(http.MethodGet, tasksPath(f.kase.ID), nil, bearer(outsider)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, tasksPath(f.kase.ID), map[string]any{"title": "Sneaky"}, bearer(outsider)...).problem(t, http.StatusNotFound)
		s.patchTask(outsider, task, map[string]any{"title": "Sneaky"}).problem(t, http.StatusNotFound)
		if got := s.tasks(f.sam, f.kase.ID); len(got) != 1 || got[0].Title != "Secret task" {
			t.Fatalf("member reads %+v", got)
		}
		// Sam sees the task in My work; once he is no longer a member, he does not.
		if titles := workTaskTitles(s, f.sam); !slices.Equal(titles, []string{"Secret task"}) {
			t.Fatalf("member's work: %v", titles)
		}
		c := f.caseAsAdmin(t)
		if r := s.patchCase(f.admin, c, map[string]any{"member_ids": []string{f.headID}}); r.StatusCode != http.StatusOK {
			t.Fatalf("remove member: %d %s", r.StatusCode, r.body)
		}
		if titles := workTaskTitles(s, f.sam); len(titles) != 0 {
			t.Fatalf("a former member still sees %v", titles)
		}
	})
}

type workTaskList struct {
	Items []struct {
		Task          apiTask `json:"task"`
		CaseReference string  `json:"case_reference"`
	} `json:"items"`
	More int `json:"more"`
}

func workTaskTitles(s *server, token string) []string {
	s.t.Helper()
	var w struct {
		AssignedTasks *workTaskList `json:"assigned_tasks"`
	}
	r := s.do(http.MethodGet, "/api/v1/me/work", nil, bearer(token)...)
	r.json(&w)
	if w.AssignedTasks == nil {
		s.t.Fatalf("no assigned_tasks for a responder: %s", r.body)
	}
	var out []string
	for _, it := range w.AssignedTasks.Items {
		out = append(out, it.Task.Title)
	}
	return out
}

// My work lists the caller's open tasks, the soonest due first (undated last),
// overdue ones marked; done and cancelled tasks, and others' tasks, are not
// there. Department heads and auditors get no task section.
func TestMyWorkListsYourOpenTasksSoonestFirst(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin, responder := tokens["admin"], tokens["responder"]
		me := s.meID(responder)
		c := s.createCase(admin, caseBody("My tasks", map[string]any{"detected_at": ago(72 * time.Hour), "aware_at": ago(71 * time.Hour)}))
		s.createTask(admin, c.ID, map[string]any{"title": "Undated", "assignee_id": me})
		s.createTask(admin, c.ID, map[string]any{"title": "Next week", "assignee_id": me, "due_at": in(7 * 24 * time.Hour)})
		s.createTask(admin, c.ID, map[string]any{"title": "Overdue", "assignee_id": me, "due_at": ago(24 * time.Hour)})
		s.createTask(admin, c.ID, map[string]any{"title": "Finished", "assignee_id": me, "status": "done"})
		s.createTask(admin, c.ID, map[string]any{"title": "Someone else's", "due_at": in(time.Hour)})
		var w struct {
			AssignedTasks *workTaskList `json:"assigned_tasks"`
		}
		s.do(http.MethodGet, "/api/v1/me/work", nil, bearer(responder)...).json(&w)
		var titles []string
		for _, it := range w.AssignedTasks.Items {
			titles = append(titles, it.Task.Title)
			if it.Task.Overdue != (it.Task.Title == "Overdue") || it.CaseReference != c.Reference {
				t.Errorf("%+v", it)
			}
		}
		if want := []string{"Overdue", "Next week", "Undated"}; !slices.Equal(titles, want) {
			t.Fatalf("your tasks %v, want %v", titles, want)
		}
		if w.AssignedTasks.More != 0 {
			t.Errorf("more = %d with three open tasks", w.AssignedTasks.More)
		}
		// Capped like the other lists: eight shown, the rest counted.
		for i := range 7 {
			s.createTask(admin, c.ID, map[string]any{"title": fmt.Sprintf("Later %d", i), "assignee_id": me})
		}
		var capped struct {
			AssignedTasks *workTaskList `json:"assigned_tasks"`
		}
		s.do(http.MethodGet, "/api/v1/me/work", nil, bearer(responder)...).json(&capped)
		if n := len(capped.AssignedTasks.Items); n != 8 || capped.AssignedTasks.More != 2 {
			t.Errorf("%d shown and %d more, want 8 and 2", n, capped.AssignedTasks.More)
		}
		// An assignee the case names nowhere else is among its people, by name, for an auditor too.
		var people personList
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/people", nil, bearer(tokens["auditor"])...).json(&people)
		if people.names()[me] != "responder" {
			t.Errorf("case people: %v", people.names())
		}
		for _, role := range []string{"department_head", "auditor"} {
			var other map[string]any
			s.do(http.MethodGet, "/api/v1/me/work", nil, bearer(tokens[role])...).json(&other)
			if v, ok := other["assigned_tasks"]; !ok || v != nil {
				t.Errorf("%s: assigned_tasks = %v, want null", role, v)
			}
		}
	})
}

// Concurrent creations cannot push a case past its cap: the count is taken
// on the case's locked row. (The cap is 200; the test fills it and races two
// more.)
func TestTaskCapHoldsUnderConcurrentCreations(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Full of tasks", nil))
		if _, err := db.SQL().Exec("UPDATE cases SET task_count = 198 WHERE id = $1", c.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		codes := make([]int, 4)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = s.do(http.MethodPost, tasksPath(c.ID), map[string]any{"title": fmt.Sprintf("Racer %d", i)}, bearer(admin)...).StatusCode
			}()
		}
		wg.Wait()
		slices.Sort(codes)
		if !slices.Equal(codes, []int{http.StatusCreated, http.StatusCreated, http.StatusConflict, http.StatusConflict}) {
			t.Fatalf("codes %v, want two created and two refused", codes)
		}
		if n := len(s.tasks(admin, c.ID)); n != 2 {
			t.Fatalf("%d tasks written, want 2", n)
		}
	})
}
