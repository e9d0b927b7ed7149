package api_test

import (
	"net/http"
	"testing"
)

// The JSON bodies of case, suspension and milestone creation, fuzzed through
// the real server: routing, contract validation, handlers and the database.
// Whatever the body, the answer is a 201 or a problem, and a refusal changes
// nothing.

const validCase = `{"title":"Ransomware on the file server","summary":"Files renamed *.locked","category":"malware",` +
	`"severity":"high","breach_status":"suspected","owner_id":"{{admin_id}}","department_id":"{{dept}}",` +
	`"detected_at":"2026-01-01T08:00:00Z","aware_at":"2026-01-01T09:30:00+01:00","personal_data_involved":true,` +
	`"data_subjects_estimate":1200,"restricted":true,"member_ids":["{{admin_id}}"]}`

const minimalCase = `{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z",` +
	`"aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`

var caseBodySeeds = []string{
	validCase,
	minimalCase,
	``, `null`, `[]`, `{}`, `"case"`, `{"title":`, minimalCase + ` {}`, minimalCase + `x`,
	`{"title":"a\u0000b","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"\ud800 lone surrogate","summary":"\u0000","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"   ","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","title":"u","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":true,"data_subjects_estimate":1e30}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":true,"data_subjects_estimate":9223372036854775807}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":true,"data_subjects_estimate":9223372036854775808}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":true,"data_subjects_estimate":-1}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":true,"data_subjects_estimate":1.5}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"0000-01-01T00:00:00Z","aware_at":"0000-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"0001-01-01T00:00:00+14:00","aware_at":"0001-01-01T00:00:00+14:00","personal_data_involved":true}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"0000-01-01T00:00:00+14:00","aware_at":"0000-01-01T00:00:00+14:00","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"9999-12-31T23:59:59Z","aware_at":"9999-12-31T23:59:59Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-02-30T00:00:00Z","aware_at":"2016-12-31T23:59:60Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01T00:00:00.123456789Z","aware_at":"2026-01-01T00:00:00.1234567Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","detected_at":"2026-01-01","aware_at":"yesterday","personal_data_involved":"yes"}`,
	`{"title":"t","category":"ransomware","severity":"apocalyptic","breach_status":"maybe","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","owner_id":"00000000-0000-0000-0000-000000000000","department_id":null,"detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","owner_id":"not-a-uuid","department_id":"{{case}}","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","member_ids":["{{admin_id}}","{{admin_id}}"],"restricted":true,"detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","member_ids":["{{case}}"],"detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
	`{"title":"t","category":"other","severity":"low","member_ids":null,"status":"closed","reference":"INC-1-1","detected_at":"2026-01-01T00:00:00Z","aware_at":"2026-01-01T00:00:00Z","personal_data_involved":false}`,
}

func FuzzCreateCase(f *testing.F) {
	for _, s := range caseBodySeeds {
		f.Add(s)
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, body string) { checkCreateCase(t, e, body) })
}

func checkCreateCase(t *testing.T, e *fuzzEnv, body string) {
	before, cases := e.state(t), e.count(t, "cases")
	req := e.request(t, http.MethodPost, "/api/v1/cases", "application/json", []byte(e.expand(body)), bearer(e.admin)...)
	r := exchange(t, req, http.StatusCreated, http.StatusBadRequest, http.StatusUnprocessableEntity)
	e.unchanged(t, before, r)
	if r.StatusCode == http.StatusCreated && e.count(t, "cases") != cases+1 {
		t.Fatalf("201, but %d cases became %d", cases, e.count(t, "cases"))
	}
}

var suspensionBodySeeds = []string{
	`{"service_id":"{{service}}","reason":"Suspicious logins","decided_by":"CISO","suspended_at":"2026-01-01T00:00:00Z",` +
		`"expected_restoration_at":"2026-02-01T00:00:00Z","affected_users_estimate":300,"impact":"No bookings","workaround":"Phone"}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d"}`,
	`{"service_id":"{{suspended_service}}","reason":"Already down","decided_by":"d"}`,
	`{"service_id":"{{case}}","reason":"Not a service","decided_by":"d"}`,
	`{"service_id":"{{service}}","reason":"a\u0000b","decided_by":"d"}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","suspended_at":"2026-01-02T00:00:00Z","expected_restoration_at":"2026-01-01T00:00:00Z"}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","suspended_at":"9999-12-31T23:59:59Z"}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","suspended_at":"0001-01-01T00:00:00Z","expected_restoration_at":null,"affected_users_estimate":null}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","affected_users_estimate":-1}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","affected_users_estimate":1e300}`,
	`{"service_id":"{{service}}","reason":"","decided_by":" "}`,
	`{"service_id":"{{service}}","reason":"r","decided_by":"d","status":"restored"}`,
	`{"reason":"r","decided_by":"d"}`, `{}`, `[]`, ``, `{"service_id":`,
}

