package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

const (
	nis2ID = "01900000-0000-7000-8000-000000000023"
	pecrID = "01900000-0000-7000-8000-000000000024"
	gdprID = "01900000-0000-7000-8000-000000000033"
	art34  = "01900000-0000-7000-8000-000000000034"
)

type clockCase struct {
	apiCase
	NextClockDueAt *string `json:"next_clock_due_at"`
	NextClockLabel string  `json:"next_clock_label"`
}

type apiPhase struct {
	ID          *string `json:"id"`
	Position    int     `json:"position"`
	Name        string  `json:"name"`
	RuleText    string  `json:"rule_text"`
	DueAt       *string `json:"due_at"`
	Status      string  `json:"status"`
	SubmittedAt *string `json:"submitted_at"`
	Reference   string  `json:"reference"`
	Late        bool    `json:"late"`
	Version     int     `json:"version"`
}

type apiObligation struct {
	ID         *string    `json:"id"`
	RegimeID   string     `json:"regime_id"`
	RegimeName string     `json:"regime_name"`
	FromCase   bool       `json:"from_case"`
	Phases     []apiPhase `json:"phases"`
}

type apiRegime struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Retired bool   `json:"retired"`
	Version int    `json:"version"`
	Phases  []struct {
		Name     string `json:"name"`
		RuleText string `json:"rule_text"`
	} `json:"phases"`
}

func (s *server) clockCase(token, id string) clockCase {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases/"+id, nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("get case: %d %s", r.StatusCode, r.body)
	}
	var c clockCase
	r.json(&c)
	return c
}

func (s *server) obligations(token, caseID string) []apiObligation {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases/"+caseID+"/obligations", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("obligations: %d %s", r.StatusCode, r.body)
	}
	var out struct{ Items []apiObligation }
	r.json(&out)
	return out.Items
}

func (s *server) addObligation(token, caseID, regimeID string) apiObligation {
	s.t.Helper()
	r := s.do(http.MethodPost, "/api/v1/cases/"+caseID+"/obligations", map[string]string{"regime_id": regimeID}, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("add obligation: %d %s", r.StatusCode, r.body)
	}
	var o apiObligation
	r.json(&o)
	return o
}

func (s *server) patchPhase(token string, p apiPhase, body map[string]any) response {
	s.t.Helper()
	return s.do(http.MethodPatch, "/api/v1/obligation-phases/"+*p.ID, body, append(bearer(token), "If-Match", fmt.Sprintf(`"%d"`, p.Version))...)
}

func (s *server) auditCount(action string) int {
	s.t.Helper()
	var n int
	if err := s.db.SQL().QueryRow("SELECT count(*) FROM audit_events WHERE action = '" + action + "'").Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func at(s *string) time.Time {
	if s == nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		panic(err)
	}
	return t
}

