package api_test

import (
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestSignInsAndSignOutsAreAudited(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		s.login("Mallory@Example.org", "guessing at passwords").problem(t, http.StatusUnauthorized)
		first := s.signIn()
		var second tokens
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken}).json(&second)
		s.do(http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": first.RefreshToken}) // reuse
		third := s.signIn()
		s.do(http.MethodPost, "/api/v1/auth/logout", map[string]string{"refresh_token": third.RefreshToken}, "X-Request-ID", "logout-req-1")
		token := s.signIn().AccessToken

		failed := s.auditEvents(token, "auth.login_failed")
		if len(failed) != 1 || failed[0].ActorEmail == nil || *failed[0].ActorEmail != "mallory@example.org" || failed[0].ActorID != nil {
			t.Fatalf("failed login events: %+v", failed)
		}
		if e := s.auditEvents(token, "auth.login"); len(e) != 3 || *e[0].ActorID != s.admin.ID.String() || e[0].IP == nil {
			t.Fatalf("login events: %+v", e)
		}
		if e := s.auditEvents(token, "auth.refresh_reused"); len(e) != 1 || *e[0].ActorID != s.admin.ID.String() {
			t.Fatalf("reuse events: %+v", e)
		}
		logout := s.auditEvents(token, "auth.logout")
		if len(logout) != 1 || logout[0].RequestID == nil || *logout[0].RequestID != "logout-req-1" {
			t.Fatalf("logout events: %+v", logout)
		}
		var v struct {
			Valid           bool   `json:"valid"`
			Checked         int64  `json:"checked"`
			FirstInvalidSeq *int64 `json:"first_invalid_seq"`
		}
		s.do(http.MethodGet, "/api/v1/audit/verify", nil, bearer(token)...).json(&v)
		if !v.Valid || v.FirstInvalidSeq != nil || v.Checked < 7 {
			t.Fatalf("verify: %+v", v)
		}
	})
}

func TestAuditListPagesNewestFirstAndFilters(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		token := s.signIn().AccessToken
		for _, name := range []string{"A", "B", "C", "D", "E"} {
			s.createDepartment(token, "Department "+name)
		}
		var seqs []int64
		cursor := ""
		for page := 0; page < 10; page++ {
			path := "/api/v1/audit?entity_type=department&limit=2"
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			var l list[auditEvent]
			s.do(http.MethodGet, path, nil, bearer(token)...).json(&l)
			for _, e := range l.Items {
				if e.EntityType != "department" {
					t.Fatalf("filter leaked %+v", e)
				}
				seqs = append(seqs, e.Seq)
			}
			if l.NextCursor == nil {
				break
			}
			cursor = *l.NextCursor
		}
		if len(seqs) != 5 {
			t.Fatalf("saw %d department events, want 5", len(seqs))
		}
		for i := 1; i < len(seqs); i++ {
			if seqs[i] >= seqs[i-1] {
				t.Fatalf("not newest first: %v", seqs)
			}
		}
		s.do(http.MethodGet, "/api/v1/audit?from=yesterday", nil, bearer(token)...).problem(t, http.StatusUnprocessableEntity)
	})
}
