package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Broken object-level authorisation: every operation that takes an id in its
// path, called by someone who may not see the object, is a 404 that tells
// nothing (the same answer as for an id that does not exist) and changes
// nothing; the rightful caller, making the same call, succeeds.

// bolaObjects are the objects one call reaches: a case and what hangs off it.
type bolaObjects struct {
	kase       apiCase
	service    string // a service of the case's department, free to suspend
	suspension string
	milestone  string
	evidence   string
	task       string
	chronology string // an entry of the case's chronology
	link       string // from an open case to this one
	spare      string // an open case anyone may see, linked to nothing
	phase      string // the first phase of the case's NIS2 obligation
	observable string // an observable of the case
	alert      string // a new alert with observables (alerts are no case's: only merging names one)
}

// bolaCall is one request of an operation on some objects.
type bolaCall struct {
	method, path string
	body         any    // JSON, or multipart when a []byte with contentType
	contentType  string // empty for JSON
	ifMatch      bool   // send If-Match: "1", the version of fresh objects
	ok           int    // the rightful caller's status
}

// bolaOp builds the call of one contract operation. Calls that only read or
// add may share objects; those that change them (or their version) get fresh
// ones.
type bolaOp struct {
	shares bool
	call   func(o bolaObjects) bolaCall
}

var bolaOps = map[string]bolaOp{
	"getCase": {true, func(o bolaObjects) bolaCall { return bolaCall{method: "GET", path: "/cases/" + o.kase.ID, ok: 200} }},
	"listNotes": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/notes", ok: 200}
	}},
	"listCasePeople": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/people", ok: 200}
	}},
	"getTimeline": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/timeline", ok: 200}
	}},
	"getCasePhases": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/phases", ok: 200}
	}},
	// The fixture's case is still reported, so the rightful writer of its
	// review gets past need-to-know to the review's own rule: 409.
	"getCaseReview": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/review", ok: 200}
	}},
	"saveCaseReview": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PUT", path: "/cases/" + o.kase.ID + "/review", body: map[string]any{"what_happened": "w", "went_well": "", "to_improve": ""}, ifMatch: true, ok: 409}
	}},
	"completeCaseReview": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/review/complete", ifMatch: true, ok: 409}
	}},
	"reopenCaseReview": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/review/reopen", body: map[string]any{"reason": "r"}, ifMatch: true, ok: 409}
	}},
	"listCaseSuspensions": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/suspensions", ok: 200}
	}},
	"listCaseEvidence": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/evidence", ok: 200}
	}},
	"getSuspension": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/suspensions/" + o.suspension, ok: 200}
	}},
	"listMilestones": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/suspensions/" + o.suspension + "/milestones", ok: 200}
	}},
	"listReplans": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/suspensions/" + o.suspension + "/replans", ok: 200}
	}},
	"listSuspensionUpdates": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/suspensions/" + o.suspension + "/updates", ok: 200}
	}},
	"postSuspensionUpdate": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/suspensions/" + o.suspension + "/updates", body: map[string]any{"body": "Still down", "audience": "internal"}, ok: 201}
	}},
	"getEvidence": {true, func(o bolaObjects) bolaCall { return bolaCall{method: "GET", path: "/evidence/" + o.evidence, ok: 200} }},
	"listCustody": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/evidence/" + o.evidence + "/custody", ok: 200}
	}},
	"updateCase": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/cases/" + o.kase.ID, body: map[string]any{"severity": "low"}, ifMatch: true, ok: 200}
	}},
	"transitionCase": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/transitions", body: map[string]any{"to": "triage"}, ok: 200}
	}},
	"createNote": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/notes", body: map[string]any{"kind": "update", "body": "Service back at 9"}, ok: 201}
	}},
	"suspendService": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/suspensions", body: map[string]any{"service_id": o.service, "reason": "r", "decided_by": "d"}, ok: 201}
	}},
	"updateSuspension": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/suspensions/" + o.suspension, body: map[string]any{"reason": "Changed"}, ifMatch: true, ok: 200}
	}},
	"restoreSuspension": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/suspensions/" + o.suspension + "/restore", body: map[string]any{"note": "Back", "open_milestones": "complete"}, ok: 200}
	}},
	"cancelSuspension": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/suspensions/" + o.suspension + "/cancel", body: map[string]any{"note": "Mistake"}, ok: 200}
	}},
	"createMilestone": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/suspensions/" + o.suspension + "/milestones", body: map[string]any{"title": "Pen test"}, ok: 201}
	}},
	"reorderMilestones": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PUT", path: "/suspensions/" + o.suspension + "/milestones/order", body: map[string]any{"milestone_ids": []string{o.milestone}}, ok: 200}
	}},
	"updateMilestone": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/milestones/" + o.milestone, body: map[string]any{"status": "done"}, ifMatch: true, ok: 200}
	}},
	"addEvidence": {true, func(o bolaObjects) bolaCall {
		body, ct := formBody([][2]string{{"title", "Capture"}, {"kind", "network_capture"}}, "c.pcap", []byte("pcap"))
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/evidence", body: body, contentType: ct, ok: 201}
	}},
	"updateEvidence": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/evidence/" + o.evidence, body: map[string]any{"source": "laptop-7"}, ifMatch: true, ok: 200}
	}},
	"downloadEvidence": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/evidence/" + o.evidence + "/content", ok: 200}
	}},
	"verifyEvidence": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/evidence/" + o.evidence + "/verify", ok: 200}
	}},
	"recordCustody": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/evidence/" + o.evidence + "/custody", body: map[string]any{"action": "analysed", "purpose": "triage"}, ok: 201}
	}},
	"getServiceHistory": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/services/" + o.service + "/history", ok: 200}
	}},
	"listTasks": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/tasks", ok: 200}
	}},
	"createTask": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/tasks", body: map[string]any{"title": "Rotate keys"}, ok: 201}
	}},
	"updateTask": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/tasks/" + o.task, body: map[string]any{"status": "done"}, ifMatch: true, ok: 200}
	}},
	"listChronology": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/chronology", ok: 200}
	}},
	"createChronologyEntry": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/chronology", body: map[string]any{"kind": "detection",
			"occurred_at": "2026-01-02T03:04:05Z", "body": "Alert fired", "evidence_ids": []string{o.evidence}}, ok: 201}
	}},
	"listObservables": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/observables", ok: 200}
	}},
	"createObservable": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/observables", body: map[string]any{"type": "ipv4", "value": "192.0.2[.]10"}, ok: 201}
	}},
	"addObservables": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/observables/bulk", body: map[string]any{"items": []map[string]any{{"type": "domain", "value": "bola.example.org"}}}, ok: 200}
	}},
	"previewObservables": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/observables/preview", body: map[string]any{"text": "seen 192.0.2[.]10"}, ok: 200}
	}},
	"exportObservables": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/observables/export?format=csv", ok: 200}
	}},
	// Merging an alert names a case in its body: one the caller may not see is
	// a 404, as for a case that does not exist.
	"mergeAlert": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/alerts/" + o.alert + "/merge", body: map[string]any{"case_id": o.kase.ID}, ifMatch: true, ok: 200}
	}},
	"getObservable": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/observables/" + o.observable, ok: 200}
	}},
	"updateObservable": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/observables/" + o.observable, body: map[string]any{"tlp": "red"}, ifMatch: true, ok: 200}
	}},
	"deleteObservable": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "DELETE", path: "/observables/" + o.observable, ifMatch: true, ok: 204}
	}},
	"correctChronologyEntry": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/chronology/" + o.chronology, body: map[string]any{"body": "Alert fired twice", "reason": "Second alert found"}, ifMatch: true, ok: 200}
	}},
	"retractChronologyEntry": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/chronology/" + o.chronology + "/retraction", body: map[string]any{"reason": "Wrong case"}, ifMatch: true, ok: 200}
	}},
	"listCaseLinks": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/links", ok: 200}
	}},
	"createCaseLink": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/links", body: map[string]any{"case_id": o.spare, "kind": "related"}, ok: 201}
	}},
	// The case the intruder may not see is the original, named in the body.
	"markCaseDuplicate": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.spare + "/duplicate-of", body: map[string]any{"original_id": o.kase.ID}, ok: 201}
	}},
	"deleteCaseLink": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "DELETE", path: "/links/" + o.link, ok: 204}
	}},
	"listObligations": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/obligations", ok: 200}
	}},
	"createObligation": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "POST", path: "/cases/" + o.kase.ID + "/obligations", body: map[string]any{"regime_id": pecrRegimeID}, ok: 201}
	}},
	"updateObligationPhase": {false, func(o bolaObjects) bolaCall {
		return bolaCall{method: "PATCH", path: "/obligation-phases/" + o.phase, body: map[string]any{"reference": "CSIRT-EW-1"}, ifMatch: true, ok: 200}
	}},
	"exportCase": {true, func(o bolaObjects) bolaCall {
		return bolaCall{method: "GET", path: "/cases/" + o.kase.ID + "/export?format=json", ok: 200}
	}},
}

