package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// fieldMessage returns the message a 422 problem gives field.
func fieldMessage(t *testing.T, r response, field string) string {
	t.Helper()
	for _, e := range r.problem(t, http.StatusUnprocessableEntity).Errors {
		if e.Field == field {
			return e.Message
		}
	}
	t.Fatalf("the problem does not name %q: %s", field, r.body)
	return ""
}

// A time that has the form of RFC 3339 but does not exist (a leap second,
// February 30th) is a 422 naming the field in words, in a body, a query and
// an upload form alike: never a raw Go parse error.
func TestTimesThatDoNotExistAreWordedFieldErrors(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("Times", nil))
		for _, v := range []string{"2026-12-31T23:59:60Z", "2026-02-30T10:00:00Z", "2026-12-31T23:59:60.5+01:00"} {
			t.Run(v, func(t *testing.T) {
				for field, r := range map[string]response{
					"detected_at":  s.do(http.MethodPost, "/api/v1/cases", caseBody("Leap", map[string]any{"detected_at": v}), bearer(admin)...),
					"opened_after": s.do(http.MethodGet, "/api/v1/cases?opened_after="+strings.ReplaceAll(v, "+", "%2B"), nil, bearer(admin)...),
					"collected_at": s.upload(admin, kase.ID, map[string]string{"title": "t", "kind": "log", "collected_at": v}, "", nil),
				} {
					msg := fieldMessage(t, r, field)
					if !strings.Contains(msg, " must be a date and time") || strings.Contains(string(r.body), "parsing time") {
						t.Fatalf("%s: %s", field, r.body)
					}
				}
			})
		}
		if n := s.evidenceCount(admin, kase.ID); n != 0 {
			t.Fatalf("%d items recorded", n)
		}
	})
}

// An integer parameter that does not fit 64 bits is refused with the range
// it must be in, not an empty message.
func TestOutOfRangeIntegersSayTheirRange(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for _, v := range []string{"99999999999999999999", "-99999999999999999999", "1e400"} {
			r := s.do(http.MethodGet, "/api/v1/cases?limit="+v, nil, bearer(admin)...)
			if msg := fieldMessage(t, r, "limit"); msg != "Limit must be a whole number between 1 and 200." {
				t.Fatalf("limit=%s: %q", v, msg)
			}
			r = s.do(http.MethodGet, "/api/v1/audit?limit="+v, nil, bearer(admin)...)
			if msg := fieldMessage(t, r, "limit"); msg != "Limit must be a whole number between 1 and 200." {
				t.Fatalf("audit limit=%s: %q", v, msg)
			}
		}
		if msg := fieldMessage(t, s.do(http.MethodGet, "/api/v1/cases?limit=201", nil, bearer(admin)...), "limit"); msg != "Limit must be at most 200." {
			t.Fatalf("limit=201: %q", msg)
		}
	})
}

// A 415 names the media type the operation takes: multipart/form-data for
// the evidence upload, JSON for the rest.
func TestUnsupportedMediaTypeNamesWhatTheOperationTakes(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("Media types", nil))
		p := s.do(http.MethodPost, "/api/v1/cases/"+kase.ID+"/evidence", map[string]string{"title": "t", "kind": "log"}, bearer(admin)...).problem(t, http.StatusUnsupportedMediaType)
		if p.Detail != "send the body as multipart/form-data" {
			t.Fatalf("upload: %q", p.Detail)
		}
		p = s.do(http.MethodPost, "/api/v1/cases", "title=x", append(bearer(admin), "Content-Type", "application/x-www-form-urlencoded")...).problem(t, http.StatusUnsupportedMediaType)
		if p.Detail != "send the body as application/json" {
			t.Fatalf("cases: %q", p.Detail)
		}
		if n := s.evidenceCount(admin, kase.ID); n != 0 {
			t.Fatalf("%d items recorded", n)
		}
	})
}

// The formats the contract tier registers word their refusals as the domain
// words its own: an email address, a time no database keeps, an empty value.
func TestContractFormatsAreWordedFieldErrors(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		user := func(email string) response {
			return s.do(http.MethodPost, "/api/v1/users", map[string]any{"email": email, "name": "Z", "role": "auditor"}, bearer(admin)...)
		}
		for email, want := range map[string]string{
			"":                        "Email is required.",
			"not-an-email":            "Email must be a valid email address.",
			" rita@example.org":       "Email must be a valid email address.",
			"Rita <rita@example.org>": "Email must be a valid email address.",
		} {
			if msg := fieldMessage(t, user(email), "email"); msg != want {
				t.Errorf("email %q: %q, want %q", email, msg, want)
			}
		}
		r := s.do(http.MethodPost, "/api/v1/cases", caseBody("Year 10000", map[string]any{"detected_at": "9999-12-31T23:59:59-12:00"}), bearer(admin)...)
		if msg := fieldMessage(t, r, "detected_at"); msg != "Detected at must fall between the years 1 and 9999 in UTC." {
			t.Errorf("detected_at in the year 10000: %q", msg)
		}
		kase := s.createCase(admin, caseBody("Upload years", nil))
		r = s.upload(admin, kase.ID, map[string]string{"title": "t", "kind": "log", "collected_at": "0000-01-01T00:00:00+14:00"}, "", nil)
		if msg := fieldMessage(t, r, "collected_at"); msg != "Collected at must fall between the years 1 and 9999 in UTC." {
			t.Errorf("collected_at in the year -1: %q", msg)
		}
	})
}
