package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// jsonName is a snake_case request field name, which no message may show.
var jsonName = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`)

// fieldsOf returns the fields a 422 names, each with its message, and checks
// that each message is a sentence without a JSON field name in it.
func fieldsOf(t *testing.T, r response) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range r.problem(t, http.StatusUnprocessableEntity).Errors {
		if _, twice := out[e.Field]; twice {
			t.Errorf("%s is named twice: %s", e.Field, r.body)
		}
		out[e.Field] = e.Message
		if jsonName.MatchString(e.Message) || !strings.HasSuffix(e.Message, ".") || strings.ToUpper(e.Message[:1]) != e.Message[:1] {
			t.Errorf("%s: %q is not a sentence for people", e.Field, e.Message)
		}
		// The label is the words the message names the field by, for a client to replace.
		if e.Label != "" && !strings.HasPrefix(e.Message, e.Label+" ") {
			t.Errorf("%s: label %q does not start %q", e.Field, e.Label, e.Message)
		}
	}
	return out
}

// One answer names every invalid field, whichever tier finds it: the email
// the contract refuses (format) and the department and password the domain
// refuses come back together, and nothing is created.
func TestOneAnswerNamesEveryInvalidFieldOfBothTiers(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		r := s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "not-an-email", "name": "Hilda", "role": "department_head",
			"password": "password1234"}, bearer(admin)...)
		got := fieldsOf(t, r)
		for field, want := range map[string]string{
			"email":         "Email must be a valid email address.",
			"department_id": "Department is required for a department head.",
			"password":      "This password is among the 10 000 most common; choose another.",
		} {
			if got[field] != want {
				t.Errorf("%s: %q, want %q (%s)", field, got[field], want, r.body)
			}
		}
		if len(got) != 3 {
			t.Errorf("%d fields named, want 3: %s", len(got), r.body)
		}

		// A value only the contract refuses (a control character in the name)
		// still changes nothing, though the domain's checks let it pass.
		r = s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": "bell@example.org", "name": "Be\u0007ll", "role": "auditor"}, bearer(admin)...)
		if got := fieldsOf(t, r); len(got) != 1 || got["name"] == "" {
			t.Fatalf("fields %v: %s", got, r.body)
		}
		var l list[apiUserDoc]
		s.do(http.MethodGet, "/api/v1/users", nil, bearer(admin)...).json(&l)
		if len(l.Items) != 1 {
			t.Fatalf("%d users listed, want only the admin", len(l.Items))
		}
		if n := len(s.auditEvents(admin, "user.create")); n != 1 {
			t.Fatalf("%d user.create events, want 1", n)
		}

		// A case: a title too long for the contract, times in the wrong order
		// and a department that does not exist for the domain, in one answer,
		// on create and on edit.
		long := strings.Repeat("t", 301)
		nowhere := "01890000-0000-7000-8000-000000000000"
		r = s.do(http.MethodPost, "/api/v1/cases", caseBody(long, map[string]any{"detected_at": ago(time.Hour), "aware_at": ago(2 * time.Hour),
			"department_id": nowhere}), bearer(admin)...)
		if got := fieldsOf(t, r); len(got) != 3 || got["title"] == "" || got["department_id"] != "No such department." ||
			got["aware_at"] != "Aware at cannot be before the time it was detected: nobody becomes aware of an incident before it is detected." {
			t.Fatalf("create: %s", r.body)
		}
		var cl list[apiCase]
		s.do(http.MethodGet, "/api/v1/cases", nil, bearer(admin)...).json(&cl)
		if len(cl.Items) != 0 {
			t.Fatalf("%d cases exist after a refusal", len(cl.Items))
		}
		c := s.createCase(admin, caseBody("Fine", nil))
		r = s.patchCase(admin, c, map[string]any{"title": long, "aware_at": ago(3 * time.Hour), "department_id": nowhere})
		if got := fieldsOf(t, r); len(got) != 3 || got["title"] == "" || got["aware_at"] == "" || got["department_id"] == "" {
			t.Fatalf("edit: %s", r.body)
		}
		// The domain's own checks alone (no contract refusal) also come back together.
		r = s.patchCase(admin, c, map[string]any{"aware_at": ago(3 * time.Hour), "department_id": nowhere})
		if got := fieldsOf(t, r); len(got) != 2 || got["aware_at"] == "" || got["department_id"] == "" {
			t.Fatalf("edit, domain only: %s", r.body)
		}
		var after apiCase
		s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...).json(&after)
		if after.Title != "Fine" || after.AwareAt != c.AwareAt {
			t.Fatalf("the refused edit changed the case: %+v", after)
		}
	})
}

// A note with a kind the contract refuses and a text of spaces only, which
// the domain refuses once trimmed, names both fields in one answer, and
// nothing is added.
func TestNoteNamesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Noted incident", nil))
		notes := "/api/v1/cases/" + c.ID + "/notes"
		r := s.do(http.MethodPost, notes, map[string]string{"kind": "memo", "body": "   "}, bearer(admin)...)
		got := fieldsOf(t, r)
		if len(got) != 2 || got["kind"] == "" || got["body"] != "Text is required (at most 20000 characters)." {
			t.Fatalf("fields %v: %s", got, r.body)
		}
		// The text is named "Text", not "Body": the answer says so, for the SPA's "Note" field.
		if !strings.Contains(string(r.body), `"label":"Text"`) {
			t.Fatalf("no label for the text: %s", r.body)
		}
		var l list[map[string]any]
		s.do(http.MethodGet, notes, nil, bearer(admin)...).json(&l)
		if len(l.Items) != 0 {
			t.Fatalf("%d notes after a refusal", len(l.Items))
		}
	})
}