// A case with personal data under NIS2 too: the NIS2 obligation's three
// phases (24 h, 72 h, one month after the notification) come beside the GDPR
// Art. 33 one, which is the case's regulator fields; the case's nearest clock
// follows every submission, and each change is audited.
func TestNIS2ObligationPhasesMoveTheNearestClock(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		c := s.createCase(admin, caseBody("Hospital network outage", map[string]any{
			"aware_at": aware.Format(time.RFC3339), "personal_data_involved": true}))
		if got := s.clockCase(admin, c.ID); !at(got.NextClockDueAt).Equal(aware.Add(72*time.Hour)) ||
			got.NextClockLabel != "GDPR Art. 33 · Notify the supervisory authority" {
			t.Fatalf("GDPR alone: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		o := s.addObligation(admin, c.ID, nis2ID)
		if o.RegimeName != "NIS2 Art. 23" || len(o.Phases) != 3 || o.Phases[0].Status != "due" || o.Phases[1].Status != "due" ||
			o.Phases[2].Status != "waiting" || o.Phases[2].DueAt != nil || o.Phases[2].RuleText != "1 month after phase 2 is submitted" {
			t.Fatalf("NIS2 obligation: %+v", o)
		}
		got := s.clockCase(admin, c.ID)
		if !at(got.NextClockDueAt).Equal(aware.Add(24*time.Hour)) || got.NextClockLabel != "NIS2 Art. 23 · Early warning" {
			t.Fatalf("with NIS2: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		list := s.obligations(admin, c.ID)
		if len(list) != 2 || !list[0].FromCase || list[0].ID != nil || list[0].RegimeID != gdprID || list[0].Phases[0].ID != nil ||
			list[0].Phases[0].Status != "due" || list[1].RegimeID != nis2ID {
			t.Fatalf("obligations: %+v", list)
		}

		// The early warning sent: the 72-hour clocks tie, GDPR's first.
		sent := time.Now().UTC().Add(-30 * time.Minute).Truncate(time.Second)
		r := s.patchPhase(admin, o.Phases[0], map[string]any{"submitted_at": sent.Format(time.RFC3339), "reference": "CSIRT-EW-1"})
		if r.StatusCode != http.StatusOK || r.Header.Get("ETag") != `"2"` {
			t.Fatalf("early warning: %d %s", r.StatusCode, r.body)
		}
		r.json(&o)
		if o.Phases[0].Status != "submitted" || o.Phases[0].Reference != "CSIRT-EW-1" {
			t.Fatalf("after the early warning: %+v", o.Phases[0])
		}
		if got := s.clockCase(admin, c.ID); !at(got.NextClockDueAt).Equal(aware.Add(72*time.Hour)) ||
			got.NextClockLabel != "GDPR Art. 33 · Notify the supervisory authority" {
			t.Fatalf("after the early warning: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}

		// The regulator told (through the case, as before) and the incident
		// notification sent: the final report is due a calendar month later.
		cur := s.clockCase(admin, c.ID)
		if r := s.patchCase(admin, cur.apiCase, map[string]any{"regulator_notified_at": sent.Format(time.RFC3339), "regulator_reference": "ICO-9"}); r.StatusCode != http.StatusOK {
			t.Fatalf("notify regulator: %d %s", r.StatusCode, r.body)
		}
		if got := s.clockCase(admin, c.ID); !at(got.NextClockDueAt).Equal(aware.Add(72*time.Hour)) || got.NextClockLabel != "NIS2 Art. 23 · Incident notification" {
			t.Fatalf("after GDPR: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		r = s.patchPhase(admin, o.Phases[1], map[string]any{"submitted_at": sent.Format(time.RFC3339), "reference": "CSIRT-N-1"})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("notification: %d %s", r.StatusCode, r.body)
		}
		r.json(&o)
		if o.Phases[2].Status != "due" || !at(o.Phases[2].DueAt).Equal(sent.AddDate(0, 1, 0)) {
			t.Fatalf("final report: %+v", o.Phases[2])
		}
		got = s.clockCase(admin, c.ID)
		if !at(got.NextClockDueAt).Equal(sent.AddDate(0, 1, 0)) || got.NextClockLabel != "NIS2 Art. 23 · Final report" {
			t.Fatalf("after the notification: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		if n := s.auditCount("obligation.create"); n != 1 {
			t.Fatalf("obligation.create audited %d times", n)
		}
		if n := s.auditCount("obligation_phase.update"); n != 2 {
			t.Fatalf("obligation_phase.update audited %d times", n)
		}
		// Stale If-Match: 412.
		if r := s.patchPhase(admin, apiPhase{ID: o.Phases[2].ID, Version: 7}, map[string]any{"reference": "x"}); r.StatusCode != http.StatusPreconditionFailed {
			t.Fatalf("stale: %d", r.StatusCode)
		}
		// A second NIS2 obligation: 409; GDPR Art. 33 here: 422.
		if r := s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/obligations", map[string]string{"regime_id": nis2ID}, bearer(admin)...); r.StatusCode != http.StatusConflict {
			t.Fatalf("twice: %d %s", r.StatusCode, r.body)
		}
		p := s.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/obligations", map[string]string{"regime_id": gdprID}, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "regime_id" {
			t.Fatalf("GDPR as an obligation: %+v", p)
		}
	})
}

// The GDPR fields behave as before and are the Art. 33 obligation: a decision
// not to notify stops its clock; without personal data it is not listed.
func TestGDPRFieldsAreTheArt33Obligation(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Laptop stolen from car", map[string]any{"personal_data_involved": true}))
		r := s.patchCase(admin, c, map[string]any{"regulator_decision_rationale": "Full-disk encryption: no risk to the data subjects."})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("decide: %d %s", r.StatusCode, r.body)
		}
		var after clockCase
		r.json(&after)
		if after.RegulatorStatus != "not_required" || after.NextClockDueAt != nil || after.NextClockLabel != "" {
			t.Fatalf("after deciding: %+v", after)
		}
		list := s.obligations(admin, c.ID)
		if len(list) != 1 || list[0].Phases[0].Status != "not_required" {
			t.Fatalf("obligations: %+v", list)
		}
		none := s.createCase(admin, caseBody("Port scan", nil))
		if got := s.obligations(admin, none.ID); len(got) != 0 {
			t.Fatalf("no personal data: %+v", got)
		}
		// Art. 34 has no fixed deadline: listed, never a clock.
		o := s.addObligation(admin, none.ID, art34)
		if o.Phases[0].Status != "no_deadline" || o.Phases[0].DueAt != nil || o.Phases[0].RuleText != "no fixed deadline" {
			t.Fatalf("Art. 34: %+v", o.Phases[0])
		}
		if got := s.clockCase(admin, none.ID); got.NextClockDueAt != nil {
			t.Fatalf("Art. 34 made a clock: %v", *got.NextClockDueAt)
		}
	})
}

// The list's deadline sort and clock filter use the nearest clock of any
// obligation, and so does My work.
func TestCaseListSortsAndFiltersByNearestClockOfAnyObligation(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		gdpr := s.createCase(admin, caseBody("Clockwork GDPR only", map[string]any{"personal_data_involved": true}))
		pecr := s.createCase(admin, caseBody("Clockwork PECR", nil))
		s.addObligation(admin, pecr.ID, pecrID)
		late := s.createCase(admin, caseBody("Clockwork PECR late", map[string]any{"aware_at": ago(30 * time.Hour), "detected_at": ago(31 * time.Hour)}))
		s.addObligation(admin, late.ID, pecrID)
		calm := s.createCase(admin, caseBody("Clockwork calm", nil))
		list := func(query string) []string {
			r := s.do(http.MethodGet, "/api/v1/cases?q=Clockwork&"+query, nil, bearer(admin)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("list %s: %d %s", query, r.StatusCode, r.body)
			}
			var out struct{ Items []apiCase }
			r.json(&out)
			return refs(out.Items)
		}
		if got, want := list("sort=regulator_due"), []string{late.Reference, pecr.Reference, gdpr.Reference, calm.Reference}; !slices.Equal(got, want) {
			t.Fatalf("sorted by clock: %v, want %v", got, want)
		}
		if got, want := list("sort=regulator_due&limit=1&clock=due"), []string{pecr.Reference}; !slices.Equal(got, want) {
			t.Fatalf("first due: %v, want %v", got, want)
		}
		if got, want := list("clock=due&sort=regulator_due"), []string{pecr.Reference, gdpr.Reference}; !slices.Equal(got, want) {
			t.Fatalf("due: %v, want %v", got, want)
		}
		if got, want := list("clock=overdue"), []string{late.Reference}; !slices.Equal(got, want) {
			t.Fatalf("overdue: %v, want %v", got, want)
		}
		// The GDPR-only filter stays what it was.
		if got, want := list("regulator_status=due"), []string{gdpr.Reference}; !slices.Equal(got, want) {
			t.Fatalf("regulator_status: %v, want %v", got, want)
		}
		// Paging the sort one case at a time gives the same order.
		var paged []string
		cursor := ""
		for range 6 {
			r := s.do(http.MethodGet, "/api/v1/cases?q=Clockwork&sort=regulator_due&limit=1"+cursor, nil, bearer(admin)...)
			var out struct {
				Items      []apiCase
				NextCursor *string `json:"next_cursor"`
			}
			r.json(&out)
			paged = append(paged, refs(out.Items)...)
			if out.NextCursor == nil {
				break
			}
			cursor = "&cursor=" + *out.NextCursor
		}
		if want := []string{late.Reference, pecr.Reference, gdpr.Reference, calm.Reference}; !slices.Equal(paged, want) {
			t.Fatalf("paged: %v, want %v", paged, want)
		}
		// My work: the clocks due within 24 hours (PECR's and the late one), soonest first.
		w := s.myWork(admin)
		if w.RegulatorClocks == nil || !slices.Equal(refs(w.RegulatorClocks.Items), []string{late.Reference, pecr.Reference}) {
			t.Fatalf("my work clocks: %+v", w.RegulatorClocks)
		}
	})
}

