package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// Authorization headers and refresh tokens, fuzzed through the real server.
// {{token}} in an input is the admin's access token, {{refresh}} a live
// refresh token. Nothing but a real token signs anyone in, and no input is a
// 500.

var authHeaderSeeds = []string{
	"Bearer {{token}}", "bearer {{token}}", "BEARER  {{token}}  ", "Bearer\t{{token}}", "Bearer {{token}}x", "Bearer x{{token}}",
	"{{token}}", "Basic YWRtaW46cGFzc3dvcmQ=", "Bearer", "Bearer ", "", "Bearer a.b.c", "Bearer ...", "Bearer a.b",
	// alg none, a token with no signature, and tokens whose parts are not JSON or not base64.
	"Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIwMTg5MDAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAifQ.",
	"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.",
	"Bearer e30.e30.e30", "Bearer bnVsbA.bnVsbA.bnVsbA", "Bearer W10.W10.W10", "Bearer !!!.???.***",
	"Bearer eyJhbGciOiJIUzI1NiIsImtpZCI6eyJhIjoxfX0.e30.AAAA",
	"Bearer eyJhbGciOiJSUzI1NiJ9.e30." + strings.Repeat("A", 342),
	"Bearer " + strings.Repeat("a", 8000),
}

func FuzzAuthorizationHeader(f *testing.F) {
	for _, s := range authHeaderSeeds {
		f.Add(s)
	}
	e := newFuzzEnv(f, fuzzDialect())
	f.Fuzz(func(t *testing.T, header string) { checkAuthorizationHeader(t, e, header) })
}

func checkAuthorizationHeader(t *testing.T, e *fuzzEnv, header string) {
	header = strings.ReplaceAll(header, "{{token}}", e.admin)
	before := e.state(t)
	r := exchange(t, e.request(t, http.MethodGet, "/api/v1/me", "", nil, "Authorization", header), http.StatusOK, http.StatusUnauthorized)
	e.same(t, before, "only /me was read")
	if r.StatusCode != http.StatusOK {
		return
	}
	scheme, token, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "bearer") || !strings.Contains(token, strings.SplitN(e.admin, ".", 3)[1]) {
		t.Fatalf("signed in with %q", header)
	}
	var me apiUserDoc
	r.json(&me)
	if me.Email != adminEmail {
		t.Fatalf("signed in as %+v", me)
	}
}

var refreshSeeds = []struct {
	body   string
	logout bool // POST it to /auth/logout rather than /auth/refresh
}{
	{`{"refresh_token":"{{refresh}}"}`, false},
	{`{"refresh_token":"{{refresh}}"}`, true},
	{`{"refresh_token":"{{refresh}}x"}`, false},
	{`{"refresh_token":""}`, false}, {`{"refresh_token":""}`, true},
	{`{"refresh_token":"\u0000"}`, false}, {`{"refresh_token":"\u0000"}`, true},
	{`{"refresh_token":"` + strings.Repeat("A", 4096) + `"}`, false},
	{`{"refresh_token":"{{token}}"}`, false},
	{`{"refresh_token":null}`, false}, {`{"refresh_token":7}`, true}, {`{}`, false}, {`[]`, true}, {``, false}, {`{"refresh_token":`, true},
	{`{"refresh_token":"{{refresh}}","access_token":"x"}`, false},
	{`{"refresh_token":"{{refresh}}"} {}`, true},
}

// refreshEnv holds a live refresh token for the inputs to spend.
type refreshEnv struct {
	*fuzzEnv
	refresh string // empty once spent or revoked: sign in again for the next
}

func newRefreshEnv(tb testing.TB, d store.Dialect) *refreshEnv {
	return &refreshEnv{fuzzEnv: newFuzzEnv(tb, d)}
}

func FuzzRefreshToken(f *testing.F) {
	for _, s := range refreshSeeds {
		f.Add(s.body, s.logout)
	}
	e := newRefreshEnv(f, fuzzDialect())
	f.Fuzz(func(t *testing.T, body string, logout bool) { checkRefresh(t, e, body, logout) })
}

func checkRefresh(t *testing.T, e *refreshEnv, body string, logout bool) {
	if strings.Contains(body, "{{refresh}}") && e.refresh == "" {
		var tk tokens
		exchange(t, e.request(t, http.MethodPost, "/api/v1/auth/login", "application/json",
			[]byte(`{"email":"`+adminEmail+`","password":"`+adminPassword+`"}`)), http.StatusOK).json(&tk)
		e.refresh = tk.RefreshToken
	}
	body = strings.ReplaceAll(strings.ReplaceAll(body, "{{refresh}}", e.refresh), "{{token}}", e.admin)
	var in struct {
		RefreshToken string `json:"refresh_token"`
	}
	_ = json.Unmarshal([]byte(body), &in)
	live := e.refresh != "" && in.RefreshToken == e.refresh
	path, ok := "/api/v1/auth/refresh", http.StatusOK
	if logout {
		path, ok = "/api/v1/auth/logout", http.StatusNoContent
	}
	before := e.state(t)
	r := exchange(t, e.request(t, http.MethodPost, path, "application/json", []byte(body)),
		ok, http.StatusBadRequest, http.StatusUnauthorized, http.StatusUnprocessableEntity)
	switch {
	case r.StatusCode >= 400:
		e.same(t, before, "refused")
	case !live && logout:
		e.same(t, before, "signed out of a session that does not exist")
	case !live:
		t.Fatalf("refreshed with %q", body)
	case logout:
		e.refresh = "" // that sign-in is over
	default:
		var tk tokens
		r.json(&tk)
		e.refresh = tk.RefreshToken
	}
}
