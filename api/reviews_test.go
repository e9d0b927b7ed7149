package api_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiReview struct {
	CaseID        string    `json:"case_id"`
	Written       bool      `json:"written"`
	WhatHappened  string    `json:"what_happened"`
	WentWell      string    `json:"went_well"`
	ToImprove     string    `json:"to_improve"`
	FollowUps     []apiTask `json:"follow_ups"`
	CompletedAt   *string   `json:"completed_at"`
	CompletedByID *string   `json:"completed_by_id"`
	ReopenedAt    *string   `json:"reopened_at"`
	ReopenReason  string    `json:"reopen_reason"`
	Version       int       `json:"version"`
}

func reviewPath(caseID string) string { return "/api/v1/cases/" + caseID + "/review" }

func (s *server) review(token, caseID string) apiReview {
	s.t.Helper()
	r := s.do(http.MethodGet, reviewPath(caseID), nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("read review: %d %s", r.StatusCode, r.body)
	}
	var rv apiReview
	r.json(&rv)
	return rv
}

// saveReview PUTs body with the review's version as If-Match (none for a
// review not yet written).
func (s *server) saveReview(token, caseID string, version int, body map[string]any) response {
	s.t.Helper()
	h := bearer(token)
	if version > 0 {
		h = append(h, "If-Match", fmt.Sprintf(`"%d"`, version))
	}
	return s.do(http.MethodPut, reviewPath(caseID), body, h...)
}

func (s *server) reviewAction(token, caseID, action string, version int, body any) response {
	s.t.Helper()
	return s.do(http.MethodPost, reviewPath(caseID)+"/"+action, body, append(bearer(token), "If-Match", fmt.Sprintf(`"%d"`, version))...)
}

// moveTo walks a case through the workflow to each status in turn.
func (s *server) moveTo(token, caseID string, statuses ...string) {
	s.t.Helper()
	for _, to := range statuses {
		if r := s.transition(token, caseID, to); r.StatusCode != http.StatusOK {
			s.t.Fatalf("move to %s: %d %s", to, r.StatusCode, r.body)
		}
	}
}

// recoveringCase opens a case whose breach is ruled out and moves it to
// recovering.
func (s *server) recoveringCase(token, title string) apiCase {
	s.t.Helper()
	c := s.createCase(token, caseBody(title, map[string]any{"breach_status": "ruled_out"}))
	s.moveTo(token, c.ID, "triage", "investigating", "contained", "recovering")
	return c
}

func reviewBody(followUps ...map[string]any) map[string]any {
	b := map[string]any{"what_happened": "A phishing mail led to a stolen password.", "went_well": "Detection within the hour.",
		"to_improve": "Enforce MFA on the portal."}
	if len(followUps) > 0 {
		b["follow_ups"] = followUps
	}
	return b
}

