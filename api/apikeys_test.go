package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiKey struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Kind      string  `json:"kind"`
	Role      string  `json:"role"`
	UserID    string  `json:"user_id"`
	UserEmail string  `json:"user_email"`
	State     string  `json:"state"`
	LastUsed  *string `json:"last_used_at"`
	RevokedAt *string `json:"revoked_at"`
}

type apiKeyMade struct {
	Key   apiKey `json:"key"`
	Token string `json:"token"`
}

func inHours(h int) string {
	return time.Now().Add(time.Duration(h) * time.Hour).UTC().Format(time.RFC3339)
}

func (s *server) makeKey(token, path string, body map[string]any) apiKeyMade {
	s.t.Helper()
	r := s.do(http.MethodPost, path, body, bearer(token)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("make key: %d %s", r.StatusCode, r.body)
	}
	var m apiKeyMade
	r.json(&m)
	return m
}

func TestAPIKeyActsForItsAccountAndTheTrailSaysWhichKey(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		rita := s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": "a long enough password"})
		made := s.makeKey(admin, "/api/v1/api-keys", map[string]any{"name": "Ticket bridge", "role": "responder",
			"user_id": rita.User.ID, "expires_at": inHours(24)})
		if made.Key.Kind != "service" || made.Key.UserEmail != "rita@example.org" || made.Key.State != "live" || made.Key.LastUsed != nil {
			t.Fatalf("made: %+v", made.Key)
		}

		// The token is shown once: no list carries it.
		for _, path := range []string{"/api/v1/api-keys", "/api/v1/api-keys?user_id=" + rita.User.ID} {
			r := s.do(http.MethodGet, path, nil, bearer(admin)...)
			if r.StatusCode != http.StatusOK || strings.Contains(string(r.body), made.Token[len(made.Token)-43:]) || !strings.Contains(string(r.body), made.Key.ID) {
				t.Fatalf("%s: %d %s", path, r.StatusCode, r.body)
			}
		}

		c := s.createCase(made.Token, caseBody("Podejrzane logowania", nil))
		if c.OwnerID != rita.User.ID {
			t.Fatalf("the case made with the key is owned by %s, want Rita", c.OwnerID)
		}
		events := s.auditEvents(admin, "case.create")
		if len(events) == 0 || events[0].ActorID == nil || *events[0].ActorID != rita.User.ID || events[0].ActorEmail == nil ||
			*events[0].ActorEmail != "rita@example.org via API key "+made.Key.ID {
			t.Fatalf("audit of the case made with a key: %+v", events[0])
		}
		var mine list[apiKey]
		s.do(http.MethodGet, "/api/v1/me/api-keys", nil, bearer(s.signInAs(t, "rita@example.org", "a long enough password").AccessToken)...).json(&mine)
		if len(mine.Items) != 1 || mine.Items[0].LastUsed == nil {
			t.Fatalf("Rita's keys: %+v", mine.Items)
		}

		// Revoked: refused on the next request.
		r := s.do(http.MethodPost, "/api/v1/api-keys/"+made.Key.ID+"/revoke", nil, bearer(admin)...)
		var revoked apiKey
		r.json(&revoked)
		if r.StatusCode != http.StatusOK || revoked.State != "revoked" {
			t.Fatalf("revoke: %d %s", r.StatusCode, r.body)
		}
		p := s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(made.Token)...).problem(t, http.StatusUnauthorized)
		if !strings.Contains(p.Detail, "revoked") {
			t.Fatalf("revoked key: %+v", p)
		}
	})
}

func TestAPIKeyCannotMakeKeysOrChangePasswords(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		made := s.makeKey(admin, "/api/v1/me/api-keys", map[string]any{"name": "my script", "expires_at": inHours(1)})
		if made.Key.Kind != "personal" || made.Key.Role != "admin" {
			t.Fatalf("personal key: %+v", made.Key)
		}
		for _, call := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPost, "/api/v1/api-keys", map[string]any{"name": "again", "role": "admin", "expires_at": inHours(1)}},
			{http.MethodPost, "/api/v1/me/api-keys", map[string]any{"name": "again", "expires_at": inHours(1)}},
			{http.MethodGet, "/api/v1/api-keys", nil},
			{http.MethodPost, "/api/v1/me/api-keys/" + made.Key.ID + "/revoke", nil},
			{http.MethodPost, "/api/v1/me/password", map[string]any{"current_password": adminPassword, "new_password": "another long password"}},
		} {
			p := s.do(call.method, call.path, call.body, bearer(made.Token)...).problem(t, http.StatusForbidden)
			if !strings.Contains(p.Detail, "API key") {
				t.Errorf("%s %s: %s", call.method, call.path, p.Detail)
			}
		}
		var keys list[apiKey]
		s.do(http.MethodGet, "/api/v1/api-keys", nil, bearer(admin)...).json(&keys)
		if len(keys.Items) != 1 || keys.Items[0].State != "live" {
			t.Fatalf("keys after the refusals: %+v", keys.Items)
		}
		if r := s.login(adminEmail, adminPassword); r.StatusCode != http.StatusOK {
			t.Fatalf("the password changed: %d", r.StatusCode)
		}
	})
}

