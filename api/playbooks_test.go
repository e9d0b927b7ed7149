package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiPlaybook struct {
	ID             string  `json:"id"`
	Version        int     `json:"version"`
	CurrentVersion int     `json:"current_version"`
	Builtin        bool    `json:"builtin"`
	RetiredAt      *string `json:"retired_at"`
	Name           string  `json:"name"`
	Category       string  `json:"category"`
	Severity       string  `json:"severity"`
	Tasks          []struct {
		Title          string   `json:"title"`
		Group          string   `json:"group"`
		DueOffsetHours *int     `json:"due_offset_hours"`
		Checklist      []string `json:"checklist"`
	} `json:"tasks"`
	Milestones []struct {
		Title          string `json:"title"`
		DueOffsetHours int    `json:"due_offset_hours"`
	} `json:"milestones"`
}

type caseWithPlaybook struct {
	ID        string `json:"id"`
	OpenTasks int    `json:"open_tasks"`
	Playbook  *struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
		Name    string `json:"name"`
	} `json:"playbook"`
}

const builtinPlaybookID = "00000000-0000-7000-8000-00000000b001"

func playbookBody(name string, tasks ...map[string]any) map[string]any {
	if tasks == nil {
		tasks = []map[string]any{}
	}
	return map[string]any{"name": name, "description": "For " + name, "category": "malware", "severity": "critical", "tasks": tasks}
}

func (s *server) createPlaybook(token string, body map[string]any) apiPlaybook {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/playbooks", body, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create playbook: %d %s", r.StatusCode, r.body)
	}
	var p apiPlaybook
	r.json(&p)
	return p
}

func (s *server) playbooks(token, query string) []apiPlaybook {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/playbooks"+query, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("list playbooks: %d %s", r.StatusCode, r.body)
	}
	var l struct {
		Items []apiPlaybook `json:"items"`
	}
	r.json(&l)
	return l.Items
}

func (s *server) caseFromPlaybook(token, playbookID, title string) caseWithPlaybook {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/cases", caseBody(title, map[string]any{"playbook_id": playbookID}), bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("case from playbook: %d %s", r.StatusCode, r.body)
	}
	var c caseWithPlaybook
	r.json(&c)
	return c
}

func ifMatchVersion(v int) []string { return []string{"If-Match", fmt.Sprintf(`"%d"`, v)} }

// Admins define, edit and retire playbooks; responders and auditors read
// them; department heads neither. Responders open cases from them.
func TestPlaybookOperationsByRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		p := s.createPlaybook(tokens["admin"], playbookBody("Ransomware outbreak", map[string]any{"title": "Isolate hosts"}))
		edit := playbookBody("Ransomware outbreak, revised", map[string]any{"title": "Isolate hosts"})
		for _, c := range []struct {
			role, method, path string
			body               any
			want               int
		}{
			{"responder", "GET", "/api/v1/playbooks", nil, 200},
			{"auditor", "GET", "/api/v1/playbooks", nil, 200},
			{"department_head", "GET", "/api/v1/playbooks", nil, 403},
			{"responder", "GET", "/api/v1/playbooks/" + p.ID, nil, 200},
			{"auditor", "GET", "/api/v1/playbooks/" + p.ID, nil, 200},
			{"department_head", "GET", "/api/v1/playbooks/" + p.ID, nil, 403},
			{"responder", "POST", "/api/v1/playbooks", playbookBody("Responder's own"), 403},
			{"auditor", "POST", "/api/v1/playbooks", playbookBody("Auditor's own"), 403},
			{"responder", "PUT", "/api/v1/playbooks/" + p.ID, edit, 403},
			{"auditor", "PUT", "/api/v1/playbooks/" + p.ID, edit, 403},
			{"department_head", "PUT", "/api/v1/playbooks/" + p.ID, edit, 403},
			{"responder", "POST", "/api/v1/playbooks/" + p.ID + "/retire", nil, 403},
			{"auditor", "POST", "/api/v1/playbooks/" + p.ID + "/retire", nil, 403},
			{"auditor", "POST", "/api/v1/cases", caseBody("Auditor's case", map[string]any{"playbook_id": p.ID}), 403},
			{"department_head", "POST", "/api/v1/cases", caseBody("Head's case", map[string]any{"playbook_id": p.ID}), 403},
			{"responder", "POST", "/api/v1/cases", caseBody("Responder's case", map[string]any{"playbook_id": p.ID}), 201},
		} {
			r := s.do(c.method, c.path, c.body, append(bearer(tokens[c.role]), ifMatchVersion(1)...)...)
			if r.StatusCode != c.want {
				t.Errorf("%s %s %s: %d, want %d: %s", c.role, c.method, c.path, r.StatusCode, c.want, r.body)
			}
		}
		if got := s.playbooks(tokens["admin"], ""); len(got) != 2 || got[0].Name != "Precautionary suspension of a service" || got[1].Name != "Ransomware outbreak" || got[1].Version != 1 {
			t.Fatalf("refused writes changed the playbooks: %+v", got)
		}
		r := s.do("PUT", "/api/v1/playbooks/"+p.ID, edit, append(bearer(tokens["admin"]), ifMatchVersion(1)...)...)
		if r.StatusCode != 200 {
			t.Fatalf("admin edit: %d %s", r.StatusCode, r.body)
		}
	})
}

