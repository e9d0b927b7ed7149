package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiCase struct {
	ID                         string   `json:"id"`
	Reference                  string   `json:"reference"`
	Title                      string   `json:"title"`
	Status                     string   `json:"status"`
	Severity                   string   `json:"severity"`
	BreachStatus               string   `json:"breach_status"`
	OwnerID                    string   `json:"owner_id"`
	AwareAt                    string   `json:"aware_at"`
	RegulatorNotificationDueAt *string  `json:"regulator_notification_due_at"`
	RegulatorStatus            string   `json:"regulator_status"`
	Restricted                 bool     `json:"restricted"`
	MemberIDs                  []string `json:"member_ids"`
	Version                    int      `json:"version"`
	AllowedTransitions         []string `json:"allowed_transitions"`
	ClosingBlockers            []string `json:"closing_blockers"`
}

type caseProblem struct {
	problem
	AllowedMoves    []string `json:"allowed_moves"`
	UnmetConditions []string `json:"unmet_conditions"`
}

func ago(d time.Duration) string { return time.Now().UTC().Add(-d).Format(time.RFC3339) }

func caseBody(title string, extra map[string]any) map[string]any {
	b := map[string]any{
		"title": title, "category": "unauthorised_access", "severity": "high",
		"detected_at": ago(2 * time.Hour), "aware_at": ago(time.Hour), "personal_data_involved": false,
	}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func (s *server) createCase(token string, body map[string]any) apiCase {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/cases", body, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create case: %d %s", r.StatusCode, r.body)
	}
	var c apiCase
	r.json(&c)
	return c
}

func (s *server) patchCase(token string, c apiCase, body map[string]any) response {
	s.t.Helper()
	return s.do(http.MethodPatch, "/api/v1/cases/"+c.ID, body, append(bearer(token), "If-Match", fmt.Sprintf(`"%d"`, c.Version))...)
}

func (s *server) transition(token, id, to string) response {
	s.t.Helper()
	return s.do(http.MethodPost, "/api/v1/cases/"+id+"/transitions", map[string]string{"to": to}, bearer(token)...)
}

func TestCaseOpensWithReferenceAndRegulatorClock(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		c := s.createCase(admin, caseBody("Ransomware note on file server", map[string]any{
			"aware_at": aware.Format(time.RFC3339), "personal_data_involved": true, "data_subjects_estimate": 1200,
		}))
		year := time.Now().UTC().Year()
		if c.Reference != fmt.Sprintf("INC-%d-0001", year) || c.Status != "reported" || c.OwnerID != s.admin.ID.String() || c.BreachStatus != "suspected" {
			t.Fatalf("new case: %+v", c)
		}
		due := aware.Add(72 * time.Hour).Format(time.RFC3339)
		if c.RegulatorNotificationDueAt == nil || *c.RegulatorNotificationDueAt != due || c.RegulatorStatus != "due" {
			t.Fatalf("regulator clock: due %v status %s, want %s due", c.RegulatorNotificationDueAt, c.RegulatorStatus, due)
		}
		late := s.createCase(admin, caseBody("Old breach found late", map[string]any{
			"detected_at": ago(5 * 24 * time.Hour), "aware_at": ago(4 * 24 * time.Hour), "personal_data_involved": true,
		}))
		if late.Reference != fmt.Sprintf("INC-%d-0002", year) || late.RegulatorStatus != "overdue" {
			t.Fatalf("late case: %s %s", late.Reference, late.RegulatorStatus)
		}
		none := s.createCase(admin, caseBody("Phishing wave", nil))
		if none.RegulatorNotificationDueAt != nil || none.RegulatorStatus != "not_required" {
			t.Fatalf("no personal data: %+v", none)
		}
	})
}

func TestConcurrentCaseCreationKeepsReferencesGapFree(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		const n = 20
		refs := make(chan string, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := s.do(http.MethodPost, "/api/v1/cases", caseBody(fmt.Sprintf("Case %d", i), nil), bearer(admin)...)
				var c apiCase
				if r.StatusCode == http.StatusCreated {
					r.json(&c)
				}
				refs <- c.Reference
			}(i)
		}
		wg.Wait()
		close(refs)
		var got []string
		for r := range refs {
			got = append(got, r)
		}
		sort.Strings(got)
		year := time.Now().UTC().Year()
		for i, r := range got {
			if want := fmt.Sprintf("INC-%d-%04d", year, i+1); r != want {
				t.Fatalf("references %v: position %d is %q, want %q", got, i, r, want)
			}
		}
	})
}