// A review is refused on a case still being handled, with a sentence, and
// nothing is written; every role reads it, only admins and responders write.
func TestReviewOnAnOpenCaseIsRefusedAndRolesAreEnforced(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin := tokens["admin"]
		var depts list[department]
		s.do(http.MethodGet, "/api/v1/departments", nil, bearer(admin)...).json(&depts)
		c := s.createCase(admin, caseBody("Review gate", map[string]any{"breach_status": "ruled_out", "department_id": depts.Items[0].ID}))
		for _, status := range []string{"reported", "triage", "investigating", "contained"} {
			if status != "reported" {
				s.moveTo(admin, c.ID, status)
			}
			p := s.saveReview(admin, c.ID, 0, reviewBody(map[string]any{"title": "Too early", "assignee_id": s.admin.ID.String(), "due_at": in(48 * time.Hour)})).
				problem(t, http.StatusConflict)
			if !strings.Contains(p.Detail, "recovering or closed") || jsonName.MatchString(p.Detail) {
				t.Errorf("%s: 409 detail %q", status, p.Detail)
			}
			if rv := s.review(admin, c.ID); rv.Written || rv.Version != 0 || len(rv.FollowUps) != 0 {
				t.Fatalf("%s: a refused review was written: %+v", status, rv)
			}
		}
		if n := len(s.tasks(admin, c.ID)); n != 0 {
			t.Fatalf("a refused review added %d tasks", n)
		}
		s.moveTo(admin, c.ID, "recovering")
		version := 0
		for _, tc := range []struct {
			role  string
			write bool
		}{{"department_head", false}, {"auditor", false}, {"responder", true}, {"admin", true}} {
			if rv := s.review(tokens[tc.role], c.ID); rv.CaseID != c.ID {
				t.Errorf("%s reads the review: %+v", tc.role, rv)
			}
			body := reviewBody()
			body["went_well"] = "Written by " + tc.role
			r := s.saveReview(tokens[tc.role], c.ID, version, body)
			if want := map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[tc.write]; r.StatusCode != want {
				t.Fatalf("%s saves the review: %d, want %d (%s)", tc.role, r.StatusCode, want, r.body)
			}
			if tc.write {
				version++
			} else {
				s.reviewAction(tokens[tc.role], c.ID, "complete", 1, nil).problem(t, http.StatusForbidden)
			}
		}
		rv := s.review(tokens["auditor"], c.ID)
		if rv.WentWell != "Written by admin" || rv.Version != 2 || rv.CompletedAt != nil {
			t.Fatalf("after the roles' writes: %+v", rv)
		}
	})
}

// The first save creates the review without If-Match; later saves need the
// current version (428 without, 412 when stale), as a case's do.
func TestReviewSavesNeedTheCurrentVersion(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.recoveringCase(admin, "Review versions")
		s.saveReview(admin, c.ID, 3, reviewBody()).problem(t, http.StatusPreconditionFailed)
		r := s.saveReview(admin, c.ID, 0, reviewBody())
		if r.StatusCode != http.StatusOK || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("first save: %d %q %s", r.StatusCode, r.Header.Get("ETag"), r.body)
		}
		s.saveReview(admin, c.ID, 0, reviewBody()).problem(t, http.StatusPreconditionRequired)
		body := reviewBody()
		body["to_improve"] = "Second thoughts"
		if r := s.saveReview(admin, c.ID, 1, body); r.StatusCode != http.StatusOK {
			t.Fatalf("second save: %d %s", r.StatusCode, r.body)
		}
		body["to_improve"] = "Lost update"
		s.saveReview(admin, c.ID, 1, body).problem(t, http.StatusPreconditionFailed)
		if rv := s.review(admin, c.ID); rv.ToImprove != "Second thoughts" || rv.Version != 2 {
			t.Fatalf("after a stale save: %+v", rv)
		}
	})
}

// One 422 names every field at fault, texts and follow-ups alike, and
// nothing is written: no review, no task.
func TestReviewFieldErrorsAreNamedAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin := tokens["admin"]
		c := s.recoveringCase(admin, "Review fields")
		long := strings.Repeat("x", 10001)
		body := map[string]any{"what_happened": long, "went_well": long, "to_improve": "fine",
			"follow_ups": []map[string]any{
				{"title": "Fine", "assignee_id": s.admin.ID.String(), "due_at": in(24 * time.Hour)},
				{"title": " ", "assignee_id": s.meID(tokens["auditor"]), "due_at": ago(48 * time.Hour)},
				{"title": "No owner", "assignee_id": nil, "due_at": nil},
			}}
		r := s.saveReview(admin, c.ID, 0, body)
		got := fieldsOf(t, r)
		want := []string{"follow_ups.1.assignee_id", "follow_ups.1.due_at", "follow_ups.1.title", "follow_ups.2.assignee_id",
			"follow_ups.2.due_at", "went_well", "what_happened"}
		names := make([]string, 0, len(got))
		for f := range got {
			names = append(names, f)
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Errorf("fields %v, want %v (%s)", names, want, r.body)
		}
		if rv := s.review(admin, c.ID); rv.Written {
			t.Fatalf("a refused save wrote the review: %+v", rv)
		}
		if n := len(s.tasks(admin, c.ID)); n != 0 {
			t.Fatalf("a refused save added %d tasks", n)
		}
	})
}