// One 422 names every field at fault, tasks and milestones by their place,
// whichever tier finds it, and nothing is written.
func TestPlaybookInvalidFieldsNamedAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		body := map[string]any{"name": "   ", "category": "malware", "severity": "critical",
			"tasks": []map[string]any{
				{"title": "Fine", "checklist": []string{"ok", "  "}},
				{"title": "  ", "due_offset_hours": 9000},
			},
			"milestones": []map[string]any{{"title": " ", "due_offset_hours": 3}},
		}
		r := s.do(http.MethodPost, "/api/v1/playbooks", body, bearer(admin)...)
		got := fieldsOf(t, r)
		for _, f := range []string{"name", "tasks.0.checklist", "tasks.1.title", "tasks.1.due_offset_hours", "milestones.0.title"} {
			if _, ok := got[f]; !ok {
				t.Errorf("%s not named: %v", f, got)
			}
		}
		if n := len(s.playbooks(admin, "?include_retired=true")); n != 1 {
			t.Fatalf("%d playbooks after a refused one, want the built-in alone", n)
		}
		// An edit is held to the same rules, and writes no version.
		p := s.createPlaybook(admin, playbookBody("Lost laptop"))
		r = s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, map[string]any{"name": "", "category": "malware", "severity": "high",
			"tasks": []map[string]any{{"title": " "}}}, append(bearer(admin), ifMatchVersion(1)...)...)
		got = fieldsOf(t, r)
		if _, ok := got["tasks.0.title"]; !ok || len(got) != 2 {
			t.Fatalf("edit: %v", got)
		}
		if again := s.playbooks(admin, ""); again[0].Name != "Lost laptop" || again[0].CurrentVersion != 1 {
			t.Fatalf("a refused edit changed the playbook: %+v", again[0])
		}
	})
}