func TestAPIKeySeesOnlyWhatItsAccountMaySee(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Radiologia")
		s.createUser(admin, map[string]any{"email": "head@example.org", "name": "Hala", "role": "department_head",
			"department_id": dept.ID, "password": "a long enough password"})
		head := s.signInAs(t, "head@example.org", "a long enough password").AccessToken
		made := s.makeKey(head, "/api/v1/me/api-keys", map[string]any{"name": "raport", "expires_at": inHours(1)})
		c := s.createCase(admin, caseBody("Elsewhere", nil))
		if r := s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(made.Token)...); r.StatusCode != http.StatusNotFound {
			t.Fatalf("a head's key reading another department's case: %d", r.StatusCode)
		}
		var cs list[apiCase]
		if r := s.do(http.MethodGet, "/api/v1/cases", nil, bearer(made.Token)...); r.StatusCode != http.StatusOK {
			t.Fatalf("list: %d %s", r.StatusCode, r.body)
		} else if r.json(&cs); len(cs.Items) != 0 {
			t.Fatalf("a head's key lists %d cases", len(cs.Items))
		}
		// A read-only key reads every case, and writes nothing.
		ro := s.makeKey(admin, "/api/v1/api-keys", map[string]any{"name": "BI", "role": "read_only", "expires_at": inHours(1)})
		if r := s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(ro.Token)...); r.StatusCode != http.StatusOK {
			t.Fatalf("a read-only key reading a case: %d", r.StatusCode)
		}
		s.do(http.MethodPost, "/api/v1/cases", caseBody("no", nil), bearer(ro.Token)...).problem(t, http.StatusForbidden)
		// Someone else's key is not found by the head, and stays live.
		s.do(http.MethodPost, "/api/v1/me/api-keys/"+ro.Key.ID+"/revoke", nil, bearer(head)...).problem(t, http.StatusNotFound)
		s.do(http.MethodPost, "/api/v1/api-keys/"+ro.Key.ID+"/revoke", nil, bearer(head)...).problem(t, http.StatusForbidden)
		if r := s.do(http.MethodGet, "/api/v1/cases", nil, bearer(ro.Token)...); r.StatusCode != http.StatusOK {
			t.Fatalf("the read-only key after the head's tries: %d", r.StatusCode)
		}
	})
}

func TestAPIKeyHasItsOwnRateLimit(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServerWithLimits(t, db, httpx.Limits{UserRate: 20, UserBurst: 100})
		admin := s.signIn().AccessToken
		made := s.makeKey(admin, "/api/v1/api-keys", map[string]any{"name": "slow tool", "role": "read_only",
			"expires_at": inHours(1), "rate_per_minute": 3})
		for i := range 3 {
			r := s.do(http.MethodGet, "/api/v1/cases", nil, bearer(made.Token)...)
			if r.StatusCode != http.StatusOK || r.Header.Get("RateLimit-Limit") != "3" {
				t.Fatalf("request %d: %d, limit %q", i+1, r.StatusCode, r.Header.Get("RateLimit-Limit"))
			}
		}
		r := s.do(http.MethodGet, "/api/v1/cases", nil, bearer(made.Token)...)
		r.problem(t, http.StatusTooManyRequests)
		if r.Header.Get("Retry-After") == "" {
			t.Fatal("no Retry-After")
		}
		// The account's own sign-in keeps its own limit.
		if r := s.do(http.MethodGet, "/api/v1/cases", nil, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("the admin signed in: %d", r.StatusCode)
		}
	})
}

func TestAPIKeyBadInputIsAProblemAndChangesNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for name, body := range map[string]map[string]any{
			"unknown role":     {"name": "x", "role": "root", "expires_at": inHours(1)},
			"no expiry":        {"name": "x", "role": "admin"},
			"expired":          {"name": "x", "role": "admin", "expires_at": inHours(-1)},
			"three years":      {"name": "x", "role": "admin", "expires_at": inHours(3 * 366 * 24)},
			"a negative rate":  {"name": "x", "role": "admin", "expires_at": inHours(1), "rate_per_minute": -1},
			"a two-line name":  {"name": "a\nb", "role": "admin", "expires_at": inHours(1)},
			"an unknown field": {"name": "x", "role": "admin", "expires_at": inHours(1), "secret": "mine"},
		} {
			if r := s.do(http.MethodPost, "/api/v1/api-keys", body, bearer(admin)...); r.StatusCode != http.StatusUnprocessableEntity &&
				r.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d %s", name, r.StatusCode, r.body)
			} else {
				r.problem(t, r.StatusCode)
			}
		}
		var keys list[apiKey]
		s.do(http.MethodGet, "/api/v1/api-keys", nil, bearer(admin)...).json(&keys)
		if len(keys.Items) != 0 {
			t.Fatalf("%d keys made", len(keys.Items))
		}
		if n := len(s.auditEvents(admin, "api_key.create")); n != 0 {
			t.Fatalf("%d creations audited", n)
		}
	})
}