// directoryOps take ids of users, departments and services, which need-to-know
// does not cover: the directory is shared by every role its x-roles name
// (users are the admin's alone), as TestEveryOperationTimesEveryRole checks.
var directoryOps = []string{"getUser", "updateUser", "resetUserPassword", "getDepartment", "updateDepartment", "getService", "updateService"}

// personalOps take the id of something of the caller's own, not of a case:
// another user's saved view is a 404 like one that does not exist
// (TestSavedViewsArePerUserForEveryRole in views_test.go), another user's
// notification too (TestNotificationsArePerUserForEveryRole in
// notifications_test.go).
var personalOps = []string{"deleteMyView", "markMyNotificationRead"}

// playbookOps take a playbook's id: playbooks are shared by the roles their
// x-roles name, like the directory (TestPlaybookOperationsByRole).
var playbookOps = []string{"getPlaybook", "updatePlaybook", "retirePlaybook"}

// alertOps take an alert's id: alerts are the team's queue, read by every
// role their x-roles name and no case's until imported (TestAlertRoles in
// alerts_test.go); merging one into a case is need-to-know (bolaOps).
var alertOps = []string{"getAlert", "importAlert", "ignoreAlert"}

// regimeOps take a regime's id: regimes are shared data, edited by admins only.
var regimeOps = []string{"updateRegime"}

