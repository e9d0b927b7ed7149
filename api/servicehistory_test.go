package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type serviceHistory struct {
	Service struct {
		ID             string  `json:"id"`
		Name           string  `json:"name"`
		DepartmentID   string  `json:"department_id"`
		DepartmentName string  `json:"department_name"`
		Status         string  `json:"status"`
		PublicName     *string `json:"public_name"`
	} `json:"service"`
	Suspensions []struct {
		ID                    string  `json:"id"`
		CaseID                string  `json:"case_id"`
		CaseReference         string  `json:"case_reference"`
		Status                string  `json:"status"`
		SuspendedAt           string  `json:"suspended_at"`
		BaselineRestorationAt *string `json:"baseline_restoration_at"`
		RestoredAt            *string `json:"restored_at"`
		PlanStatus            string  `json:"plan_status"`
		DowntimeSeconds       int64   `json:"downtime_seconds"`
	} `json:"suspensions"`
	HiddenSuspensions  int `json:"hidden_suspensions"`
	OmittedSuspensions int `json:"omitted_suspensions"`
	DowntimeByMonth    []struct {
		Month   string `json:"month"`
		Seconds int64  `json:"seconds"`
	} `json:"downtime_by_month"`
	Availability []struct {
		Date        string `json:"date"`
		State       string `json:"state"`
		DownSeconds int64  `json:"down_seconds"`
	} `json:"availability"`
	Percent     float64   `json:"availability_90d_percent"`
	GeneratedAt time.Time `json:"generated_at"`
}

// serviceHistoryFixture is one service of Clinical Systems with four
// suspensions recorded through the API at known past times (d0 is the UTC
// midnight ten days ago):
//   - 31 Dec 2025 18:00 to 1 Jan 2026 06:00, restored: 6 h in each year;
//   - on a restricted case of Rita's: d0+3 06:00 to d0+5 00:00, restored;
//   - d0+6, cancelled: counts nothing;
//   - since d0+8 00:00, still down.
type serviceHistoryFixture struct {
	s                                          *server
	admin, rita, sam, head, otherHead, auditor string
	svc                                        service
	open, restricted                           apiCase
	d0                                         time.Time
	yearEnd, hidden, cancelled, active         string // suspension ids
}

func newServiceHistoryFixture(t *testing.T, db *store.DB) serviceHistoryFixture {
	s := newServer(t, db)
	f := serviceHistoryFixture{s: s, admin: s.signIn().AccessToken}
	clinical, finance := s.createDepartment(f.admin, "Clinical Systems"), s.createDepartment(f.admin, "Finance")
	pw := "a long enough password"
	var ritaID string
	user := func(email, role string, dept *department) string {
		body := map[string]any{"email": email, "name": email, "role": role, "password": pw}
		if dept != nil {
			body["department_id"] = dept.ID
		}
		u := s.createUser(f.admin, body)
		if email == "rita@example.org" {
			ritaID = u.User.ID
		}
		var tk tokens
		s.login(email, pw).json(&tk)
		return tk.AccessToken
	}
	f.rita, f.sam = user("rita@example.org", "responder", nil), user("sam@example.org", "responder", nil)
	f.head, f.otherHead = user("head@example.org", "department_head", &clinical), user("other.head@example.org", "department_head", &finance)
	f.auditor = user("auditor@example.org", "auditor", nil)
	s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Rejestr Usług Zdrowotnych", "department_id": clinical.ID}, bearer(f.admin)...).json(&f.svc)
	f.open = s.createCase(f.admin, caseBody("Suspected compromise of the register", map[string]any{"department_id": clinical.ID}))
	f.restricted = s.createCase(f.admin, caseBody("Insider, need to know", map[string]any{"restricted": true, "owner_id": ritaID, "department_id": clinical.ID}))

	now := time.Now().UTC()
	f.d0 = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -10)
	at := func(days, hours int) string {
		return f.d0.AddDate(0, 0, days).Add(time.Duration(hours) * time.Hour).Format(time.RFC3339)
	}
	suspend := func(kase apiCase, from string) string {
		r := s.do(http.MethodPost, "/api/v1/cases/"+kase.ID+"/suspensions", map[string]any{"service_id": f.svc.ID, "reason": "Suspicious logins",
			"decided_by": "Chief Information Security Officer", "suspended_at": from}, bearer(f.admin)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("suspend from %s: %d %s", from, r.StatusCode, r.body)
		}
		var sp suspension
		r.json(&sp)
		return sp.ID
	}
	end := func(id, action string, body map[string]any) {
		if r := s.do(http.MethodPost, "/api/v1/suspensions/"+id+"/"+action, body, bearer(f.admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", action, id, r.StatusCode, r.body)
		}
	}
	f.yearEnd = suspend(f.open, "2025-12-31T18:00:00Z")
	end(f.yearEnd, "restore", map[string]any{"restored_at": "2026-01-01T06:00:00Z"})
	f.hidden = suspend(f.restricted, at(3, 6))
	end(f.hidden, "restore", map[string]any{"restored_at": at(5, 0)})
	f.cancelled = suspend(f.open, at(6, 0))
	end(f.cancelled, "cancel", map[string]any{"note": "Recorded in error"})
	f.active = suspend(f.open, at(8, 0))
	return f
}

