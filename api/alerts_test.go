package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiAlert struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	SourceRef   string `json:"source_ref"`
	Title       string `json:"title"`
	Severity    string `json:"severity"`
	Status      string `json:"status"`
	Occurrences int    `json:"occurrences"`
	Observables []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
		TLP   string `json:"tlp"`
	} `json:"observables"`
	Raw          map[string]any `json:"raw"`
	RawSHA256    string         `json:"raw_sha256"`
	RawSize      int            `json:"raw_size"`
	CaseID       *string        `json:"case_id"`
	IgnoreReason *string        `json:"ignore_reason"`
	FirstSeenAt  time.Time      `json:"first_seen_at"`
	Version      int            `json:"version"`
}

func alertBody(ref string, extra map[string]any) map[string]any {
	b := map[string]any{"source": "mail-gateway", "source_ref": ref, "title": "Phishing to finance", "severity": "high",
		"description": "Three mailboxes received a fake invoice.",
		"observables": []map[string]any{{"type": "email", "value": "billing[@]evil[.]example"}, {"type": "url", "value": "hxxps://evil[.]example/pay"}},
		"raw":         map[string]any{"id": ref, "verdict": "phish"}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func (s *server) postAlert(token string, body map[string]any, want int) apiAlert {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/alerts", body, bearer(token)...)
	if r.StatusCode != want {
		s.t.Fatalf("post alert: %d, want %d: %s", r.StatusCode, want, r.body)
	}
	var a apiAlert
	r.json(&a)
	return a
}

// An alert is named by its source and reference: the first post is a 201,
// the same pair again a 200 updating it (occurrences 2, one row); a
// refused alert (no source_ref, an unknown severity, an observable not of
// its type, an unknown TLP) is a 422 naming the field and changes nothing.
func TestAlertIntakeNewThenRepeat(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		responder := signInAsEachRole(t, s)["responder"]
		env := &fuzzEnv{s: s}
		first := s.postAlert(responder, alertBody("MG-1", nil), http.StatusCreated)
		if first.Status != "new" || first.Occurrences != 1 || first.Observables[0].Value != "billing@evil.example" ||
			first.Observables[1].Value != "https://evil.example/pay" || first.Observables[0].TLP != "amber" || first.Raw != nil {
			t.Fatalf("first: %+v", first)
		}
		second := s.postAlert(responder, alertBody("MG-1", map[string]any{"title": "Phishing to finance, wave 2", "severity": "critical",
			"raw": map[string]any{"id": "MG-1", "wave": 2}}), http.StatusOK)
		if second.ID != first.ID || second.Occurrences != 2 || second.Version != 2 || second.Severity != "critical" ||
			second.Title != "Phishing to finance, wave 2" || second.RawSHA256 == first.RawSHA256 {
			t.Fatalf("second: %+v", second)
		}
		if n := env.count(t, "alerts"); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}
		var got apiAlert
		r := s.do(http.MethodGet, "/api/v1/alerts/"+first.ID, nil, bearer(responder)...)
		r.json(&got)
		sum := sha256.Sum256([]byte(`{"id":"MG-1","wave":2}`))
		if r.Header.Get("ETag") != `"2"` || got.Raw["wave"] != float64(2) || got.RawSize != len(`{"id":"MG-1","wave":2}`) ||
			got.RawSHA256 != hex.EncodeToString(sum[:]) {
			t.Fatalf("get: %s %+v", r.Header.Get("ETag"), got)
		}
		// A payload past 64 KiB: its hash and size kept, not itself.
		big := strings.Repeat("x", 70<<10)
		s.postAlert(responder, alertBody("MG-1", map[string]any{"raw": map[string]any{"log": big}}), http.StatusOK)
		s.do(http.MethodGet, "/api/v1/alerts/"+first.ID, nil, bearer(responder)...).json(&got)
		sum = sha256.Sum256([]byte(`{"log":"` + big + `"}`))
		if got.Raw != nil || got.RawSize != len(big)+10 || got.RawSHA256 != hex.EncodeToString(sum[:]) || got.Occurrences != 3 {
			t.Fatalf("a large payload: size %d, kept %v", got.RawSize, got.Raw != nil)
		}
		var listed struct{ Items []json.RawMessage }
		s.do(http.MethodGet, "/api/v1/alerts", nil, bearer(responder)...).json(&listed)
		if len(listed.Items) != 1 || bytes.Contains(listed.Items[0], []byte(`"raw"`)) {
			t.Fatalf("the list holds the raw payload: %s", listed.Items)
		}

		before := env.state(t)
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no source_ref", func() map[string]any { b := alertBody("x", nil); delete(b, "source_ref"); return b }(), "source_ref"},
			{"a blank source_ref", alertBody("   ", nil), "source_ref"},
			{"an unknown severity", alertBody("MG-9", map[string]any{"severity": "urgent"}), "severity"},
			{"a value not of its type", alertBody("MG-9", map[string]any{"observables": []map[string]any{
				{"type": "ipv4", "value": "192.0.2.1"}, {"type": "domain", "value": "ok.example"}, {"type": "sha256", "value": "abc"}}}), "observables.2.value"},
			{"an unknown TLP", alertBody("MG-1", map[string]any{"observables": []map[string]any{
				{"type": "ipv4", "value": "192.0.2.1"}, {"type": "ipv4", "value": "192.0.2.2", "tlp": "black"}}}), "observables.1.tlp"},
		} {
			p := s.do(http.MethodPost, "/api/v1/alerts", c.body, bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%s: %+v, want the field %s", c.name, p.Errors, c.field)
			}
		}
		env.same(t, before, "refused alerts")
	})
}