// Editing writes a new version; cases keep the version they were made
// from, and the earlier version stays readable as it was. Each change is
// audited.
func TestPlaybookEditMakesANewVersionCasesKeepTheirs(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		p := s.createPlaybook(admin, playbookBody("Phishing wave", map[string]any{"title": "Block the sender", "group": "Containment", "due_offset_hours": 2}))
		first := s.caseFromPlaybook(admin, p.ID, "Phishing at finance")
		if first.Playbook == nil || first.Playbook.Version != 1 || first.Playbook.Name != "Phishing wave" || first.OpenTasks != 1 {
			t.Fatalf("case from v1: %+v", first)
		}
		edit := playbookBody("Phishing wave (2027)", map[string]any{"title": "Block the sender"}, map[string]any{"title": "Reset passwords", "checklist": []string{"Finance", "HR"}})
		stale := s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, edit, append(bearer(admin), ifMatchVersion(2)...)...)
		if stale.StatusCode != http.StatusPreconditionFailed {
			t.Fatalf("stale If-Match: %d", stale.StatusCode)
		}
		if r := s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, edit, bearer(admin)...); r.StatusCode != http.StatusPreconditionRequired {
			t.Fatalf("no If-Match: %d", r.StatusCode)
		}
		r := s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, edit, append(bearer(admin), ifMatchVersion(1)...)...)
		var v2 apiPlaybook
		r.json(&v2)
		if r.StatusCode != 200 || v2.Version != 2 || v2.CurrentVersion != 2 || len(v2.Tasks) != 2 || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("edit: %d %s", r.StatusCode, r.body)
		}
		var v1 apiPlaybook
		s.do(http.MethodGet, "/api/v1/playbooks/"+p.ID+"?version=1", nil, bearer(admin)...).json(&v1)
		if v1.Version != 1 || v1.CurrentVersion != 2 || v1.Name != "Phishing wave" || len(v1.Tasks) != 1 || *v1.Tasks[0].DueOffsetHours != 2 {
			t.Fatalf("version 1 after the edit: %+v", v1)
		}
		var again caseWithPlaybook
		s.do(http.MethodGet, "/api/v1/cases/"+first.ID, nil, bearer(admin)...).json(&again)
		if again.Playbook == nil || again.Playbook.Version != 1 || again.Playbook.Name != "Phishing wave" {
			t.Fatalf("the first case after the edit: %+v", again.Playbook)
		}
		if got := s.tasks(admin, first.ID); len(got) != 1 {
			t.Fatalf("the edit changed the first case's tasks: %d", len(got))
		}
		second := s.caseFromPlaybook(admin, p.ID, "Phishing at HR")
		if second.Playbook.Version != 2 || second.Playbook.Name != "Phishing wave (2027)" || len(s.tasks(admin, second.ID)) != 2 {
			t.Fatalf("case from v2: %+v", second.Playbook)
		}
		// An edit changing nothing writes no version.
		r = s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, edit, append(bearer(admin), ifMatchVersion(2)...)...)
		if r.StatusCode != 200 || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("an edit changing nothing: %d %s", r.StatusCode, r.Header.Get("ETag"))
		}
		created, updated, applied := s.auditEvents(admin, "playbook.create"), s.auditEvents(admin, "playbook.update"), s.auditEvents(admin, "case.playbook")
		if len(created) != 1 || len(updated) != 1 || len(applied) != 2 {
			t.Fatalf("audit: %d create, %d update, %d applied", len(created), len(updated), len(applied))
		}
		if ch := updated[0].Changes; ch["name"][1] != "Phishing wave (2027)" || ch["version"][1] != float64(2) {
			t.Fatalf("playbook.update changes: %v", ch)
		}
		oldest := applied[len(applied)-1] // the audit log lists the newest first
		if ch := oldest.Changes; *oldest.EntityID != first.ID || ch["playbook_id"][1] != p.ID || ch["playbook_version"][1] != float64(1) {
			t.Fatalf("case.playbook: %+v", oldest)
		}
	})
}

// A retired playbook is kept, with its cases, but opens no case and takes no
// edit; "New case" no longer lists it.
func TestRetiredPlaybookOpensNoCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		p := s.createPlaybook(admin, playbookBody("Old VPN", map[string]any{"title": "Disable accounts"}))
		kase := s.caseFromPlaybook(admin, p.ID, "VPN misuse")
		r := s.do(http.MethodPost, "/api/v1/playbooks/"+p.ID+"/retire", nil, append(bearer(admin), ifMatchVersion(1)...)...)
		if r.StatusCode != 200 {
			t.Fatalf("retire: %d %s", r.StatusCode, r.body)
		}
		if r := s.do(http.MethodPost, "/api/v1/playbooks/"+p.ID+"/retire", nil, append(bearer(admin), ifMatchVersion(1)...)...); r.StatusCode != http.StatusConflict {
			t.Fatalf("retire again: %d", r.StatusCode)
		}
		if r := s.do(http.MethodPost, "/api/v1/cases", caseBody("VPN again", map[string]any{"playbook_id": p.ID}), bearer(admin)...); r.StatusCode != http.StatusConflict {
			t.Fatalf("case from a retired playbook: %d", r.StatusCode)
		}
		if r := s.do(http.MethodPut, "/api/v1/playbooks/"+p.ID, playbookBody("Old VPN 2"), append(bearer(admin), ifMatchVersion(1)...)...); r.StatusCode != http.StatusConflict {
			t.Fatalf("edit a retired playbook: %d", r.StatusCode)
		}
		if l := s.playbooks(admin, ""); len(l) != 1 || l[0].ID != builtinPlaybookID {
			t.Fatalf("list without retired: %+v", l)
		}
		l := s.playbooks(admin, "?include_retired=true")
		if i := slices.IndexFunc(l, func(x apiPlaybook) bool { return x.ID == p.ID }); i < 0 || l[i].RetiredAt == nil {
			t.Fatalf("list with retired: %+v", l)
		}
		var c caseWithPlaybook
		s.do(http.MethodGet, "/api/v1/cases/"+kase.ID, nil, bearer(admin)...).json(&c)
		if c.Playbook == nil || c.Playbook.ID != p.ID {
			t.Fatalf("the case lost its playbook: %+v", c)
		}
		if len(s.auditEvents(admin, "playbook.retire")) != 1 {
			t.Fatal("retire not audited")
		}
		// An unknown playbook is named with the case's own invalid fields, and nothing is written.
		before := len(s.auditEvents(admin, "case.create"))
		r = s.do(http.MethodPost, "/api/v1/cases", caseBody("", map[string]any{"playbook_id": uuid.NewString(), "aware_at": ago(3 * time.Hour)}), bearer(admin)...)
		if f := fieldsOf(t, r); f["playbook_id"] == "" || f["title"] == "" || f["aware_at"] == "" {
			t.Fatalf("unknown playbook and a bad case: %s", r.body)
		}
		r = s.do(http.MethodPost, "/api/v1/cases", caseBody("Valid but no such playbook", map[string]any{"playbook_id": uuid.NewString()}), bearer(admin)...)
		if f := fieldsOf(t, r); f["playbook_id"] == "" || len(f) != 1 {
			t.Fatalf("unknown playbook: %s", r.body)
		}
		if after := len(s.auditEvents(admin, "case.create")); after != before {
			t.Fatalf("refused creations wrote %d cases", after-before)
		}
	})
}