func (f serviceHistoryFixture) history(t *testing.T, token string) serviceHistory {
	t.Helper()
	r := f.s.do(http.MethodGet, "/api/v1/services/"+f.svc.ID+"/history", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("history: %d %s", r.StatusCode, r.body)
	}
	var h serviceHistory
	r.json(&h)
	return h
}

// The figures of a known history: split across months and the year end,
// cancelled counting nothing, the active one up to now, partial and whole
// days, and the percentage of the 90 days up.
func TestServiceHistoryFigures(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newServiceHistoryFixture(t, db)
		h := f.history(t, f.admin)
		if h.Service.ID != f.svc.ID || h.Service.Name != "Rejestr Usług Zdrowotnych" || h.Service.DepartmentName != "Clinical Systems" ||
			h.Service.Status != "suspended" || h.Service.PublicName != nil {
			t.Fatalf("service: %+v", h.Service)
		}
		now := h.GeneratedAt
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		day := int64(86400)
		activeDown := int64(now.Sub(f.d0.AddDate(0, 0, 8)) / time.Second)

		// The list, newest first, with each one's downtime.
		want := []struct {
			id, status string
			down       int64
		}{{f.active, "active", activeDown}, {f.cancelled, "cancelled", 0}, {f.hidden, "restored", day + 18*3600}, {f.yearEnd, "restored", 12 * 3600}}
		if len(h.Suspensions) != len(want) || h.HiddenSuspensions != 0 || h.OmittedSuspensions != 0 {
			t.Fatalf("admin sees %d suspensions (%d hidden), want %d", len(h.Suspensions), h.HiddenSuspensions, len(want))
		}
		for i, w := range want {
			got := h.Suspensions[i]
			if got.ID != w.id || got.Status != w.status || got.DowntimeSeconds != w.down {
				t.Errorf("suspension %d: %s %s %d s, want %s %s %d s", i, got.ID, got.Status, got.DowntimeSeconds, w.id, w.status, w.down)
			}
		}
		if h.Suspensions[0].CaseReference != f.open.Reference || h.Suspensions[0].PlanStatus != "no_plan" || h.Suspensions[3].PlanStatus != "restored" {
			t.Errorf("derived fields: %+v", h.Suspensions)
		}

		// Per month: 6 h in December 2025 and 6 h in January 2026, months
		// without downtime as zero, and the recent downtime in its months.
		m := h.DowntimeByMonth
		if len(m) < 12 || m[0].Month != "2025-12" || m[0].Seconds != 6*3600 || m[1].Month != "2026-01" || m[1].Seconds != 6*3600 ||
			m[len(m)-1].Month != now.Format("2006-01") {
			t.Fatalf("by month: %+v", m)
		}
		var total int64
		for _, x := range m {
			total += x.Seconds
		}
		if wantTotal := 12*3600 + day + 18*3600 + activeDown; total != wantTotal {
			t.Errorf("downtime by month adds up to %d s, want %d (the cancelled suspension counts nothing)", total, wantTotal)
		}

		// The 90 days: today last, the restricted case's suspension partial
		// then down, the cancelled day up, the active one down to today.
		a := h.Availability
		if len(a) != 90 || a[89].Date != today.Format(time.DateOnly) || a[0].Date != today.AddDate(0, 0, -89).Format(time.DateOnly) {
			t.Fatalf("availability from %s to %s (%d days)", a[0].Date, a[len(a)-1].Date, len(a))
		}
		states := map[string]string{}
		var down int64
		for _, d := range a {
			states[d.Date] = d.State
			down += d.DownSeconds
		}
		date := func(days int) string { return f.d0.AddDate(0, 0, days).Format(time.DateOnly) }
		for days, want := range map[int]string{2: "up", 3: "partial", 4: "down", 5: "up", 6: "up", 7: "up", 8: "down", 9: "down", 10: "down"} {
			if states[date(days)] != want {
				t.Errorf("%s: %s, want %s", date(days), states[date(days)], want)
			}
		}
		if down != day+18*3600+activeDown {
			t.Errorf("%d s down in the 90 days, want %d", down, day+18*3600+activeDown)
		}
		window := 89*day + int64(now.Sub(today)/time.Second)
		if wantPct := float64((window-down)*10000/window) / 100; h.Percent != wantPct {
			t.Errorf("availability %v %%, want %v", h.Percent, wantPct)
		}
	})
}