// mailOps take a mail's id: the Mail page is the admins' alone, every other
// role a 403 whatever the id (TestMailAdminPage in mail_test.go).
var mailOps = []string{"retryMail"}

// webhookOps take a webhook's or a delivery's id: webhooks are the admins'
// alone, whatever the case (TestWebhooksAreAdminsAlone in webhooks_test.go).
var webhookOps = []string{"getWebhook", "updateWebhook", "deleteWebhook", "rotateWebhookSecret", "listWebhookDeliveries",
	"pingWebhook", "redeliverWebhookDelivery"}

// apiKeyOps take an API key's id: an administrator revokes any key, anyone
// else only the keys acting for them, any other being not found
// (TestAPIKeySeesOnlyWhatItsAccountMaySee in apikeys_test.go).
var apiKeyOps = []string{"revokeAPIKey", "revokeMyAPIKey"}

// sessionOps take a sign-in's or an account's id: administrators see and end
// anyone's sign-ins, everyone else only their own, any other being not found
// (TestSessionsAreSeenAndEndedByTheirOwnerOrAnAdmin in sessions_test.go).
var sessionOps = []string{"endMySession", "listUserSessions", "endSession"}

// secondFactorOps take an account's id: administrators see and reset anyone's
// second factor, every other role a 403 whatever the id
// (TestAnAdministratorResetsSomeonesSecondFactor in secondfactor_test.go).
var secondFactorOps = []string{"getUserSecondFactor", "resetUserSecondFactor"}

