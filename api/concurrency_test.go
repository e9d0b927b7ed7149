package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Concurrent writers on both databases: optimistic concurrency lets exactly
// one of many writers of one version win, row locks serialise what must be
// serialised, and the audit chain stays whole throughout.

// parallel makes n requests at once, built by req(i), and returns the
// responses in order.
func parallel(s *server, n int, req func(i int) (method, path string, body any, header []string)) []response {
	out := make([]response, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method, path, body, header := req(i)
			<-start
			out[i] = s.do(method, path, body, header...)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// statuses counts the responses by status.
func statuses(rs []response) map[int]int {
	m := map[int]int{}
	for _, r := range rs {
		m[r.StatusCode]++
	}
	return m
}

// verifyChain walks the audit chain and returns how many events it holds.
func verifyChain(t *testing.T, s *server, token string) int64 {
	t.Helper()
	var v struct {
		Valid           bool   `json:"valid"`
		Checked         int64  `json:"checked"`
		FirstInvalidSeq *int64 `json:"first_invalid_seq"`
	}
	s.do(http.MethodGet, "/api/v1/audit/verify", nil, bearer(token)...).json(&v)
	if !v.Valid || v.FirstInvalidSeq != nil {
		t.Fatalf("the audit chain does not verify: %+v", v)
	}
	return v.Checked
}

// caseEvents returns the audit events of a case with this action.
func caseEvents(t *testing.T, s *server, token, caseID, action string) []auditEvent {
	t.Helper()
	var l list[auditEvent]
	s.do(http.MethodGet, "/api/v1/audit?limit=200&case_id="+caseID+"&action="+action, nil, bearer(token)...).json(&l)
	return l.Items
}

func TestParallelWritesOfOneVersionLetExactlyOneWin(t *testing.T) {
	t.Parallel()
	const n = 16
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{}) // one user's burst, not a rate-limit test
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Contended case", nil))

		rs := parallel(s, n, func(i int) (string, string, any, []string) {
			return http.MethodPatch, "/api/v1/cases/" + c.ID, map[string]any{"title": fmt.Sprintf("Writer %02d", i)}, append(bearer(admin), "If-Match", `"1"`)
		})
		if got := statuses(rs); got[http.StatusOK] != 1 || got[http.StatusPreconditionFailed] != n-1 {
			t.Fatalf("statuses %v, want one 200 and %d 412", got, n-1)
		}
		var winner apiCase
		for _, r := range rs {
			if r.StatusCode == http.StatusOK {
				r.json(&winner)
			} else {
				r.problem(t, http.StatusPreconditionFailed)
			}
		}
		var now apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&now)
		if now.Title != winner.Title || now.Version != 2 || winner.Version != 2 {
			t.Fatalf("the case is %q v%d; the winner wrote %q v%d", now.Title, now.Version, winner.Title, winner.Version)
		}
		updates := caseEvents(t, s, admin, c.ID, "case.update")
		if len(updates) != 1 {
			t.Fatalf("%d case.update events, want 1: %+v", len(updates), updates)
		}
		if title := updates[0].Changes["title"]; len(title) != 2 || title[0] != c.Title || title[1] != winner.Title {
			t.Fatalf("the update event records %v, want [%q %q]", title, c.Title, winner.Title)
		}

		// Transitions take no version but lock the case: one move, n-1 refusals.
		rs = parallel(s, n, func(int) (string, string, any, []string) {
			return http.MethodPost, "/api/v1/cases/" + c.ID + "/transitions", map[string]string{"to": "triage"}, bearer(admin)
		})
		if got := statuses(rs); got[http.StatusOK] != 1 || got[http.StatusConflict] != n-1 {
			t.Fatalf("transitions: statuses %v, want one 200 and %d 409", got, n-1)
		}
		if moves := caseEvents(t, s, admin, c.ID, "case.transition"); len(moves) != 1 {
			t.Fatalf("%d case.transition events, want 1", len(moves))
		}

		// One service, suspended by n writers at once: one suspension.
		dept := s.createDepartment(admin, "Clinical Systems")
		var svc service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Toolkit", "department_id": dept.ID}, bearer(admin)...).json(&svc)
		rs = parallel(s, n, func(i int) (string, string, any, []string) {
			return http.MethodPost, "/api/v1/cases/" + c.ID + "/suspensions",
				map[string]string{"service_id": svc.ID, "reason": fmt.Sprintf("Writer %d", i), "decided_by": "CISO"}, bearer(admin)
		})
		if got := statuses(rs); got[http.StatusCreated] != 1 || got[http.StatusConflict] != n-1 {
			t.Fatalf("suspensions: statuses %v, want one 201 and %d 409", got, n-1)
		}
		var l list[suspension]
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID+"/suspensions", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 1 || len(caseEvents(t, s, admin, c.ID, "suspension.create")) != 1 {
			t.Fatalf("%d suspensions after one was accepted", len(l.Items))
		}
		verifyChain(t, s, admin)
	})
}

func TestParallelCreationsKeepReferencesAndTheAuditChainWhole(t *testing.T) {
	t.Parallel()
	const n = 32
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{})
		admin := s.signIn().AccessToken
		before := verifyChain(t, s, admin)
		others := make([]apiCase, 8)
		for i := range others {
			others[i] = s.createCase(admin, caseBody(fmt.Sprintf("Busy case %d", i), nil))
		}

		// n creations, with updates and notes of other cases in between.
		rs := parallel(s, n+2*len(others), func(i int) (string, string, any, []string) {
			switch {
			case i < n:
				return http.MethodPost, "/api/v1/cases", caseBody(fmt.Sprintf("Parallel case %02d", i), nil), bearer(admin)
			case i < n+len(others):
				c := others[i-n]
				return http.MethodPatch, "/api/v1/cases/" + c.ID, map[string]any{"severity": "critical"}, append(bearer(admin), "If-Match", `"1"`)
			default:
				c := others[i-n-len(others)]
				return http.MethodPost, "/api/v1/cases/" + c.ID + "/notes", map[string]string{"kind": "update", "body": "Still busy"}, bearer(admin)
			}
		})
		var refs []string
		for i, r := range rs {
			want := map[bool]int{true: http.StatusCreated, false: http.StatusOK}[i < n || i >= n+len(others)]
			if r.StatusCode != want {
				t.Fatalf("request %d: %d %s", i, r.StatusCode, r.body)
			}
			if i < n {
				var c apiCase
				r.json(&c)
				refs = append(refs, c.Reference)
			}
		}
		sort.Strings(refs)
		year := time.Now().UTC().Year()
		for i, ref := range refs {
			// The 8 busy cases took 0001 to 0008.
			if want := fmt.Sprintf("INC-%d-%04d", year, len(others)+i+1); ref != want {
				t.Fatalf("references %v: position %d is %q, want %q", refs, i, ref, want)
			}
		}
		if created := s.auditEvents(admin, "case.create"); len(created) != n+len(others) {
			t.Fatalf("%d case.create events, want %d", len(created), n+len(others))
		}
		// One event per write, every one of them in the chain.
		var rows int64
		if err := db.SQL().QueryRow("SELECT count(*) FROM audit_events").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		checked := verifyChain(t, s, admin)
		if want := before + int64(len(others)+n+2*len(others)); checked != want || rows != want {
			t.Fatalf("the chain verified %d events of %d, want %d", checked, rows, want)
		}
	})
}
