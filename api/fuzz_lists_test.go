package api_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// List query strings and cursors, fuzzed through the real server: whatever
// the query, a list is a 200 or a problem, and a department head's list never
// holds a case they may not see.

// listEnv is a fuzzEnv with a department head and cases on either side of
// their need-to-know.
type listEnv struct {
	*fuzzEnv
	head        string   // the department head's access token
	headVisible []string // the ids of the cases the head may see
}

func newListEnv(tb testing.TB, d store.Dialect) *listEnv {
	tb.Helper()
	e := newFuzzEnv(tb, d).withCase(tb)
	var own department
	e.setup(tb, http.MethodPost, "/api/v1/departments", map[string]string{"name": "Head's Department"}, http.StatusCreated, &own)
	pw := "a long enough password"
	e.setup(tb, http.MethodPost, "/api/v1/users", map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head",
		"department_id": own.ID, "password": pw}, http.StatusCreated, nil)
	var tk tokens
	e.setup(tb, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "head@example.org", "password": pw}, http.StatusOK, &tk)
	l := &listEnv{fuzzEnv: e, head: tk.AccessToken}
	for i, sev := range []string{"low", "critical", "medium"} {
		var c apiCase
		e.setup(tb, http.MethodPost, "/api/v1/cases", caseBody("Visible "+sev, map[string]any{"department_id": own.ID, "severity": sev,
			"personal_data_involved": i == 1}), http.StatusCreated, &c)
		l.headVisible = append(l.headVisible, c.ID)
		e.setup(tb, http.MethodPost, "/api/v1/cases/"+c.ID+"/notes", map[string]string{"kind": "update", "body": "Firewall rule changed"}, http.StatusCreated, nil)
	}
	e.setup(tb, http.MethodPost, "/api/v1/cases", caseBody("Restricted in the head's department", map[string]any{"department_id": own.ID, "restricted": true}), http.StatusCreated, nil)
	e.setup(tb, http.MethodPost, "/api/v1/cases", caseBody("No department", nil), http.StatusCreated, nil)
	e.vars["own_dept"] = own.ID
	return l
}

var listQuerySeeds = []struct {
	query  string
	cursor []byte // sent base64-encoded as the cursor when not empty
}{
	{"", nil},
	{"limit=2&sort=-severity", nil},
	{"status=reported&status=triage&severity=low&severity=critical&breach_status=suspected&category=malware&category=other", nil},
	{"department_id={{own_dept}}&owner_id={{admin_id}}&regulator_status=due", nil},
	{"q=firewall+RULE&opened_after=2020-01-01T00:00:00Z&opened_before=2030-01-01T00:00:00%2B02:00", nil},
	{"q=%25%27%22%5C_%3B--", nil},
	{"q=%00", nil},
	{"q=%FF%FE", nil},
	{"q=" + url.QueryEscape("a & b | !c <-> d:* ("), nil},
	{"limit=0", nil}, {"limit=201", nil}, {"limit=-1", nil}, {"limit=99999999999999999999", nil}, {"limit=abc", nil},
	{"sort=severity", []byte(`{"r":3,"id":"01890000-0000-7000-8000-000000000000"}`)},
	{"sort=-severity", []byte(`{"r":3000000000,"id":"01890000-0000-7000-8000-000000000000"}`)},
	{"sort=-severity", []byte(`{"r":-9223372036854775808,"id":"01890000-0000-7000-8000-000000000000"}`)},
	{"sort=updated", []byte(`{"t":"9999-12-31T23:59:59-12:00","id":"01890000-0000-7000-8000-000000000000"}`)},
	{"sort=opened", []byte(`{"t":"0000-01-01T00:00:00+14:00","id":"01890000-0000-7000-8000-000000000000"}`)},
	{"", []byte(`{"t":"2026-01-01T00:00:00Z","id":"{{case}}"}`)},
	{"", []byte(`{"t":"2026-01-01T00:00:00Z"}`)},
	{"", []byte(`{"id":"not-a-uuid"}`)},
	{"", []byte(`{"t":1,"r":"x","id":7}`)},
	{"", []byte(`null`)}, {"", []byte(`[]`)}, {"", []byte("\x00")},
	{"cursor=%2B%2F%3D", nil}, {"cursor=!!!", nil}, {"status=closed&status=closed&status=closed&status=closed&status=closed&status=closed&status=closed", nil},
	{"opened_after=9999-12-31T23:59:59-12:00&opened_before=0000-01-01T00:00:00%2B14:00", nil},
	{"department_id=&owner_id=null&regulator_status=", nil},
	{"unknown=1&q=x&q=y", nil},
}