// Follow-up actions become tasks in "Follow-up" with their assignee and due
// date, in the review's transaction: when one cannot be added (the case's
// task cap), neither the review nor any task is saved. They may be added to
// and changed on a closed case through the review, but the tasks endpoint
// still refuses new tasks there; they neither keep the case from closing nor
// are cancelled by it. Every change is audited.
func TestFollowUpsBecomeTasksAtomicallyAndOutliveTheCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		me := s.admin.ID.String()
		c := s.recoveringCase(admin, "Review follow-ups")
		due := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
		r := s.saveReview(admin, c.ID, 0, reviewBody(map[string]any{"title": "Roll out MFA", "assignee_id": me, "due_at": due.Format(time.RFC3339)}))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		var rv apiReview
		r.json(&rv)
		if len(rv.FollowUps) != 1 || rv.FollowUps[0].Group != "Follow-up" || rv.FollowUps[0].Title != "Roll out MFA" ||
			rv.FollowUps[0].AssigneeID == nil || *rv.FollowUps[0].AssigneeID != me || rv.FollowUps[0].DueAt == nil || rv.FollowUps[0].Status != "todo" {
			t.Fatalf("follow-ups: %+v", rv.FollowUps)
		}
		ts := s.tasks(admin, c.ID)
		if len(ts) != 1 || ts[0].ID != rv.FollowUps[0].ID {
			t.Fatalf("tasks: %+v", ts)
		}

		// An open follow-up does not keep the case from closing, and the
		// closing leaves it open.
		s.moveTo(admin, c.ID, "closed")
		if ts := s.tasks(admin, c.ID); ts[0].Status != "todo" {
			t.Fatalf("closing changed the follow-up: %+v", ts[0])
		}
		// On the closed case: the tasks endpoint still refuses a new task,
		// the review adds follow-ups, and they may change.
		s.do(http.MethodPost, tasksPath(c.ID), map[string]any{"title": "Sneaked in", "group": "Follow-up"}, bearer(admin)...).problem(t, http.StatusConflict)
		r = s.saveReview(admin, c.ID, rv.Version, reviewBody(map[string]any{"title": "Retrain staff", "assignee_id": me, "due_at": in(60 * 24 * time.Hour)}))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("follow-up on a closed case: %d %s", r.StatusCode, r.body)
		}
		r.json(&rv)
		if len(rv.FollowUps) != 2 || rv.Version != 2 {
			t.Fatalf("after a second save: %+v", rv)
		}
		if r := s.patchTask(admin, rv.FollowUps[0], map[string]any{"status": "done"}); r.StatusCode != http.StatusOK {
			t.Fatalf("finishing a follow-up of a closed case: %d %s", r.StatusCode, r.body)
		}

		// Atomic: a save whose follow-ups pass the case's task cap (200)
		// saves neither the review's text nor any task.
		fus := make([]map[string]any, 0, 50)
		for i := range 50 {
			fus = append(fus, map[string]any{"title": fmt.Sprintf("Action %d", i), "assignee_id": me, "due_at": in(24 * time.Hour)})
		}
		body := reviewBody(fus...)
		for i := 0; i < 3; i++ {
			body["to_improve"] = fmt.Sprintf("Round %d", i)
			r := s.saveReview(admin, c.ID, rv.Version, body)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("round %d: %d %s", i, r.StatusCode, r.body)
			}
			r.json(&rv)
		}
		if len(rv.FollowUps) != 152 {
			t.Fatalf("%d follow-ups, want 152", len(rv.FollowUps))
		}
		body["to_improve"] = "Over the cap"
		s.saveReview(admin, c.ID, rv.Version, body).problem(t, http.StatusConflict)
		after := s.review(admin, c.ID)
		if after.ToImprove != "Round 2" || len(after.FollowUps) != 152 || after.Version != rv.Version {
			t.Fatalf("a refused save changed the review: %q, %d follow-ups, version %d", after.ToImprove, len(after.FollowUps), after.Version)
		}
		if n := len(s.tasks(admin, c.ID)); n != 152 {
			t.Fatalf("%d tasks after a refused save, want 152", n)
		}

		// Audited: the review's creation and edits, each follow-up's task.
		if ev := s.auditEvents(admin, "review.create"); len(ev) != 1 || ev[0].EntityType != "review" || ev[0].Changes["what_happened"][1] != "A phishing mail led to a stolen password." {
			t.Errorf("review.create events: %+v", ev)
		}
		if ev := s.auditEvents(admin, "review.update"); len(ev) != 3 {
			t.Errorf("%d review.update events, want 3 (the text changed in rounds 0-2, not in the save adding one follow-up)", len(ev))
		}
		tasks := 0
		for _, e := range s.auditEvents(admin, "task.create") {
			if e.Changes["group"][1] == "Follow-up" {
				tasks++
			}
		}
		if tasks == 0 {
			t.Error("no task.create event for a follow-up")
		}
	})
}

