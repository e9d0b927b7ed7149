package api_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// What fuzzing found: input the contract lets through but a database cannot
// keep or compare was a 500 (and, for a time past the year 9999 on SQLite, a
// row no one could read back). Each is now a 4xx naming what is wrong.
func TestInputNoDatabaseCanKeepIsRefusedByName(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := newFuzzEnv(t, db.Dialect()).withCase(t)
		s := e.s.forTest(t)
		admin := bearer(e.admin)
		year10000 := "9999-12-31T23:59:59-12:00"
		cursor := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
		cases := []struct {
			name, method, path string
			body               any
			status             int
			field              string
		}{
			{"milestone due in the year 10000", "POST", "/suspensions/" + e.vars["suspension"] + "/milestones",
				map[string]any{"title": "t", "due_at": year10000}, 422, "due_at"},
			{"milestone moved to the year 10000", "PATCH", "/milestones/" + e.vars["milestone"], map[string]any{"due_at": year10000}, 422, "due_at"},
			{"restoration expected in the year 10000", "PATCH", "/suspensions/" + e.vars["suspension"],
				map[string]any{"expected_restoration_at": year10000}, 422, "expected_restoration_at"},
			{"a case opened in the year -1", "POST", "/cases", caseBody("t", map[string]any{"detected_at": "0000-01-01T00:00:00+14:00",
				"aware_at": "0000-01-01T00:00:00+14:00"}), 422, "detected_at"},
			{"a search that is not UTF-8", "GET", "/cases?q=%FF%FE", nil, 422, "q"},
			{"a download purpose with a NUL", "GET", "/evidence/" + e.vars["evidence"] + "/content?purpose=a%00b", nil, 422, "purpose"},
			{"a severity cursor past int4", "GET", "/cases?sort=-severity&cursor=" + cursor(`{"r":3000000000,"id":"01890000-0000-7000-8000-000000000000"}`), nil, 422, "cursor"},
			{"a name cursor with a NUL", "GET", "/departments?cursor=" + cursor(`"a\u0000"`), nil, 422, "cursor"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p := s.do(c.method, "/api/v1"+c.path, c.body, append(admin, "If-Match", `"1"`)...).problem(t, c.status)
				named(t, p, c.field)
			})
		}

		uploads := []struct {
			name     string
			fields   [][2]string
			fileName string
			status   int
			field    string
		}{
			{"collected in the year -1", [][2]string{{"title", "t"}, {"kind", "log"}, {"collected_at", "0000-01-01T00:00:00+14:00"}}, "f", 422, "collected_at"},
			{"a title with a NUL", [][2]string{{"title", "a\x00b"}, {"kind", "log"}}, "f", 422, "title"},
			{"a title with a line break", [][2]string{{"title", "a\r\nb"}, {"kind", "log"}}, "f", 422, "title"},
			{"a source that is not UTF-8", [][2]string{{"title", "t"}, {"kind", "log"}, {"source", "\xff"}}, "f", 422, "source"},
			{"a file name that is not UTF-8", [][2]string{{"title", "t"}, {"kind", "log"}}, "\xff\xfe.log", 422, "file"},
		}
		for _, u := range uploads {
			t.Run(u.name, func(t *testing.T) {
				body, ct := formBody(u.fields, u.fileName, []byte("bytes"))
				r := exchange(t, e.request(t, http.MethodPost, "/api/v1/cases/"+e.vars["case"]+"/evidence", ct, body, admin...))
				named(t, r.problem(t, u.status), u.field)
			})
		}
		body, _ := formBody([][2]string{{"title", "t"}, {"kind", "log"}}, "", nil)
		r := exchange(t, e.request(t, http.MethodPost, "/api/v1/cases/"+e.vars["case"]+"/evidence", "multipart/form-data", body, admin...))
		r.problem(t, http.StatusBadRequest) // no boundary: unreadable, not a 500
	})
}

// named fails t unless the problem names field among its errors.
func named(t *testing.T, p problem, field string) {
	t.Helper()
	for _, e := range p.Errors {
		if e.Field == field {
			return
		}
	}
	t.Fatalf("errors %+v do not name %s", p.Errors, field)
}