// Every invalid field of a phase record is named at once and nothing changes.
func TestPhaseRecordNamesEveryInvalidFieldAndChangesNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Supplier breach", map[string]any{"aware_at": ago(100 * time.Hour), "detected_at": ago(101 * time.Hour)}))
		o := s.addObligation(admin, c.ID, nis2ID)
		before := s.auditCount("obligation_phase.update")
		// The final report: before the notification, with a rationale, no reference.
		p := s.patchPhase(admin, o.Phases[2], map[string]any{"submitted_at": ago(time.Hour), "decision_rationale": "n/a"}).problem(t, http.StatusUnprocessableEntity)
		var fields []string
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		slices.Sort(fields)
		if !slices.Equal(fields, []string{"decision_rationale", "reference", "submitted_at"}) {
			t.Fatalf("fields: %v", fields)
		}
		// The early warning, 99 hours late and with no reason.
		p = s.patchPhase(admin, o.Phases[0], map[string]any{"submitted_at": ago(time.Hour), "reference": "EW"}).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "delay_reason" {
			t.Fatalf("late: %+v", p.Errors)
		}
		if s.auditCount("obligation_phase.update") != before {
			t.Fatal("a refused record was audited")
		}
		if got := s.obligations(admin, c.ID)[0]; got.Phases[0].SubmittedAt != nil || got.Phases[2].Status != "waiting" || got.Phases[0].Version != 1 {
			t.Fatalf("changed: %+v", got)
		}
		r := s.patchPhase(admin, o.Phases[0], map[string]any{"submitted_at": ago(time.Hour), "reference": "EW", "delay_reason": "Found on day four."})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("late with a reason: %d %s", r.StatusCode, r.body)
		}
		var got apiObligation
		r.json(&got)
		if !got.Phases[0].Late || got.Phases[0].Status != "submitted" {
			t.Fatalf("late record: %+v", got.Phases[0])
		}
	})
}