// The built-in playbook is on every installation; a case opened from it gets
// its eight tasks, each due its offset after the case's aware_at, with their
// groups and checklists, all audited.
func TestBuiltinPlaybookOpensACaseWithItsTasks(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		l := s.playbooks(tokens["responder"], "")
		if len(l) != 1 || l[0].ID != builtinPlaybookID || !l[0].Builtin || len(l[0].Tasks) != 8 || len(l[0].Milestones) != 4 {
			t.Fatalf("built-in: %+v", l)
		}
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		body := caseBody("Toolkit taken offline", map[string]any{"playbook_id": builtinPlaybookID, "aware_at": aware.Format(time.RFC3339),
			"detected_at": aware.Add(-time.Hour).Format(time.RFC3339)})
		var c caseWithPlaybook
		r := s.do(http.MethodPost, "/api/v1/cases", body, bearer(tokens["responder"])...)
		r.json(&c)
		if r.StatusCode != 201 || c.OpenTasks != 8 || c.Playbook == nil || c.Playbook.ID != builtinPlaybookID {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		tasks := s.tasks(tokens["responder"], c.ID)
		want := map[string]int{}
		for _, tt := range l[0].Tasks {
			want[tt.Title] = *tt.DueOffsetHours
		}
		if len(tasks) != 8 {
			t.Fatalf("%d tasks", len(tasks))
		}
		for _, task := range tasks {
			due, _ := time.Parse(time.RFC3339, *task.DueAt)
			if h, ok := want[task.Title]; !ok || !due.Equal(aware.Add(time.Duration(h)*time.Hour)) || task.Group == "" || task.Status != "todo" {
				t.Errorf("task %q due %s group %q", task.Title, *task.DueAt, task.Group)
			}
		}
		if n := len(s.auditEvents(tokens["admin"], "task.create")); n != 8 {
			t.Fatalf("%d task.create entries", n)
		}
	})
}