func FuzzSuspendService(f *testing.F) {
	for _, s := range suspensionBodySeeds {
		f.Add(s)
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, body string) { checkSuspendService(t, e, body) })
}

func checkSuspendService(t *testing.T, e *fuzzEnv, body string) {
	before, n := e.state(t), e.count(t, "suspensions")
	req := e.request(t, http.MethodPost, "/api/v1/cases/"+e.vars["case"]+"/suspensions", "application/json", []byte(e.expand(body)), bearer(e.admin)...)
	r := exchange(t, req, http.StatusCreated, http.StatusBadRequest, http.StatusConflict, http.StatusUnprocessableEntity)
	e.unchanged(t, before, r)
	if r.StatusCode != http.StatusCreated {
		return
	}
	if e.count(t, "suspensions") != n+1 {
		t.Fatalf("201, but %d suspensions became %d", n, e.count(t, "suspensions"))
	}
	// Free the service again, so that later inputs can suspend it too.
	var sp suspension
	r.json(&sp)
	exchange(t, e.request(t, http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/cancel", "application/json", []byte(`{}`), bearer(e.admin)...), http.StatusOK)
}

var milestoneBodySeeds = []string{
	`{"title":"Penetration test","owner_id":"{{admin_id}}","due_at":"2026-12-01T00:00:00Z","status":"planned"}`,
	`{"title":"Supplier fix","status":"done"}`,
	`{"title":"Blocked on vendor","status":"blocked","due_at":null,"owner_id":null}`,
	`{"title":"t","status":"finished"}`,
	`{"title":"t","owner_id":"{{case}}"}`,
	`{"title":"t","owner_id":"00000000-0000-0000-0000-000000000000"}`,
	`{"title":"t","due_at":"0001-01-01T00:00:00Z"}`,
	`{"title":"t","due_at":"9999-12-31T23:59:59-12:00"}`,
	`{"title":"a\u0000b"}`,
	`{"title":"  "}`,
	`{"title":"t","position":1}`,
	`{}`, `[]`, ``, `{"title":`,
}

func FuzzCreateMilestone(f *testing.F) {
	for _, s := range milestoneBodySeeds {
		f.Add(s)
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, body string) { checkCreateMilestone(t, e, body) })
}

func checkCreateMilestone(t *testing.T, e *fuzzEnv, body string) {
	before, n := e.state(t), e.count(t, "milestones")
	req := e.request(t, http.MethodPost, "/api/v1/suspensions/"+e.vars["suspension"]+"/milestones", "application/json", []byte(e.expand(body)), bearer(e.admin)...)
	r := exchange(t, req, http.StatusCreated, http.StatusBadRequest, http.StatusUnprocessableEntity)
	e.unchanged(t, before, r)
	if r.StatusCode == http.StatusCreated && e.count(t, "milestones") != n+1 {
		t.Fatalf("201, but %d milestones became %d", n, e.count(t, "milestones"))
	}
}