// Need-to-know: a responder who may not see the restricted case does not see
// its suspension listed, only counted as hidden, and the figures stay those
// of the service (it was down for everyone). Department heads see their own
// department's services only; another's is a 404 like an unknown service.
func TestServiceHistoryNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newServiceHistoryFixture(t, db)
		full := f.history(t, f.admin)
		ids := func(h serviceHistory) map[string]bool {
			out := map[string]bool{}
			for _, s := range h.Suspensions {
				out[s.ID] = true
			}
			return out
		}
		for _, c := range []struct {
			who         string
			token       string
			sees2ndCase bool
		}{
			{"Rita, the restricted case's owner", f.rita, true},
			{"Sam, a responder not on it", f.sam, false},
			{"the department's head", f.head, false},
			{"an auditor", f.auditor, true},
		} {
			t.Run(c.who, func(t *testing.T) {
				h := f.history(t, c.token)
				seen := ids(h)
				hidden := 1
				if c.sees2ndCase {
					hidden = 0
				}
				if seen[f.hidden] != c.sees2ndCase || len(seen) != 4-hidden || h.HiddenSuspensions != hidden {
					t.Fatalf("sees %d suspensions (restricted one: %v), %d hidden", len(seen), seen[f.hidden], h.HiddenSuspensions)
				}
				var a, b int64
				for i := range full.DowntimeByMonth {
					a += full.DowntimeByMonth[i].Seconds
				}
				for i := range h.DowntimeByMonth {
					b += h.DowntimeByMonth[i].Seconds
				}
				// Read a moment later: the active suspension has run on a little.
				if len(h.DowntimeByMonth) != len(full.DowntimeByMonth) || b < a || h.Percent > full.Percent {
					t.Fatalf("figures differ from the admin's: %d s vs %d s, %v %% vs %v %%", b, a, h.Percent, full.Percent)
				}
				whole := f.d0.AddDate(0, 0, 4).Format(time.DateOnly)
				for _, d := range h.Availability {
					if d.Date == whole && d.State != "down" {
						t.Fatalf("%s, a whole day of the hidden suspension, reads %s", whole, d.State)
					}
				}
			})
		}
		r := f.s.do(http.MethodGet, "/api/v1/services/"+f.svc.ID+"/history", nil, bearer(f.otherHead)...)
		p := r.problem(t, http.StatusNotFound)
		g := f.s.do(http.MethodGet, "/api/v1/services/"+uuid.NewString()+"/history", nil, bearer(f.admin)...).problem(t, http.StatusNotFound)
		if p.Detail != g.Detail || p.Type != g.Type {
			t.Errorf("another department's service: %q, an unknown one: %q: the answers differ", p.Detail, g.Detail)
		}
		f.s.do(http.MethodGet, "/api/v1/services/not-a-uuid/history", nil, bearer(f.admin)...).problem(t, http.StatusBadRequest)
	})
}

// A service never suspended has an empty history, no months, and 90 days up.
func TestServiceHistoryNeverSuspended(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		r := f.s.do(http.MethodGet, "/api/v1/services/"+f.service.ID+"/history", nil, bearer(f.admin)...)
		var h serviceHistory
		r.json(&h)
		if r.StatusCode != http.StatusOK || len(h.Suspensions) != 0 || len(h.DowntimeByMonth) != 0 || len(h.Availability) != 90 ||
			h.Percent != 100 || h.Service.Status != "operational" {
			t.Fatalf("never suspended: %d %s", r.StatusCode, r.body)
		}
		for _, d := range h.Availability {
			if d.State != "up" || d.DownSeconds != 0 {
				t.Fatalf("day %+v", d)
			}
		}
	})
}