// The seeded regimes the obligations rows use (migration 00033).
const (
	nis2RegimeID = "01900000-0000-7000-8000-000000000023"
	pecrRegimeID = "01900000-0000-7000-8000-000000000024"
)

// departmentOps take a service's id: only department heads are kept to their
// department's services. A restricted case does not hide the service; its
// suspensions are left out of the answer (TestServiceHistoryNeedToKnow).
var departmentOps = []string{"getServiceHistory"}

// bolaScenario is a case someone may not see, and who may.
type bolaScenario struct {
	name                string
	restricted          bool
	department          func(f *bolaFixture) string
	intruder, rightful  func(f *bolaFixture) (token, role string)
	marker              string // in the case's title: must never reach the intruder
	needsHeadOperations bool   // only the operations department heads may call
}

type bolaFixture struct {
	s                                    *server
	admin                                string
	clinical, finance                    department
	rita, sam, headClinical, headFinance string // access tokens
	ritaID                               string
	shared                               map[string]bolaObjects
}

func newBolaFixture(t *testing.T, db *store.DB) *bolaFixture {
	s := newServerWithLimits(t, db, httpx.Limits{}) // hundreds of calls: no rate limit
	f := &bolaFixture{s: s, admin: s.signIn().AccessToken, shared: map[string]bolaObjects{}}
	f.clinical, f.finance = s.createDepartment(f.admin, "Clinical Systems"), s.createDepartment(f.admin, "Finance")
	pw := "a long enough password"
	user := func(email, role string, dept *department) string {
		body := map[string]any{"email": email, "name": email, "role": role, "password": pw}
		if dept != nil {
			body["department_id"] = dept.ID
		}
		u := s.createUser(f.admin, body)
		if email == "rita@example.org" {
			f.ritaID = u.User.ID
		}
		var tk tokens
		s.login(email, pw).json(&tk)
		return tk.AccessToken
	}
	f.rita, f.sam = user("rita@example.org", "responder", nil), user("sam@example.org", "responder", nil)
	f.headClinical = user("head.clinical@example.org", "department_head", &f.clinical)
	f.headFinance = user("head.finance@example.org", "department_head", &f.finance)
	return f
}

