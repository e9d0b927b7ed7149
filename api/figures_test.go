package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiPhases struct {
	ContainedAt          *string `json:"contained_at"`
	ClosedAt             *string `json:"closed_at"`
	ToAwarenessSeconds   int64   `json:"to_awareness_seconds"`
	ToContainmentSeconds *int64  `json:"to_containment_seconds"`
	ToClosureSeconds     *int64  `json:"to_closure_seconds"`
	Downtime             []struct {
		ServiceName     string `json:"service_name"`
		DowntimeSeconds int64  `json:"downtime_seconds"`
		Running         bool   `json:"running"`
	} `json:"downtime"`
}

type apiFigures struct {
	TimeZone string `json:"time_zone"`
	Months   []struct {
		Month  string `json:"month"`
		Opened int    `json:"opened"`
		Closed int    `json:"closed"`
	} `json:"months"`
	Severities []struct {
		Severity      string `json:"severity"`
		ToContainment struct {
			Cases int `json:"cases"`
		} `json:"to_containment"`
		ToClosure struct {
			Cases int `json:"cases"`
		} `json:"to_closure"`
	} `json:"severities"`
	DepartmentDowntime []struct {
		DepartmentName string `json:"department_name"`
	} `json:"department_downtime"`
}

func (s *server) phases(token, id string) apiPhases {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases/"+id+"/phases", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("phases: %d %s", r.StatusCode, r.body)
	}
	var p apiPhases
	r.json(&p)
	return p
}

// closeCase rules the breach out and closes the case.
func (s *server) closeCase(token, id string) {
	s.t.Helper()
	var c apiCase
	s.do(http.MethodGet, "/api/v1/cases/"+id, nil, bearer(token)...).json(&c)
	if r := s.patchCase(token, c, map[string]any{"breach_status": "ruled_out"}); r.StatusCode != http.StatusOK {
		s.t.Fatalf("rule the breach out: %d %s", r.StatusCode, r.body)
	}
	if r := s.transition(token, id, "closed"); r.StatusCode != http.StatusOK {
		s.t.Fatalf("close: %d %s", r.StatusCode, r.body)
	}
}

// A case's phases follow its transitions: containment from the first move to
// contained (kept when it reopens), closure from the last closing (none while
// reopened), each measured from detection.
func TestCasePhasesFollowTheTransitions(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Phases of a ransomware case", nil))
		p := s.phases(admin, c.ID)
		if p.ToAwarenessSeconds < 3599 || p.ToAwarenessSeconds > 3601 || p.ContainedAt != nil || p.ToContainmentSeconds != nil || p.ToClosureSeconds != nil {
			t.Fatalf("a new case: %+v, want an hour to awareness and nothing else", p)
		}
		for _, to := range []string{"triage", "investigating", "contained"} {
			if r := s.transition(admin, c.ID, to); r.StatusCode != http.StatusOK {
				t.Fatalf("move to %s: %d %s", to, r.StatusCode, r.body)
			}
		}
		p = s.phases(admin, c.ID)
		if p.ContainedAt == nil || p.ToContainmentSeconds == nil || *p.ToContainmentSeconds < 7199 || *p.ToContainmentSeconds > 7260 || p.ClosedAt != nil {
			t.Fatalf("contained: %+v, want about two hours to containment", p)
		}
		contained := *p.ContainedAt
		s.closeCase(admin, c.ID)
		p = s.phases(admin, c.ID)
		if p.ClosedAt == nil || p.ToClosureSeconds == nil || *p.ContainedAt != contained {
			t.Fatalf("closed: %+v", p)
		}
		if r := s.transition(admin, c.ID, "investigating"); r.StatusCode != http.StatusOK {
			t.Fatalf("reopen: %d %s", r.StatusCode, r.body)
		}
		p = s.phases(admin, c.ID)
		if p.ClosedAt != nil || p.ToClosureSeconds != nil || p.ContainedAt == nil || *p.ContainedAt != contained {
			t.Fatalf("reopened: %+v, want the first containment kept and no closure", p)
		}
	})
}

// The figures count only the cases the caller may see: a restricted case
// counts for the admin and for a department head who is its member, not for
// another head of the same department, who may not read its phases either.
func TestFiguresCountOnlyTheCasesTheCallerMaySee(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestrictedFixture(t, db)
		s := f.s
		var finance []department
		s.do(http.MethodGet, "/api/v1/departments", nil, bearer(f.admin)...).json(&struct {
			Items *[]department `json:"items"`
		}{&finance})
		var financeID string
		for _, d := range finance {
			if d.Name == "Finance" {
				financeID = d.ID
			}
		}
		open := s.createCase(f.admin, caseBody("Figures of Finance", map[string]any{"department_id": financeID}))
		for _, id := range []string{open.ID, f.kase.ID} {
			for _, to := range []string{"triage", "investigating", "contained"} {
				if r := s.transition(f.admin, id, to); r.StatusCode != http.StatusOK {
					t.Fatalf("move to %s: %d %s", to, r.StatusCode, r.body)
				}
			}
		}
		s.closeCase(f.admin, f.kase.ID)
		month := time.Now().UTC().Format("2006-01")
		for _, tc := range []struct {
			who                       string
			token                     string
			opened, closed, contained int
		}{
			{"admin", f.admin, 2, 1, 2},
			{"head who is a member of the restricted case", f.head, 2, 1, 2},
			{"head of the same department, not a member", f.otherHead, 1, 0, 1},
			{"responder who owns the restricted case", f.rita, 2, 1, 2},
		} {
			r := s.do(http.MethodGet, "/api/v1/reports/figures", nil, bearer(tc.token)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.who, r.StatusCode, r.body)
			}
			var fig apiFigures
			r.json(&fig)
			if len(fig.Months) != 12 || fig.Months[11].Month != month || fig.TimeZone != "UTC" {
				t.Fatalf("%s: months %+v, want 12 ending with %s", tc.who, fig.Months, month)
			}
			contained, closed := 0, 0
			for _, sv := range fig.Severities {
				contained += sv.ToContainment.Cases
				closed += sv.ToClosure.Cases
			}
			last := fig.Months[11]
			if last.Opened != tc.opened || last.Closed != tc.closed || contained != tc.contained || closed != tc.closed {
				t.Errorf("%s: opened %d, closed %d, contained %d, closure times %d; want %d, %d, %d, %d",
					tc.who, last.Opened, last.Closed, contained, closed, tc.opened, tc.closed, tc.contained, tc.closed)
			}
		}
		if r := s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/phases", nil, bearer(f.otherHead)...); r.StatusCode != http.StatusNotFound {
			t.Errorf("phases of a restricted case for a head who may not see it: %d, want 404", r.StatusCode)
		}
	})
}
