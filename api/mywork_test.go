package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type workCaseList struct {
	Items      []apiCase `json:"items"`
	More       int       `json:"more"`
	MoreCapped bool      `json:"more_capped"`
}

type myWork struct {
	Role            string        `json:"role"`
	OpenCases       *workCaseList `json:"open_cases"`
	RegulatorClocks *workCaseList `json:"regulator_clocks"`
	HeldEvidence    *struct {
		Items []struct {
			EvidenceID    string `json:"evidence_id"`
			Title         string `json:"title"`
			CaseReference string `json:"case_reference"`
		} `json:"items"`
		More int `json:"more"`
	} `json:"held_evidence"`
	SuspendedServices *struct {
		Items []struct {
			ServiceName    string     `json:"service_name"`
			DepartmentName string     `json:"department_name"`
			CaseReference  string     `json:"case_reference"`
			Suspension     suspension `json:"suspension"`
		} `json:"items"`
		More int `json:"more"`
	} `json:"suspended_services"`
	RecentExports *struct {
		Items []struct {
			Kind          string `json:"kind"`
			ActorEmail    string `json:"actor_email"`
			ActorName     string `json:"actor_name"`
			CaseReference string `json:"case_reference"`
		} `json:"items"`
	} `json:"recent_exports"`
	AuditChain *struct {
		LastVerifiedAt *string `json:"last_verified_at"`
		Valid          *bool   `json:"valid"`
		Checked        int64   `json:"checked"`
		LatestSeq      int64   `json:"latest_seq"`
	} `json:"audit_chain"`
	Setup *struct {
		Departments bool `json:"departments"`
		Services    bool `json:"services"`
		Users       bool `json:"users"`
	} `json:"setup"`
}

func (s *server) myWork(token string) myWork {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/me/work", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("my work: %d %s", r.StatusCode, r.body)
	}
	var w myWork
	r.json(&w)
	return w
}

func refs(cs []apiCase) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Reference
	}
	return out
}