// Twenty posts of one pair at once through the API: one alert, twenty
// occurrences, one 201 and nineteen 200s.
func TestAlertIntakeConcurrentRepeats(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{})
		admin := s.signIn().AccessToken
		const n = 20
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				body, _ := json.Marshal(alertBody("EDR-RACE", nil))
				req, _ := http.NewRequest(http.MethodPost, s.url+"/api/v1/alerts", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+admin)
				if res, err := http.DefaultClient.Do(req); err == nil {
					statuses[i] = res.StatusCode
					res.Body.Close()
				}
			})
		}
		wg.Wait()
		count := map[int]int{}
		for _, st := range statuses {
			count[st]++
		}
		if count[http.StatusCreated] != 1 || count[http.StatusOK] != n-1 {
			t.Fatalf("statuses %v, want one 201 and %d 200s", count, n-1)
		}
		var list struct{ Items []apiAlert }
		s.do(http.MethodGet, "/api/v1/alerts", nil, bearer(admin)...).json(&list)
		if len(list.Items) != 1 || list.Items[0].Occurrences != n {
			t.Fatalf("list: %+v", list.Items)
		}
	})
}

// Importing opens a case with the alert's observables (from a playbook,
// with its tasks, when one is named) and marks the alert imported; a second
// import is a 409; decisions need If-Match; merging into a case the caller
// may not see is a 404; ignoring needs a reason; an ignored alert sent
// again stays ignored and counts the occurrence.
func TestAlertImportMergeIgnore(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{})
		tokens := signInAsEachRole(t, s)
		responder, admin := tokens["responder"], tokens["admin"]
		env := &fuzzEnv{s: s}
		importBody := map[string]any{"category": "phishing", "personal_data_involved": false}

		a := s.postAlert(responder, alertBody("MG-10", nil), http.StatusCreated)
		path := "/api/v1/alerts/" + a.ID
		s.do(http.MethodPost, path+"/import", importBody, bearer(responder)...).problem(t, http.StatusPreconditionRequired)
		s.do(http.MethodPost, path+"/import", importBody, append(bearer(responder), "If-Match", `"7"`)...).problem(t, http.StatusPreconditionFailed)
		r := s.do(http.MethodPost, path+"/import", importBody, append(bearer(responder), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("import: %d %s", r.StatusCode, r.body)
		}
		var imported apiAlert
		r.json(&imported)
		if imported.Status != "imported" || imported.CaseID == nil {
			t.Fatalf("imported: %+v", imported)
		}
		var kase struct {
			apiCase
			Summary    string    `json:"summary"`
			DetectedAt time.Time `json:"detected_at"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+*imported.CaseID, nil, bearer(responder)...).json(&kase)
		if kase.Title != "Phishing to finance" || kase.Severity != "high" || kase.Summary != "Three mailboxes received a fake invoice." ||
			!kase.DetectedAt.Equal(a.FirstSeenAt) {
			t.Fatalf("case: %+v, alert first seen %s", kase, a.FirstSeenAt)
		}
		var timeline struct{ Items []struct{ Summary string } }
		s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/timeline", nil, bearer(responder)...).json(&timeline)
		if !slices.ContainsFunc(timeline.Items, func(e struct{ Summary string }) bool {
			return strings.Contains(e.Summary, "opened the case from alert ‘Phishing to finance’ from mail-gateway")
		}) {
			t.Errorf("the case's timeline does not tell the import: %+v", timeline.Items)
		}
		// Sent again, an imported alert stays imported and counts the occurrence.
		if again := s.postAlert(responder, alertBody("MG-10", nil), http.StatusOK); again.Status != "imported" || again.Occurrences != 2 {
			t.Fatalf("an imported alert sent again: %+v", again)
		}
		var obs struct{ Items []apiObservable }
		s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/observables", nil, bearer(responder)...).json(&obs)
		if len(obs.Items) != 2 {
			t.Fatalf("the case holds %d observables, want the alert's 2", len(obs.Items))
		}
		before := env.state(t)
		s.do(http.MethodPost, path+"/import", importBody, append(bearer(responder), "If-Match", `"3"`)...).problem(t, http.StatusConflict)
		s.do(http.MethodPost, path+"/ignore", map[string]any{"reason": "late"}, append(bearer(responder), "If-Match", `"3"`)...).problem(t, http.StatusConflict)
		env.same(t, before, "a decision on an imported alert")

		// From a playbook: the case carries its tasks; a severity of info opens a low case.
		p := s.createPlaybook(admin, playbookBody("Phishing response", map[string]any{"title": "Block the sender"}, map[string]any{"title": "Reset passwords"}))
		b := s.postAlert(responder, alertBody("MG-11", map[string]any{"severity": "info"}), http.StatusCreated)
		r = s.do(http.MethodPost, "/api/v1/alerts/"+b.ID+"/import", map[string]any{"category": "phishing", "personal_data_involved": true, "playbook_id": p.ID},
			append(bearer(responder), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("import with a playbook: %d %s", r.StatusCode, r.body)
		}
		r.json(&imported)
		var tasks struct{ Items []struct{ Title string } }
		s.do(http.MethodGet, "/api/v1/cases/"+*imported.CaseID+"/tasks", nil, bearer(responder)...).json(&tasks)
		s.do(http.MethodGet, "/api/v1/cases/"+*imported.CaseID, nil, bearer(responder)...).json(&kase)
		if len(tasks.Items) != 2 || kase.Severity != "low" {
			t.Fatalf("from the playbook: %d tasks, severity %s", len(tasks.Items), kase.Severity)
		}
		// A playbook that does not exist: 422, and no case.
		c := s.postAlert(responder, alertBody("MG-12", nil), http.StatusCreated)
		before = env.state(t)
		s.do(http.MethodPost, "/api/v1/alerts/"+c.ID+"/import", map[string]any{"category": "phishing", "personal_data_involved": false,
			"playbook_id": "01900000-0000-7000-8000-0000000000aa"}, append(bearer(responder), "If-Match", `"1"`)...).problem(t, http.StatusUnprocessableEntity)
		env.same(t, before, "an import from a playbook that does not exist")

		// Merge: a restricted case the responder is not on is a 404 and changes nothing.
		hidden := s.createCase(admin, caseBody("Restricted payroll fraud", map[string]any{"restricted": true}))
		before = env.state(t)
		s.do(http.MethodPost, "/api/v1/alerts/"+c.ID+"/merge", map[string]any{"case_id": hidden.ID}, append(bearer(responder), "If-Match", `"1"`)...).
			problem(t, http.StatusNotFound)
		env.same(t, before, "a merge into a case not seen")
		open := s.createCase(responder, caseBody("Phishing wave", nil))
		r = s.do(http.MethodPost, "/api/v1/alerts/"+c.ID+"/merge", map[string]any{"case_id": open.ID}, append(bearer(responder), "If-Match", `"1"`)...)
		var merged apiAlert
		r.json(&merged)
		if r.StatusCode != http.StatusOK || merged.Status != "imported" || merged.CaseID == nil || *merged.CaseID != open.ID {
			t.Fatalf("merge: %d %s", r.StatusCode, r.body)
		}

		// Ignore: a reason is required, not blank.
		d := s.postAlert(responder, alertBody("SIEM-13", map[string]any{"source": "siem"}), http.StatusCreated)
		before = env.state(t)
		for _, body := range []map[string]any{{}, {"reason": "   "}} {
			p := s.do(http.MethodPost, "/api/v1/alerts/"+d.ID+"/ignore", body, append(bearer(responder), "If-Match", `"1"`)...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || p.Errors[0].Field != "reason" {
				t.Errorf("ignore with %v: %+v", body, p.Errors)
			}
		}
		env.same(t, before, "an ignore without a reason")
		var ignored apiAlert
		s.do(http.MethodPost, "/api/v1/alerts/"+d.ID+"/ignore", map[string]any{"reason": "Our own vulnerability scanner"},
			append(bearer(responder), "If-Match", `"1"`)...).json(&ignored)
		if ignored.Status != "ignored" || ignored.IgnoreReason == nil || *ignored.IgnoreReason != "Our own vulnerability scanner" {
			t.Fatalf("ignored: %+v", ignored)
		}
		again := s.postAlert(responder, alertBody("SIEM-13", map[string]any{"source": "siem"}), http.StatusOK)
		if again.Status != "ignored" || again.Occurrences != 2 {
			t.Fatalf("an ignored alert sent again: %+v", again)
		}

		for action, n := range map[string]int{"alert.create": 4, "alert.repeat": 2, "alert.import": 2, "alert.merge": 1, "alert.ignore": 1} {
			var got int
			if err := s.db.SQL().QueryRow("SELECT count(*) FROM audit_events WHERE action = $1", action).Scan(&got); err != nil || got != n {
				t.Errorf("%d %s events (%v), want %d", got, action, err, n)
			}
		}
		var onCase int
		if err := s.db.SQL().QueryRow("SELECT count(*) FROM audit_events WHERE action = 'alert.merge' AND case_id = $1", open.ID).Scan(&onCase); err != nil || onCase != 1 {
			t.Errorf("the merge is not on the case's trail: %d, %v", onCase, err)
		}

		// The queue: filters by status, source and text; newest activity first.
		list := func(query string) []apiAlert {
			var l struct{ Items []apiAlert }
			r := s.do(http.MethodGet, "/api/v1/alerts?"+query, nil, bearer(responder)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("list %s: %d %s", query, r.StatusCode, r.body)
			}
			r.json(&l)
			return l.Items
		}
		if got := list("status=ignored"); len(got) != 1 || got[0].ID != d.ID {
			t.Errorf("status=ignored: %+v", got)
		}
		if got := list("status=imported"); len(got) != 3 {
			t.Errorf("status=imported: %d alerts, want 3", len(got))
		}
		if got := list("source=siem"); len(got) != 1 {
			t.Errorf("source=siem: %d alerts", len(got))
		}
		if got := list("q=" + url.QueryEscape("mg-1")); len(got) != 3 {
			t.Errorf("q=mg-1: %d alerts, want 3 (MG-10, MG-11, MG-12)", len(got))
		}
		if got := list(""); len(got) != 4 || got[0].ID != d.ID {
			t.Errorf("the queue: %d alerts, first %v; want the one seen last first", len(got), got)
		}
		// Pages follow one another without repeats.
		seen := map[string]bool{}
		var l struct {
			Items      []apiAlert
			NextCursor *string `json:"next_cursor"`
		}
		q := "limit=1"
		for range 10 {
			l.NextCursor = nil
			s.do(http.MethodGet, "/api/v1/alerts?"+q, nil, bearer(responder)...).json(&l)
			for _, a := range l.Items {
				if seen[a.ID] {
					t.Fatalf("alert %s on two pages", a.ID)
				}
				seen[a.ID] = true
			}
			if l.NextCursor == nil {
				break
			}
			q = "limit=1&cursor=" + url.QueryEscape(*l.NextCursor)
		}
		if len(seen) != 4 {
			t.Errorf("%d alerts over the pages, want 4", len(seen))
		}
	})
}

// Administrators and responders do everything; auditors read; department
// heads may do nothing with alerts.
func TestAlertRoles(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{})
		tokens := signInAsEachRole(t, s)
		a := s.postAlert(tokens["responder"], alertBody("ROLES-1", nil), http.StatusCreated)
		for _, c := range []struct {
			role, method, path string
			body               any
			want               int
		}{
			{"auditor", http.MethodGet, "/alerts", nil, 200},
			{"auditor", http.MethodGet, "/alerts/" + a.ID, nil, 200},
			{"auditor", http.MethodPost, "/alerts", alertBody("ROLES-2", nil), 403},
			{"auditor", http.MethodPost, "/alerts/" + a.ID + "/ignore", map[string]any{"reason": "r"}, 403},
			{"department_head", http.MethodGet, "/alerts", nil, 403},
			{"department_head", http.MethodGet, "/alerts/" + a.ID, nil, 403},
			{"department_head", http.MethodPost, "/alerts", alertBody("ROLES-3", nil), 403},
			{"department_head", http.MethodPost, "/alerts/" + a.ID + "/import", map[string]any{"category": "phishing", "personal_data_involved": false}, 403},
			{"department_head", http.MethodPost, "/alerts/" + a.ID + "/merge", map[string]any{"case_id": a.ID}, 403},
			{"department_head", http.MethodPost, "/alerts/" + a.ID + "/ignore", map[string]any{"reason": "r"}, 403},
			{"admin", http.MethodPost, "/alerts", alertBody("ROLES-4", nil), 201},
			{"admin", http.MethodGet, "/alerts/" + a.ID, nil, 200},
			{"responder", http.MethodPost, "/alerts/" + a.ID + "/ignore", map[string]any{"reason": "duplicate of ROLES-4"}, 200},
		} {
			r := s.do(c.method, "/api/v1"+c.path, c.body, append(bearer(tokens[c.role]), "If-Match", `"1"`)...)
			if r.StatusCode != c.want {
				t.Errorf("%s %s as %s: %d, want %d: %s", c.method, c.path, c.role, r.StatusCode, c.want, r.body)
			}
		}
	})
}