// objects creates a case of the scenario with everything that hangs off it,
// as the admin, owned by Rita; the suspended service is of the case's
// department, so that it opens the case to no one else.
func (f *bolaFixture) objects(t *testing.T, sc bolaScenario) bolaObjects {
	s, dept := f.s, sc.department(f)
	var o bolaObjects
	o.kase = s.createCase(f.admin, caseBody(sc.marker+" case", map[string]any{"department_id": dept, "restricted": sc.restricted, "owner_id": f.ritaID}))
	var svc, free service
	s.do("POST", "/api/v1/services", map[string]string{"name": "Suspended " + uuid.NewString(), "department_id": dept}, bearer(f.admin)...).json(&svc)
	s.do("POST", "/api/v1/services", map[string]string{"name": "Free " + uuid.NewString(), "department_id": dept}, bearer(f.admin)...).json(&free)
	o.service = free.ID
	var sp suspension
	s.do("POST", "/api/v1/cases/"+o.kase.ID+"/suspensions", map[string]any{"service_id": svc.ID, "reason": sc.marker, "decided_by": "CISO"}, bearer(f.admin)...).json(&sp)
	o.suspension = sp.ID
	var m milestone
	s.do("POST", "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": sc.marker + " milestone"}, bearer(f.admin)...).json(&m)
	o.milestone = m.ID
	var ev apiEvidence
	s.upload(f.admin, o.kase.ID, map[string]string{"title": sc.marker + " evidence", "kind": "log"}, "log.txt", []byte(sc.marker)).json(&ev)
	o.evidence = ev.ID
	s.do("POST", "/api/v1/cases/"+o.kase.ID+"/notes", map[string]string{"kind": "update", "body": sc.marker + " note"}, bearer(f.admin)...)
	o.task = s.createTask(f.admin, o.kase.ID, map[string]any{"title": sc.marker + " task"}).ID
	var entry struct{ ID string }
	s.do("POST", "/api/v1/cases/"+o.kase.ID+"/chronology", map[string]any{"kind": "detection", "occurred_at": "2026-01-01T00:00:00Z",
		"body": sc.marker + " chronology"}, bearer(f.admin)...).json(&entry)
	o.chronology = entry.ID
	var added struct{ Observable struct{ ID string } }
	s.do("POST", "/api/v1/cases/"+o.kase.ID+"/observables", map[string]any{"type": "domain", "value": sc.marker + ".example.org"}, bearer(f.admin)...).json(&added)
	o.observable = added.Observable.ID
	var alert struct{ ID string }
	s.do("POST", "/api/v1/alerts", map[string]any{"source": "bola", "source_ref": uuid.NewString(), "title": sc.marker + " alert", "severity": "high",
		"observables": []map[string]any{{"type": "domain", "value": sc.marker + "-alert.example.org"}}}, bearer(f.admin)...).json(&alert)
	o.alert = alert.ID
	linked := s.createCase(f.admin, caseBody("Open and linked", map[string]any{"department_id": dept}))
	var l struct{ ID string }
	s.do("POST", "/api/v1/cases/"+linked.ID+"/links", map[string]any{"case_id": o.kase.ID, "kind": "related"}, bearer(f.admin)...).json(&l)
	o.link, o.spare = l.ID, s.createCase(f.admin, caseBody("Open and spare", map[string]any{"department_id": dept})).ID
	var ob struct{ Phases []struct{ ID *string } }
	s.do("POST", "/api/v1/cases/"+o.kase.ID+"/obligations", map[string]any{"regime_id": nis2RegimeID}, bearer(f.admin)...).json(&ob)
	if len(ob.Phases) > 0 && ob.Phases[0].ID != nil {
		o.phase = *ob.Phases[0].ID
	}
	if o.suspension == "" || o.milestone == "" || o.evidence == "" || o.task == "" || o.chronology == "" || o.observable == "" || o.link == "" || o.phase == "" || o.alert == "" {
		t.Fatalf("fixture incomplete: %+v", o)
	}
	return o
}

// send makes call c as token.
func (f *bolaFixture) send(c bolaCall, token, ifMatch string) response {
	f.s.t.Helper()
	header := bearer(token)
	if c.contentType != "" {
		header = append(header, "Content-Type", c.contentType)
	}
	if c.ifMatch {
		header = append(header, "If-Match", ifMatch)
	}
	return f.s.do(c.method, "/api/v1"+c.path, c.body, header...)
}