// Completing records who and when and makes the review read-only; a reopening
// needs a reason, is audited, and makes it editable again.
func TestCompleteAndReopenTheReview(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin, responder := tokens["admin"], tokens["responder"]
		c := s.recoveringCase(admin, "Review completion")
		p := s.reviewAction(admin, c.ID, "complete", 1, nil).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "not been written") {
			t.Errorf("complete before writing: %q", p.Detail)
		}
		if r := s.saveReview(admin, c.ID, 0, reviewBody()); r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		s.reviewAction(responder, c.ID, "reopen", 1, map[string]string{"reason": "nothing to reopen"}).problem(t, http.StatusConflict)
		r := s.reviewAction(responder, c.ID, "complete", 1, nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("complete: %d %s", r.StatusCode, r.body)
		}
		var rv apiReview
		r.json(&rv)
		if rv.CompletedAt == nil || rv.CompletedByID == nil || *rv.CompletedByID != s.meID(responder) || rv.Version != 2 {
			t.Fatalf("completed: %+v", rv)
		}
		p = s.saveReview(admin, c.ID, 2, reviewBody()).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "complete") {
			t.Errorf("save of a complete review: %q", p.Detail)
		}
		s.reviewAction(admin, c.ID, "complete", 2, nil).problem(t, http.StatusConflict)
		got := fieldsOf(t, s.reviewAction(admin, c.ID, "reopen", 2, map[string]string{"reason": "   "}))
		if _, ok := got["reason"]; !ok || len(got) != 1 {
			t.Errorf("blank reason: %v", got)
		}
		s.reviewAction(tokens["department_head"], c.ID, "reopen", 2, map[string]string{"reason": "Mine now"}).problem(t, http.StatusForbidden)
		r = s.reviewAction(admin, c.ID, "reopen", 2, map[string]string{"reason": "The supplier's report came in"})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("reopen: %d %s", r.StatusCode, r.body)
		}
		r.json(&rv)
		if rv.CompletedAt != nil || rv.ReopenedAt == nil || rv.ReopenReason != "The supplier's report came in" || rv.Version != 3 {
			t.Fatalf("reopened: %+v", rv)
		}
		body := reviewBody()
		body["what_happened"] = "Amended after the supplier's report."
		if r := s.saveReview(admin, c.ID, 3, body); r.StatusCode != http.StatusOK {
			t.Fatalf("save after reopening: %d %s", r.StatusCode, r.body)
		}
		if ev := s.auditEvents(admin, "review.complete"); len(ev) != 1 {
			t.Errorf("%d review.complete events", len(ev))
		}
		tl := s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/timeline", nil, bearer(admin)...)
		for _, want := range []string{"wrote the post-incident review", "marked the post-incident review complete",
			"reopened the post-incident review: The supplier", "edited the post-incident review"} {
			if !strings.Contains(string(tl.body), want) {
				t.Errorf("the timeline lacks %q", want)
			}
		}
		ev := s.auditEvents(admin, "review.reopen")
		if len(ev) != 1 || ev[0].Changes["reason"][1] != "The supplier's report came in" {
			t.Errorf("review.reopen events: %+v", ev)
		}
	})
}