// Admins add regimes (validated, every field named), rename and retire them;
// a retired regime is not offered to cases; GDPR Art. 33 cannot be retired.
func TestAdminsAddAndRetireRegimes(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		var seeded struct{ Items []apiRegime }
		s.do(http.MethodGet, "/api/v1/regimes", nil, bearer(admin)...).json(&seeded)
		var names []string
		for _, g := range seeded.Items {
			names = append(names, g.Name)
		}
		if !slices.Equal(names, []string{"GDPR Art. 33", "GDPR Art. 34", "NIS2 Art. 23", "PECR"}) {
			t.Fatalf("seeded: %v", names)
		}
		bad := map[string]any{"name": "", "phases": []any{
			map[string]any{"name": "Initial", "audience": "press", "rule": map[string]any{"kind": "from_awareness"}},
			map[string]any{"name": "Final", "audience": "regulator", "rule": map[string]any{"kind": "after_phase", "offset_months": 1, "after_phase": 5}},
		}}
		p := s.do(http.MethodPost, "/api/v1/regimes", bad, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		var fields []string
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		if !slices.Equal(fields, []string{"name", "phases[0].audience", "phases[0].rule", "phases[1].rule.after_phase"}) {
			t.Fatalf("fields: %v", fields)
		}
		dora := map[string]any{"name": "DORA Art. 19", "description": "Major ICT-related incidents.", "phases": []any{
			map[string]any{"name": "Initial notification", "audience": "regulator", "rule": map[string]any{"kind": "from_awareness", "offset_hours": 4}},
			map[string]any{"name": "Final report", "audience": "regulator", "rule": map[string]any{"kind": "after_phase", "offset_months": 1, "after_phase": 1}},
		}}
		r := s.do(http.MethodPost, "/api/v1/regimes", dora, bearer(admin)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		var g apiRegime
		r.json(&g)
		if len(g.Phases) != 2 || g.Phases[0].RuleText != "4 h from awareness" || s.auditCount("regime.create") != 1 {
			t.Fatalf("created: %+v", g)
		}
		if p := s.do(http.MethodPost, "/api/v1/regimes", dora, bearer(admin)...).problem(t, http.StatusUnprocessableEntity); p.Errors[0].Field != "name" {
			t.Fatalf("same name: %+v", p.Errors)
		}
		c := s.createCase(admin, caseBody("Payment platform down", nil))
		o := s.addObligation(admin, c.ID, g.ID)
		if o.RegimeName != "DORA Art. 19" || o.Phases[0].Status != "due" {
			t.Fatalf("DORA obligation: %+v", o)
		}
		retire := func(id string, version int) response {
			return s.do(http.MethodPatch, "/api/v1/regimes/"+id, map[string]any{"retired": true}, append(bearer(admin), "If-Match", fmt.Sprintf(`"%d"`, version))...)
		}
		r = retire(g.ID, 1)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("retire: %d %s", r.StatusCode, r.body)
		}
		r.json(&g)
		if !g.Retired || g.Version != 2 || s.auditCount("regime.update") != 1 {
			t.Fatalf("retired: %+v", g)
		}
		if r := retire(g.ID, 1); r.StatusCode != http.StatusPreconditionFailed {
			t.Fatalf("stale: %d", r.StatusCode)
		}
		other := s.createCase(admin, caseBody("Card data exposed", nil))
		p = s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/obligations", map[string]string{"regime_id": g.ID}, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		if p.Errors[0].Field != "regime_id" {
			t.Fatalf("retired regime: %+v", p.Errors)
		}
		if got := s.obligations(admin, c.ID); len(got) != 1 || got[0].RegimeName != "DORA Art. 19" {
			t.Fatalf("the case lost its obligation: %+v", got)
		}
		var active, all struct{ Items []apiRegime }
		s.do(http.MethodGet, "/api/v1/regimes", nil, bearer(admin)...).json(&active)
		s.do(http.MethodGet, "/api/v1/regimes?include_retired=true", nil, bearer(admin)...).json(&all)
		if len(active.Items) != 4 || len(all.Items) != 5 {
			t.Fatalf("lists: %d active, %d all", len(active.Items), len(all.Items))
		}
		s.do(http.MethodPatch, "/api/v1/regimes/"+gdprID, map[string]any{"retired": true}, append(bearer(admin), "If-Match", `"1"`)...).problem(t, http.StatusConflict)
	})
}