func TestNonsenseCasesAreRefusedWithTheirFields(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		auditor := s.createUser(admin, map[string]any{"email": "audrey@example.org", "name": "Audrey", "role": "auditor"})
		cases := []struct {
			extra map[string]any
			field string
		}{
			{map[string]any{"detected_at": ago(time.Hour), "aware_at": ago(2 * time.Hour)}, "aware_at"},
			{map[string]any{"detected_at": ago(-24 * time.Hour)}, "detected_at"},
			{map[string]any{"owner_id": auditor.User.ID}, "owner_id"},
			{map[string]any{"department_id": "01890000-0000-7000-8000-000000000000"}, "department_id"},
			{map[string]any{"member_ids": []string{"01890000-0000-7000-8000-000000000000"}}, "member_ids"},
			{map[string]any{"title": "   "}, "title"},
		}
		for _, c := range cases {
			p := s.do(http.MethodPost, "/api/v1/cases", caseBody("Bad", c.extra), bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%v: errors %+v, want %s", c.extra, p.Errors, c.field)
			}
		}
		var l list[apiCase]
		s.do(http.MethodGet, "/api/v1/cases", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 0 {
			t.Fatalf("%d cases exist after only refusals", len(l.Items))
		}
		// The status is not a field: it moves through transitions only.
		c := s.createCase(admin, caseBody("Fine", nil))
		s.patchCase(admin, c, map[string]any{"status": "closed"}).problem(t, http.StatusBadRequest)
	})
}

func TestWorkflowRefusesMovesAndNamesWhatIsMissing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Data leak via misconfigured bucket", map[string]any{"personal_data_involved": true}))

		r := s.transition(admin, c.ID, "contained")
		var p caseProblem
		r.problem(t, http.StatusConflict)
		r.json(&p)
		if len(p.AllowedMoves) != 1 || p.AllowedMoves[0] != "triage" {
			t.Fatalf("allowed moves from reported: %v", p.AllowedMoves)
		}
		r = s.transition(admin, c.ID, "closed")
		r.problem(t, http.StatusConflict)
		r.json(&p)
		if len(p.UnmetConditions) != 2 {
			t.Fatalf("unmet conditions: %v", p.UnmetConditions)
		}
		for _, to := range []string{"triage", "investigating"} {
			if r := s.transition(admin, c.ID, to); r.StatusCode != http.StatusOK {
				t.Fatalf("move to %s: %d %s", to, r.StatusCode, r.body)
			}
		}
		var now apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&now)
		if now.Status != "investigating" || len(now.AllowedTransitions) != 1 || now.AllowedTransitions[0] != "contained" || len(now.ClosingBlockers) != 2 {
			t.Fatalf("after moving: %+v", now)
		}

		// Notified late without a reason: refused, naming the field.
		notified := ago(0)
		p2 := s.patchCase(admin, now, map[string]any{"breach_status": "confirmed", "regulator_notified_at": notified, "regulator_reference": "ICO-123",
			"aware_at": ago(100 * time.Hour), "detected_at": ago(101 * time.Hour)}).problem(t, http.StatusUnprocessableEntity)
		if len(p2.Errors) != 1 || p2.Errors[0].Field != "regulator_delay_reason" {
			t.Fatalf("late notification: %+v", p2.Errors)
		}
		r = s.patchCase(admin, now, map[string]any{"breach_status": "confirmed", "regulator_notified_at": notified, "regulator_reference": "ICO-123",
			"aware_at": ago(100 * time.Hour), "detected_at": ago(101 * time.Hour), "regulator_delay_reason": "The supplier told us only on day four."})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch: %d %s", r.StatusCode, r.body)
		}
		r.json(&now)
		if now.RegulatorStatus != "notified" || len(now.ClosingBlockers) != 0 {
			t.Fatalf("after notifying: %+v", now)
		}
		if r := s.transition(admin, c.ID, "closed"); r.StatusCode != http.StatusOK {
			t.Fatalf("close: %d %s", r.StatusCode, r.body)
		}
		if r := s.transition(admin, c.ID, "investigating"); r.StatusCode != http.StatusOK {
			t.Fatalf("reopen: %d %s", r.StatusCode, r.body)
		}
	})
}

func TestDecisionNotToNotifyMakesNotificationNotRequired(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Mis-sent email, one recipient", map[string]any{"personal_data_involved": true}))
		r := s.patchCase(admin, c, map[string]any{"breach_status": "ruled_out",
			"regulator_decision_rationale": "Recipient confirmed deletion; no risk to the data subject's rights (Art. 33(1))."})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("patch: %d %s", r.StatusCode, r.body)
		}
		var now apiCase
		r.json(&now)
		if now.RegulatorStatus != "not_required" || len(now.ClosingBlockers) != 0 {
			t.Fatalf("after the decision: %+v", now)
		}
		// A stale version is refused and changes nothing.
		s.patchCase(admin, c, map[string]any{"severity": "low"}).problem(t, http.StatusPreconditionFailed)
		s.do(http.MethodPatch, "/api/v1/cases/"+c.ID, map[string]any{"severity": "low"}, bearer(admin)...).problem(t, http.StatusPreconditionRequired)
		var again apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&again)
		if again.Severity != "high" || again.Version != now.Version {
			t.Fatalf("stale writes changed the case: %+v", again)
		}
	})
}