// A case's exports carry its review as written through the API: the PDF's
// own section (with the phase durations), the JSON bundle's review and the
// CSV zip's review.csv and follow_ups.csv.
func TestExportsCarryTheReview(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing; .ci/run installs it")
		}
		t.Skip("pdftotext is not installed")
	}
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.recoveringCase(admin, "Review export")
		body := reviewBody(map[string]any{"title": "Rotate the portal's signing keys", "assignee_id": s.admin.ID.String(), "due_at": in(72 * time.Hour)})
		if r := s.saveReview(admin, c.ID, 0, body); r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		r := s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/export?format=pdf", nil, bearer(admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("pdf: %d", r.StatusCode)
		}
		path := filepath.Join(t.TempDir(), "case.pdf")
		if err := os.WriteFile(path, r.body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"Post-incident review", "Time to awareness", "Time to containment", "Not yet closed",
			"A phishing mail led to a stolen password.", "Enforce MFA on the portal.", "Rotate the portal's signing keys", "Review in progress", "To do"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		var bundle struct {
			Content struct {
				Review *struct {
					WentWell  string `json:"went_well"`
					FollowUps []struct {
						Title string `json:"title"`
					} `json:"follow_ups"`
				} `json:"review"`
			} `json:"content"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/export?format=json", nil, bearer(admin)...).json(&bundle)
		if rv := bundle.Content.Review; rv == nil || rv.WentWell != "Detection within the hour." || len(rv.FollowUps) != 1 {
			t.Errorf("the bundle's review: %+v", rv)
		}
	})
}

// A review is completed only once what happened is written (409 in words),
// and the attempt changes nothing.
func TestReviewIsCompletedOnlyOnceWhatHappenedIsWritten(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.recoveringCase(admin, "Review half written")
		body := reviewBody()
		body["what_happened"] = "  "
		if r := s.saveReview(admin, c.ID, 0, body); r.StatusCode != http.StatusOK {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		p := s.reviewAction(admin, c.ID, "complete", 1, nil).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "write what happened") {
			t.Errorf("409 detail %q", p.Detail)
		}
		if rv := s.review(admin, c.ID); rv.CompletedAt != nil || rv.Version != 1 || rv.WhatHappened != "" {
			t.Fatalf("after a refused completion: %+v", rv)
		}
	})
}

// A closing that cancels the open tasks leaves the review's follow-ups open.
func TestClosingThatCancelsOpenTasksKeepsTheFollowUps(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.recoveringCase(admin, "Review and cancel")
		plain := s.createTask(admin, c.ID, map[string]any{"title": "Restore the backups"})
		r := s.saveReview(admin, c.ID, 0, reviewBody(map[string]any{"title": "Audit the backups yearly", "assignee_id": s.admin.ID.String(), "due_at": in(90 * 24 * time.Hour)}))
		var rv apiReview
		r.json(&rv)
		if r.StatusCode != http.StatusOK || len(rv.FollowUps) != 1 {
			t.Fatalf("save: %d %s", r.StatusCode, r.body)
		}
		var got struct {
			OpenTasks int `json:"open_tasks"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&got)
		if got.OpenTasks != 1 {
			t.Errorf("open_tasks = %d, want 1: the follow-up does not count", got.OpenTasks)
		}
		if r := s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/transitions", map[string]any{"to": "closed", "open_tasks": "cancel"}, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("close: %d %s", r.StatusCode, r.body)
		}
		for _, x := range s.tasks(admin, c.ID) {
			want := map[string]string{plain.ID: "cancelled", rv.FollowUps[0].ID: "todo"}[x.ID]
			if x.Status != want {
				t.Errorf("%q is %s, want %s", x.Title, x.Status, want)
			}
		}
	})
}
