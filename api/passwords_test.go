package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

const commonPasswordMessage = "This password is among the 10 000 most common; choose another."

func TestCommonPasswordIsRefusedAndNothingCreated(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for _, password := range []string{"qwerty123456", "QwErTy123456", "1q2w3e4r5t6y"} {
			r := s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": password}, bearer(admin)...)
			p := r.problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) != 1 || p.Errors[0].Field != "password" || p.Errors[0].Message != commonPasswordMessage {
				t.Fatalf("%s: errors %+v", password, p.Errors)
			}
		}
		var l list[apiUserDoc]
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 1 {
			t.Fatalf("%d users after refusals, want only the admin", len(l.Items))
		}
		if events := s.auditEvents(admin, "user.create"); len(events) != 1 {
			t.Fatalf("%d user.create events, want the admin's only", len(events))
		}
	})
}

func TestOverlongPasswordIsRefused(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn().AccessToken
	r := s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": strings.Repeat("long ", 52)}, bearer(admin)...)
	if p := r.problem(t, http.StatusUnprocessableEntity); len(p.Errors) != 1 || p.Errors[0].Field != "password" {
		t.Fatalf("a 260-character password: errors %+v", p.Errors)
	}
}

func TestPasswordResetToACommonPasswordKeepsTheOldOne(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		u := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "the first password"})
		r := s.do(http.MethodPost, "/api/v1/users/"+u.User.ID+"/password", map[string]any{"password": "QWERTYQWERTY"}, bearer(admin)...)
		if p := r.problem(t, http.StatusUnprocessableEntity); len(p.Errors) != 1 || p.Errors[0].Field != "password" || p.Errors[0].Message != commonPasswordMessage {
			t.Fatalf("errors %+v", p.Errors)
		}
		if r := s.login("rita@example.org", "the first password"); r.StatusCode != http.StatusOK {
			t.Fatalf("the old password no longer signs in: %d", r.StatusCode)
		}
		if events := s.auditEvents(admin, "user.password_reset"); len(events) != 0 {
			t.Fatalf("%d password resets audited after a refusal", len(events))
		}
	})
}