func TestNeedToKnowHidesCasesFromThoseWhoMayNotSeeThem(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		clinical := s.createDepartment(admin, "Clinical Systems")
		finance := s.createDepartment(admin, "Finance")
		pw := "a long enough password"
		mk := func(email, role string, dept *department) string {
			body := map[string]any{"email": email, "name": email, "role": role, "password": pw}
			if dept != nil {
				body["department_id"] = dept.ID
			}
			s.createUser(admin, body)
			var tk tokens
			s.login(email, pw).json(&tk)
			return tk.AccessToken
		}
		headClinical := mk("head.clinical@example.org", "department_head", &clinical)
		headFinance := mk("head.finance@example.org", "department_head", &finance)
		rita := mk("rita@example.org", "responder", nil)
		sam := mk("sam@example.org", "responder", nil)
		auditor := mk("audrey@example.org", "auditor", nil)
		var samUser apiUserDoc
		s.do(http.MethodGet, "/api/v1/me", nil, bearer(sam)...).json(&samUser)

		open := s.createCase(rita, caseBody("Clinical portal down", map[string]any{"department_id": clinical.ID}))
		secret := s.createCase(rita, caseBody("Insider investigation", map[string]any{"restricted": true, "department_id": clinical.ID}))

		visible := func(token, id string) bool {
			r := s.do(http.MethodGet, "/api/v1/cases/"+id, nil, bearer(token)...)
			if r.StatusCode != http.StatusOK && r.StatusCode != http.StatusNotFound {
				t.Fatalf("GET case: %d", r.StatusCode)
			}
			var l list[apiCase]
			s.do(http.MethodGet, "/api/v1/cases", nil, bearer(token)...).json(&l)
			inList := false
			for _, c := range l.Items {
				inList = inList || c.ID == id
			}
			if inList != (r.StatusCode == http.StatusOK) {
				t.Fatalf("GET and list disagree for %s", id)
			}
			return r.StatusCode == http.StatusOK
		}
		want := []struct {
			who   string
			token string
			id    string
			see   bool
		}{
			{"clinical head, open case", headClinical, open.ID, true},
			{"finance head, open case", headFinance, open.ID, false},
			{"clinical head, restricted case", headClinical, secret.ID, false},
			{"owner, restricted case", rita, secret.ID, true},
			{"other responder, open case", sam, open.ID, true},
			{"other responder, restricted case", sam, secret.ID, false},
			{"auditor, restricted case", auditor, secret.ID, true},
			{"admin, restricted case", admin, secret.ID, true},
		}
		for _, w := range want {
			if got := visible(w.token, w.id); got != w.see {
				t.Errorf("%s: visible = %v, want %v", w.who, got, w.see)
			}
		}
		// A member is let in; the others still get a 404 on every case path.
		r := s.patchCase(rita, secret, map[string]any{"member_ids": []string{samUser.ID}})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("add member: %d %s", r.StatusCode, r.body)
		}
		if !visible(sam, secret.ID) {
			t.Error("a member cannot see the restricted case")
		}
		for _, path := range []string{"", "/notes", "/timeline"} {
			s.do(http.MethodGet, "/api/v1/cases/"+secret.ID+path, nil, bearer(headFinance)...).problem(t, http.StatusNotFound)
		}
		s.do(http.MethodPost, "/api/v1/cases/"+secret.ID+"/notes", map[string]string{"kind": "update", "body": "hello"}, bearer(headClinical)...).problem(t, http.StatusNotFound)

		// Department heads may post updates on cases they see, nothing else.
		if r := s.do(http.MethodPost, "/api/v1/cases/"+open.ID+"/notes", map[string]string{"kind": "update", "body": "Clinics told to use paper forms"}, bearer(headClinical)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("head's update note: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodPost, "/api/v1/cases/"+open.ID+"/notes", map[string]string{"kind": "statement", "body": "Press release"}, bearer(headClinical)...).problem(t, http.StatusForbidden)
	})
}