// My work shows each role its own lists, and nothing of a case the caller may
// not see: a responder who is not a member of a restricted case sees neither
// its clock nor the evidence handed to them on it; a department head sees
// only their department's suspended services; an auditor sees exports and the
// last verification of the chain, which walking it records.
func TestMyWorkPerRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken

		// A fresh installation: the admin's checklist, nothing ticked.
		w := s.myWork(admin)
		if w.Setup == nil || w.Setup.Departments || w.Setup.Services || w.Setup.Users {
			t.Fatalf("fresh installation's checklist: %+v", w.Setup)
		}
		if w.OpenCases == nil || len(w.OpenCases.Items) != 0 || w.SuspendedServices != nil || w.RecentExports != nil {
			t.Fatalf("admin's sections: %+v", w)
		}
		clinical, finance := s.createDepartment(admin, "Clinical Systems"), s.createDepartment(admin, "Finance")
		if w := s.myWork(admin); w.Setup == nil || !w.Setup.Departments || w.Setup.Services || w.Setup.Users {
			t.Fatalf("checklist after a department: %+v", w.Setup)
		}
		var toolkit, payroll service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Revalidation Toolkit", "department_id": clinical.ID}, bearer(admin)...).json(&toolkit)
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": finance.ID}, bearer(admin)...).json(&payroll)
		pw := "a long enough password"
		user := func(email, name, role string, dept *department) (string, string) {
			body := map[string]any{"email": email, "name": name, "role": role, "password": pw}
			if dept != nil {
				body["department_id"] = dept.ID
			}
			u := s.createUser(admin, body)
			var tk tokens
			s.login(email, pw).json(&tk)
			return tk.AccessToken, u.User.ID
		}
		rita, ritaID := user("rita@example.org", "Rita Patel", "responder", nil)
		sam, samID := user("sam@example.org", "Sam Okafor", "responder", nil)
		head, _ := user("head.clinical@example.org", "Hana Clinical", "department_head", &clinical)
		financeHead, _ := user("head.finance@example.org", "Fred Finance", "department_head", &finance)
		auditor, _ := user("auditor@example.org", "Ava Auditor", "auditor", nil)
		if w := s.myWork(admin); w.Setup != nil {
			t.Fatalf("checklist once all is set up: %+v", w.Setup)
		}

		personal := func(title, owner string, awareAgo time.Duration, extra map[string]any) apiCase {
			b := caseBody(title, map[string]any{"owner_id": owner, "personal_data_involved": true,
				"detected_at": ago(awareAgo + time.Hour), "aware_at": ago(awareAgo)})
			for k, v := range extra {
				b[k] = v
			}
			return s.createCase(admin, b)
		}
		dueSoon := personal("Due in 12 hours", ritaID, 60*time.Hour, nil)
		overdue := personal("Overdue", samID, 100*time.Hour, nil)
		later := personal("Due in 62 hours", ritaID, 10*time.Hour, nil)
		noClock := s.createCase(admin, caseBody("No personal data", map[string]any{"owner_id": ritaID}))
		closed := s.createCase(admin, caseBody("Closed", map[string]any{"owner_id": ritaID, "breach_status": "ruled_out"}))
		if r := s.transition(admin, closed.ID, "closed"); r.StatusCode != http.StatusOK {
			t.Fatalf("close: %d %s", r.StatusCode, r.body)
		}
		secret := personal("Restricted, due in 2 hours", samID, 70*time.Hour, map[string]any{"restricted": true})

		// Evidence: one item handed to Rita (by email, in another case), one
		// handed to her and then on to forensics, one on the restricted case.
		item := func(c apiCase, title string) string {
			var ev apiEvidence
			s.upload(admin, c.ID, map[string]string{"title": title, "kind": "log", "collected_at": ago(3 * time.Hour)}, "log.txt", []byte(title)).json(&ev)
			return ev.ID
		}
		hand := func(id, to string, when time.Duration) {
			r := s.do(http.MethodPost, "/api/v1/evidence/"+id+"/custody", map[string]any{"action": "transferred", "from_party": "IR team",
				"to_party": to, "occurred_at": ago(when)}, bearer(admin)...)
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("hand over: %d %s", r.StatusCode, r.body)
			}
		}
		held := item(dueSoon, "Firewall logs")
		hand(held, "Rita@Example.org", 2*time.Hour)
		passedOn := item(noClock, "Proxy logs")
		hand(passedOn, "Rita Patel", 2*time.Hour)
		hand(passedOn, "Forensics Ltd", time.Hour)
		hidden := item(secret, "Secret logs")
		hand(hidden, "rita@example.org", time.Hour)

		t.Run("responder", func(t *testing.T) {
			w := s.myWork(rita)
			if w.Role != "responder" || w.SuspendedServices != nil || w.RecentExports != nil || w.AuditChain != nil || w.Setup != nil {
				t.Fatalf("responder's sections: %+v", w)
			}
			if got, want := refs(w.OpenCases.Items), []string{dueSoon.Reference, later.Reference, noClock.Reference}; !slices.Equal(got, want) {
				t.Fatalf("open cases %v, want %v (soonest deadline first, closed and others' left out)", got, want)
			}
			if got, want := refs(w.RegulatorClocks.Items), []string{overdue.Reference, dueSoon.Reference}; !slices.Equal(got, want) {
				t.Fatalf("clocks %v, want %v (not the restricted case's, not one due in 62 h)", got, want)
			}
			if got := w.HeldEvidence.Items; len(got) != 1 || got[0].EvidenceID != held || got[0].CaseReference != dueSoon.Reference {
				t.Fatalf("held evidence %+v, want only %s", got, held)
			}
			// Sam is the restricted case's owner: its clock is his.
			if got := refs(s.myWork(sam).RegulatorClocks.Items); !slices.Contains(got, secret.Reference) {
				t.Fatalf("owner's clocks %v lack the restricted case", got)
			}
		})

		t.Run("admin sees every clock", func(t *testing.T) {
			w := s.myWork(admin)
			if got, want := refs(w.RegulatorClocks.Items), []string{overdue.Reference, secret.Reference, dueSoon.Reference}; !slices.Equal(got, want) {
				t.Fatalf("admin's clocks %v, want %v", got, want)
			}
		})

		t.Run("department head", func(t *testing.T) {
			for _, sp := range []struct{ svc, kase string }{{toolkit.ID, dueSoon.ID}, {payroll.ID, noClock.ID}} {
				r := s.do(http.MethodPost, "/api/v1/cases/"+sp.kase+"/suspensions", map[string]any{"service_id": sp.svc, "reason": "Suspicious logins",
					"decided_by": "CISO", "suspended_at": ago(48 * time.Hour), "expected_restoration_at": time.Now().UTC().Add(48 * time.Hour).Format(time.RFC3339)}, bearer(admin)...)
				if r.StatusCode != http.StatusCreated {
					t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
				}
			}
			w := s.myWork(head)
			if w.OpenCases != nil || w.RegulatorClocks != nil || w.HeldEvidence != nil || w.RecentExports != nil {
				t.Fatalf("head's sections: %+v", w)
			}
			if got := w.SuspendedServices.Items; len(got) != 1 || got[0].ServiceName != "Revalidation Toolkit" || got[0].CaseReference != dueSoon.Reference ||
				got[0].Suspension.Status != "active" {
				t.Fatalf("clinical head's suspensions: %+v", got)
			}
			if got := s.myWork(financeHead).SuspendedServices.Items; len(got) != 1 || got[0].ServiceName != "Payroll" {
				t.Fatalf("finance head's suspensions: %+v", got)
			}
		})

		t.Run("auditor", func(t *testing.T) {
			w := s.myWork(auditor)
			if w.OpenCases != nil || w.SuspendedServices != nil || w.Setup != nil || w.AuditChain == nil {
				t.Fatalf("auditor's sections: %+v", w)
			}
			if len(w.RecentExports.Items) != 0 || w.AuditChain.LastVerifiedAt != nil || w.AuditChain.Valid != nil || w.AuditChain.LatestSeq == 0 {
				t.Fatalf("before any export or verification: %+v %+v", w.RecentExports, w.AuditChain)
			}
			if r := s.do(http.MethodGet, "/api/v1/cases/"+dueSoon.ID+"/export?format=json", nil, bearer(admin)...); r.StatusCode != http.StatusOK {
				t.Fatalf("export: %d", r.StatusCode)
			}
			if r := s.do(http.MethodGet, "/api/v1/audit/verify", nil, bearer(auditor)...); r.StatusCode != http.StatusOK {
				t.Fatalf("verify: %d", r.StatusCode)
			}
			w = s.myWork(auditor)
			if got := w.RecentExports.Items; len(got) != 1 || got[0].Kind != "case" || got[0].CaseReference != dueSoon.Reference || got[0].ActorEmail != "admin@example.org" {
				t.Fatalf("exports: %+v", got)
			}
			c := w.AuditChain
			if c.LastVerifiedAt == nil || c.Valid == nil || !*c.Valid || c.Checked == 0 || c.Checked > c.LatestSeq {
				t.Fatalf("chain after a verification: %+v", c)
			}
		})
	})
}