// Responders record obligations; department heads and auditors read them;
// only admins add regimes; a restricted case's obligations are a 404 to
// whoever may not see it.
func TestObligationRoles(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		open := s.createCase(f.admin, caseBody("Shared drive exposed", nil))
		o := s.addObligation(f.sam, open.ID, pecrID) // a responder
		if r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/obligations", nil, bearer(f.head)...); r.StatusCode != http.StatusOK {
			t.Fatalf("member head reads: %d", r.StatusCode)
		}
		if r := s.do(http.MethodPost, "/api/v1/cases/"+f.kase.ID+"/obligations", map[string]string{"regime_id": pecrID}, bearer(f.head)...); r.StatusCode != http.StatusForbidden {
			t.Fatalf("head writes: %d", r.StatusCode)
		}
		if r := s.do(http.MethodPost, "/api/v1/regimes", map[string]any{"name": "X", "phases": []any{}}, bearer(f.rita)...); r.StatusCode != http.StatusForbidden {
			t.Fatalf("responder adds a regime: %d", r.StatusCode)
		}
		// The other head is not a member of the restricted case: 404 on its
		// obligations and on its phases.
		restricted := s.addObligation(f.rita, f.kase.ID, nis2ID)
		if r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/obligations", nil, bearer(f.otherHead)...); r.StatusCode != http.StatusNotFound {
			t.Fatalf("outsider reads: %d", r.StatusCode)
		}
		outsider := s.createUser(f.admin, map[string]any{"email": "outsider@example.org", "name": "Outsider", "role": "responder", "password": "a long enough password"})
		var tk tokens
		s.login("outsider@example.org", "a long enough password").json(&tk)
		_ = outsider
		if r := s.patchPhase(tk.AccessToken, restricted.Phases[0], map[string]any{"reference": "x"}); r.StatusCode != http.StatusNotFound {
			t.Fatalf("outsider writes a phase: %d %s", r.StatusCode, r.body)
		}
		if r := s.patchPhase(tk.AccessToken, o.Phases[0], map[string]any{"submitted_at": ago(time.Minute), "reference": "ICO-PECR-1"}); r.StatusCode != http.StatusOK {
			t.Fatalf("responder records on an open case: %d %s", r.StatusCode, r.body)
		}
	})
}