func FuzzListCases(f *testing.F) {
	for _, s := range listQuerySeeds {
		f.Add(s.query, s.cursor)
	}
	e := newListEnv(f, fuzzDialect())
	f.Fuzz(func(t *testing.T, query string, cursor []byte) { checkListCases(t, e, query, cursor) })
}

// queryable reports whether s can be sent as a raw query string as it is.
func queryable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '#' {
			return false
		}
	}
	return true
}

func checkListCases(t *testing.T, e *listEnv, query string, cursor []byte) {
	query = e.expand(query)
	if !queryable(query) {
		t.Skip("not a query string")
	}
	if len(cursor) > 0 {
		query += "&cursor=" + base64.RawURLEncoding.EncodeToString([]byte(e.expand(string(cursor))))
	}
	before := e.state(t)
	for _, token := range []string{e.admin, e.head} {
		r := exchange(t, e.request(t, http.MethodGet, "/api/v1/cases?"+query, "", nil, bearer(token)...),
			http.StatusOK, http.StatusBadRequest, http.StatusUnprocessableEntity)
		if r.StatusCode != http.StatusOK || token != e.head {
			continue
		}
		var l list[apiCase]
		r.json(&l)
		for _, c := range l.Items {
			if !slices.Contains(e.headVisible, c.ID) {
				t.Fatalf("the department head's list holds %s (%q), which they may not see", c.ID, c.Title)
			}
		}
	}
	e.same(t, before, "only lists were read")
}

// cursorLists are the lists that take a cursor; {{case}} is a case with notes.
var cursorLists = []string{
	"/api/v1/cases?", "/api/v1/cases?sort=-severity&", "/api/v1/cases?sort=updated&", "/api/v1/cases/{{case}}/notes?",
	"/api/v1/cases/{{case}}/timeline?", "/api/v1/audit?", "/api/v1/users?", "/api/v1/departments?", "/api/v1/services?",
}

var cursorSeeds = []struct {
	cursor string
	encode bool // base64url-encode cursor, as the server does
}{
	{`{"t":"2026-01-01T00:00:00Z","id":"01890000-0000-7000-8000-000000000000"}`, true},
	{`{"r":2147483648,"id":"01890000-0000-7000-8000-000000000000"}`, true},
	{`"01890000-0000-7000-8000-000000000000"`, true},
	{`"{{case}}"`, true},
	{`12`, true}, {`-1`, true}, {`9223372036854775807`, true}, {`9223372036854775808`, true}, {`1e400`, true}, {`0.5`, true},
	{`"Fuzz Department"`, true}, {`"admin@example.org"`, true}, {`""`, true},
	{`"\u0000"`, true}, {`"a\u0000b"`, true}, {"\"\xff\xfe\"", true}, {`"\ud800"`, true},
	{`{}`, true}, {`[]`, true}, {`null`, true}, {`true`, true}, {"", true},
	{"!!!", false}, {"AAAA", false}, {"eyJ0IjoxfQ", false}, {"eyJ0IjoxfQ==", false}, {"%00", false},
}

func FuzzListCursors(f *testing.F) {
	for _, s := range cursorSeeds {
		f.Add(s.cursor, s.encode)
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, cursor string, encode bool) { checkListCursors(t, e, cursor, encode) })
}

func checkListCursors(t *testing.T, e *fuzzEnv, cursor string, encode bool) {
	cursor = e.expand(cursor)
	if encode {
		cursor = base64.RawURLEncoding.EncodeToString([]byte(cursor))
	} else {
		cursor = url.QueryEscape(cursor)
	}
	before := e.state(t)
	for _, path := range cursorLists {
		r := exchange(t, e.request(t, http.MethodGet, e.expand(path)+"limit=1&cursor="+cursor, "", nil, bearer(e.admin)...),
			http.StatusOK, http.StatusBadRequest, http.StatusUnprocessableEntity)
		if r.StatusCode == http.StatusUnprocessableEntity {
			if p := r.problem(t, r.StatusCode); len(p.Errors) == 0 || p.Errors[0].Field != "cursor" {
				t.Fatalf("%s: a refused cursor names %+v", path, p.Errors)
			}
		}
	}
	e.same(t, before, "only lists were read")
}