// Opening a case from a playbook is one transaction: when a task cannot be
// written (here a trigger refuses one), no case, no task and no audit entry
// remain.
func TestCaseFromPlaybookIsAtomic(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		p := s.createPlaybook(admin, playbookBody("Doomed", map[string]any{"title": "First task"}, map[string]any{"title": "Explode"}))
		ctx := context.Background()
		stmts := []string{`CREATE TRIGGER tasks_refuse BEFORE INSERT ON tasks WHEN NEW.title = 'Explode' BEGIN SELECT RAISE(ABORT, 'refused'); END`}
		if db.Dialect() == store.Postgres {
			stmts = []string{
				`CREATE FUNCTION tasks_refuse() RETURNS trigger AS $$ BEGIN IF NEW.title = 'Explode' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
				`CREATE TRIGGER tasks_refuse BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_refuse()`,
			}
		}
		for _, q := range stmts {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		count := func(q string) int {
			var n int
			if err := db.SQL().QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		cases0, tasks0, audit0 := count("SELECT count(*) FROM cases"), count("SELECT count(*) FROM tasks"), count("SELECT count(*) FROM audit_events")
		r := s.do(http.MethodPost, "/api/v1/cases", caseBody("Doomed case", map[string]any{"playbook_id": p.ID}), bearer(admin)...)
		if r.StatusCode != http.StatusInternalServerError {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		if c, tk, a := count("SELECT count(*) FROM cases"), count("SELECT count(*) FROM tasks"), count("SELECT count(*) FROM audit_events"); c != cases0 || tk != tasks0 || a != audit0 {
			t.Fatalf("after the failure: %d cases (was %d), %d tasks (was %d), %d audit events (was %d)", c, cases0, tk, tasks0, a, audit0)
		}
		if count("SELECT count(*) FROM case_playbooks") != 0 {
			t.Fatal("the failed case was recorded as made from the playbook")
		}
	})
}

// A suspension on a case made from a playbook may take the playbook's plan:
// its milestones, each due its offset after the suspension began. A case
// made without one is a 422 and nothing is suspended.
func TestSuspensionTakesThePlaybookPlan(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Digital")
		var svc, other service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Revalidation Toolkit", "department_id": dept.ID}, bearer(admin)...).json(&svc)
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": dept.ID}, bearer(admin)...).json(&other)
		plain := s.createCase(admin, caseBody("No playbook here", nil))
		r := s.do(http.MethodPost, "/api/v1/cases/"+plain.ID+"/suspensions", map[string]any{"service_id": other.ID, "reason": "Precaution",
			"decided_by": "CISO", "playbook_milestones": true}, bearer(admin)...)
		if fieldsOf(t, r)["playbook_milestones"] == "" {
			t.Fatalf("no plan: %s", r.body)
		}
		kase := s.caseFromPlaybook(admin, builtinPlaybookID, "Toolkit suspended")
		at := time.Now().UTC().Add(-30 * time.Minute).Truncate(time.Second)
		r = s.do(http.MethodPost, "/api/v1/cases/"+kase.ID+"/suspensions", map[string]any{"service_id": svc.ID, "reason": "Precaution",
			"decided_by": "CISO", "suspended_at": at.Format(time.RFC3339), "playbook_milestones": true}, bearer(admin)...)
		var sp struct {
			ID              string `json:"id"`
			MilestonesTotal int    `json:"milestones_total"`
		}
		r.json(&sp)
		if r.StatusCode != 201 || sp.MilestonesTotal != 4 {
			t.Fatalf("suspend with plan: %d %s", r.StatusCode, r.body)
		}
		var ms struct {
			Items []struct {
				Title string `json:"title"`
				DueAt string `json:"due_at"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/suspensions/"+sp.ID+"/milestones", nil, bearer(admin)...).json(&ms)
		if len(ms.Items) != 4 || ms.Items[0].Title != "Security review" || ms.Items[0].DueAt != at.Add(72*time.Hour).Format(time.RFC3339) ||
			ms.Items[3].DueAt != at.Add(240*time.Hour).Format(time.RFC3339) {
			t.Fatalf("milestones: %+v", ms.Items)
		}
		var list struct {
			Items []any `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+plain.ID+"/suspensions", nil, bearer(admin)...).json(&list)
		if len(list.Items) != 0 {
			t.Fatal("the refused suspension was recorded")
		}
	})
}

// An installation holds at most 200 playbooks, retired ones included: one
// more is a 409 and is not written.
func TestPlaybooksAreCapped(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		ctx := context.Background()
		for i := range playbook.MaxPlaybooks - 1 { // the built-in is the 200th
			p := playbook.Playbook{ID: uuid.Must(uuid.NewV7()), Version: 1, CurrentVersion: 1, CreatedAt: time.Now().UTC(),
				Definition: playbook.Definition{Name: fmt.Sprintf("Filler %03d", i), Category: "other", Severity: "low"}}
			if err := db.CreatePlaybook(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if r := s.do(http.MethodPost, "/api/v1/playbooks", playbookBody("One too many"), bearer(admin)...); r.StatusCode != http.StatusConflict {
			t.Fatalf("the 201st playbook: %d %s", r.StatusCode, r.body)
		}
		if n := len(s.playbooks(admin, "?include_retired=true")); n != playbook.MaxPlaybooks {
			t.Fatalf("%d playbooks", n)
		}
	})
}