func TestObjectsYouMayNotSeeAre404s(t *testing.T) {
	t.Parallel()
	scenarios := []bolaScenario{
		{name: "another department's head", marker: "FINANCE-ONLY",
			department: func(f *bolaFixture) string { return f.finance.ID },
			intruder:   func(f *bolaFixture) (string, string) { return f.headClinical, "department_head" },
			rightful:   func(f *bolaFixture) (string, string) { return f.headFinance, "department_head" }, needsHeadOperations: true},
		{name: "a responder not a member of a restricted case", marker: "NEED-TO-KNOW", restricted: true,
			department: func(f *bolaFixture) string { return f.clinical.ID },
			intruder:   func(f *bolaFixture) (string, string) { return f.sam, "responder" },
			rightful:   func(f *bolaFixture) (string, string) { return f.rita, "responder" }},
		{name: "the head of a restricted case's department", marker: "RESTRICTED-CLINICAL", restricted: true,
			department: func(f *bolaFixture) string { return f.clinical.ID },
			intruder:   func(f *bolaFixture) (string, string) { return f.headClinical, "department_head" },
			rightful:   func(f *bolaFixture) (string, string) { return f.rita, "responder" }, needsHeadOperations: true},
	}
	ops := contractOps(t)
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newBolaFixture(t, db)
		env := &fuzzEnv{s: f.s}
		// The directory is shared: another department's head reads it too.
		var svc service
		f.s.do("POST", "/api/v1/services", map[string]string{"name": "Payroll", "department_id": f.finance.ID}, bearer(f.admin)...).json(&svc)
		for _, path := range []string{"/departments/" + f.finance.ID, "/services/" + svc.ID} {
			if r := f.s.do("GET", "/api/v1"+path, nil, bearer(f.headClinical)...); r.StatusCode != http.StatusOK {
				t.Errorf("GET %s by another department's head: %d, want 200 (the directory is not need-to-know)", path, r.StatusCode)
			}
		}
		for _, op := range ops {
			id := strings.ToLower(op.id[:1]) + op.id[1:] // the generated spec may capitalise operation ids
			if !strings.Contains(op.path, "{id}") || slices.Contains(directoryOps, id) || slices.Contains(personalOps, id) || slices.Contains(playbookOps, id) ||
				slices.Contains(regimeOps, id) || slices.Contains(mailOps, id) || slices.Contains(webhookOps, id) ||
				slices.Contains(alertOps, id) || slices.Contains(apiKeyOps, id) || slices.Contains(sessionOps, id) ||
				slices.Contains(secondFactorOps, id) {
				continue
			}
			b, ok := bolaOps[id]
			if !ok {
				t.Errorf("%s (%s %s) takes an id but has no row in bolaOps: add one", op.id, op.method, op.path)
				continue
			}
			for _, sc := range scenarios {
				intruder, intruderRole := sc.intruder(f)
				rightful, rightfulRole := sc.rightful(f)
				if sc.restricted && slices.Contains(departmentOps, id) {
					continue
				}
				if sc.needsHeadOperations && !slices.Contains(op.roles, intruderRole) {
					continue // the role may not call it at all: a 403 whatever the id
				}
				if !slices.Contains(op.roles, rightfulRole) {
					rightful = f.rita // Rita, the owner, may see every scenario's case
				}
				t.Run(id+"/"+sc.name, func(t *testing.T) {
					f.s = f.s.forTest(t)
					o, shared := f.shared[sc.name], b.shares
					if !shared || o.kase.ID == "" {
						o = f.objects(t, sc)
						if shared {
							f.shared[sc.name] = o
						}
					}
					call := b.call(o)
					before := env.state(t)
					r := f.send(call, intruder, `"1"`)
					p := r.problem(t, http.StatusNotFound)
					for _, secret := range []string{sc.marker, o.kase.Reference, o.kase.ID} {
						if strings.Contains(string(r.body), secret) && !strings.Contains(call.path, secret) {
							t.Errorf("the 404 names %q: %s", secret, r.body)
						}
					}
					// The same answer as for an id that does not exist: no oracle.
					ghost := b.call(bolaObjects{kase: apiCase{ID: uuid.NewString()}, service: o.service, suspension: uuid.NewString(),
						milestone: uuid.NewString(), evidence: uuid.NewString(), task: uuid.NewString(), chronology: uuid.NewString(),
						link: uuid.NewString(), spare: o.spare, phase: uuid.NewString(), observable: uuid.NewString(), alert: o.alert})
					if g := f.send(ghost, intruder, `"1"`).problem(t, http.StatusNotFound); g.Detail != p.Detail || g.Type != p.Type {
						t.Errorf("hidden: %q, missing: %q: the answers differ, so the id's existence shows", p.Detail, g.Detail)
					}
					if call.ifMatch {
						f.send(call, intruder, `"99"`).problem(t, http.StatusNotFound) // a stale version must not show either
					}
					env.same(t, before, "the intruder was refused")
					if r := f.send(call, rightful, `"1"`); r.StatusCode != call.ok {
						t.Fatalf("the rightful caller got %d, want %d: %s", r.StatusCode, call.ok, r.body)
					}
				})
			}
		}
	})
}