func TestCaseListFiltersSearchesAndPagesStably(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		var all []apiCase
		for i, sev := range []string{"low", "critical", "medium", "high", "critical", "low"} {
			all = append(all, s.createCase(admin, caseBody(fmt.Sprintf("Case %d", i), map[string]any{"severity": sev})))
		}
		s.transition(admin, all[0].ID, "triage")
		s.do(http.MethodPost, "/api/v1/cases/"+all[3].ID+"/notes", map[string]string{"kind": "update", "body": "Supplier confirmed the firewall misconfiguration"}, bearer(admin)...)

		get := func(query string) list[apiCase] {
			var l list[apiCase]
			r := s.do(http.MethodGet, "/api/v1/cases?"+query, nil, bearer(admin)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", query, r.StatusCode, r.body)
			}
			r.json(&l)
			return l
		}
		if l := get("status=triage&status=investigating"); len(l.Items) != 1 || l.Items[0].ID != all[0].ID {
			t.Fatalf("status filter: %+v", l.Items)
		}
		if l := get("q=FIREWALL+supplier"); len(l.Items) != 1 || l.Items[0].ID != all[3].ID {
			t.Fatalf("search over notes: %+v", l.Items)
		}
		if l := get("q=" + all[4].Reference); len(l.Items) != 1 || l.Items[0].ID != all[4].ID {
			t.Fatalf("search by reference: %+v", l.Items)
		}
		// Every word, the same on both databases: the last one a prefix, the
		// others whole words; punctuation (quotes included) only separates words.
		for q, want := range map[string]int{"firewal": 1, "firewal+supplier": 0, "supplier+nowhere": 0, "-": 0, "%22firewall": 1,
			"misconfiguration%2C+supplier%22": 1, "supplier+%26+firewall%3A*": 1, "!supplier": 1} {
			if l := get("q=" + q); len(l.Items) != want {
				t.Fatalf("q=%s found %d cases, want %d", q, len(l.Items), want)
			}
		}
		if l := get("severity=critical&sort=-severity"); len(l.Items) != 2 {
			t.Fatalf("severity filter: %d", len(l.Items))
		}
		if l := get("sort=-severity&limit=2"); l.Items[0].Severity != "critical" || l.Items[1].Severity != "critical" {
			t.Fatalf("severity sort: %+v", l.Items)
		}

		// Page by two, newest first; cases opened between pages do not disturb it.
		var seen []string
		cursor := ""
		for page := 0; page < 10; page++ {
			l := get("limit=2" + map[bool]string{true: "", false: "&cursor=" + cursor}[cursor == ""])
			for _, c := range l.Items {
				seen = append(seen, c.ID)
			}
			if page == 0 {
				s.createCase(admin, caseBody("Opened between pages", nil))
			}
			if l.NextCursor == nil {
				break
			}
			cursor = *l.NextCursor
		}
		if len(seen) != len(all) {
			t.Fatalf("paged through %d cases, want the %d that existed", len(seen), len(all))
		}
		for i, id := range seen {
			if id != all[len(all)-1-i].ID {
				t.Fatalf("page order %v is not newest first", seen)
			}
		}
	})
}

func TestTimelineMergesNotesStatusAndFieldChanges(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Timeline case", nil))
		s.transition(admin, c.ID, "triage")
		s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/notes", map[string]string{"kind": "decision", "body": "Take the service offline"}, bearer(admin)...)
		var fresh apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&fresh)
		s.patchCase(admin, fresh, map[string]any{"severity": "critical"})

		var tl struct {
			Items []struct {
				Seq     int64            `json:"seq"`
				Kind    string           `json:"kind"`
				Changes map[string][]any `json:"changes"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/timeline", nil, bearer(admin)...).json(&tl)
		var kinds []string
		for _, it := range tl.Items {
			kinds = append(kinds, it.Kind)
		}
		want := []string{"field_change", "note", "status_change", "created"}
		if fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Fatalf("timeline kinds %v, want %v", kinds, want)
		}
		if sev := tl.Items[0].Changes["severity"]; len(sev) != 2 || sev[0] != "high" || sev[1] != "critical" {
			t.Fatalf("field change: %+v", tl.Items[0].Changes)
		}
	})
}

// Members are read back sorted, however they were given, from GET and lists.
func TestCaseMembersReadBackSorted(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		var ids []string
		for _, name := range []string{"ann", "bob", "cat", "dan"} {
			ids = append(ids, s.createUser(admin, map[string]any{"email": name + "@example.org", "name": name, "role": "responder"}).User.ID)
		}
		want := slices.Sorted(slices.Values(ids))
		given := slices.Clone(want)
		slices.Reverse(given)
		c := s.createCase(admin, caseBody("Members", map[string]any{"member_ids": given}))
		var got apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&got)
		var l list[apiCase]
		s.do(http.MethodGet, "/api/v1/cases", nil, bearer(admin)...).json(&l)
		if !slices.Equal(got.MemberIDs, want) || len(l.Items) != 1 || !slices.Equal(l.Items[0].MemberIDs, want) {
			t.Fatalf("members: GET %v, list %v, want %v", got.MemberIDs, l.Items, want)
		}
	})
}
