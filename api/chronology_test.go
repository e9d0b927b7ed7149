package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type chronologyEntry struct {
	ID               string   `json:"id"`
	CaseID           string   `json:"case_id"`
	Kind             string   `json:"kind"`
	OccurredAt       string   `json:"occurred_at"`
	RecordedAt       string   `json:"recorded_at"`
	Backdated        bool     `json:"backdated"`
	AuthorID         string   `json:"author_id"`
	Body             string   `json:"body"`
	EvidenceIDs      []string `json:"evidence_ids"`
	CorrectedAt      *string  `json:"corrected_at"`
	CorrectedByID    *string  `json:"corrected_by_id"`
	RetractedAt      *string  `json:"retracted_at"`
	RetractionReason *string  `json:"retraction_reason"`
	Version          int      `json:"version"`
}

type timelineEntry struct {
	Kind    string `json:"kind"`
	Action  string `json:"action"`
	Summary string `json:"summary"`
}

// chronologyFixture is a case with one evidence item, and a token of each role.
type chronologyFixture struct {
	s        *server
	tokens   map[string]string
	kase     apiCase
	evidence string
	path     string
}

func newChronologyFixture(t *testing.T, db *store.DB) chronologyFixture {
	s := newServer(t, db)
	f := chronologyFixture{s: s, tokens: signInAsEachRole(t, s)}
	var head struct {
		DepartmentID string `json:"department_id"`
	}
	s.do(http.MethodGet, "/api/v1/me", nil, bearer(f.tokens["department_head"])...).json(&head)
	f.kase = s.createCase(f.tokens["responder"], caseBody("Chronology ransomware", map[string]any{"department_id": head.DepartmentID}))
	var ev apiEvidence
	s.upload(f.tokens["responder"], f.kase.ID, map[string]string{"title": "Firewall log", "kind": "log"}, "fw.log", []byte("deny")).json(&ev)
	f.evidence, f.path = ev.ID, "/api/v1/cases/"+f.kase.ID+"/chronology"
	return f
}

func (f chronologyFixture) add(t *testing.T, role string, body map[string]any) chronologyEntry {
	t.Helper()
	r := f.s.do(http.MethodPost, f.path, body, bearer(f.tokens[role])...)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("add as %s: %d %s", role, r.StatusCode, r.body)
	}
	var e chronologyEntry
	r.json(&e)
	return e
}

func (f chronologyFixture) list(t *testing.T, role string) []chronologyEntry {
	t.Helper()
	r := f.s.do(http.MethodGet, f.path, nil, bearer(f.tokens[role])...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list as %s: %d %s", role, r.StatusCode, r.body)
	}
	var l list[chronologyEntry]
	r.json(&l)
	if l.NextCursor != nil {
		t.Errorf("next_cursor %q on a whole chronology", *l.NextCursor)
	}
	return l.Items
}

// rows counts what a chronology change writes.
func (f chronologyFixture) rows(t *testing.T) [3]int {
	t.Helper()
	var n [3]int
	for i, q := range []string{"SELECT count(*) FROM chronology_entries", "SELECT count(*) FROM chronology_evidence", "SELECT count(*) FROM audit_events"} {
		if err := f.s.db.SQL().QueryRow(q).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// A backdated entry, given with an offset, is stored in UTC, read before
// the entries that happened after it, marked as backdated, and told on the
// timeline; every role that may see the case reads it.
func TestChronologyBackdatedEntryReadsFirstAndIsMarked(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newChronologyFixture(t, db)
		now := f.add(t, "responder", map[string]any{"kind": "containment", "occurred_at": time.Now().Add(-10 * time.Minute).Format(time.RFC3339),
			"body": "File shares taken offline"})
		if now.Backdated || now.Version != 1 {
			t.Errorf("a fresh entry: %+v", now)
		}
		threeDays := time.Now().Add(-72 * time.Hour).In(time.FixedZone("CEST", 2*3600)).Truncate(time.Second)
		back := f.add(t, "admin", map[string]any{"kind": "detection", "occurred_at": threeDays.Format(time.RFC3339),
			"body": "Pierwszy zaszyfrowany plik — first encrypted file", "evidence_ids": []string{f.evidence}})
		if want := threeDays.UTC().Format(time.RFC3339); back.OccurredAt != want || !back.Backdated {
			t.Errorf("backdated entry: occurred_at %s (want %s), backdated %v", back.OccurredAt, want, back.Backdated)
		}
		for _, role := range []string{"admin", "responder", "department_head", "auditor"} {
			got := f.list(t, role)
			if len(got) != 2 || got[0].ID != back.ID || got[1].ID != now.ID || len(got[0].EvidenceIDs) != 1 || got[0].EvidenceIDs[0] != f.evidence {
				t.Fatalf("%s reads %+v", role, got)
			}
		}
		var tl list[timelineEntry]
		f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/timeline", nil, bearer(f.tokens["auditor"])...).json(&tl)
		told := 0
		for _, it := range tl.Items {
			if it.Kind == "chronology" && it.Action == "chronology.create" {
				told++
				if !strings.HasPrefix(it.Summary, "added a chronology entry (") {
					t.Errorf("timeline summary %q", it.Summary)
				}
			}
		}
		if told != 2 {
			t.Errorf("%d chronology events on the timeline, want 2", told)
		}
		events := f.s.auditEvents(f.tokens["admin"], "chronology.create")
		if len(events) != 2 || events[0].Changes["body"] == nil || events[0].Changes["occurred_at"] == nil {
			t.Errorf("audit: %+v", events)
		}
	})
}

// One answer names every field at fault, from the contract and the domain
// alike, and nothing is written: evidence of another case, a time in the
// future, an empty text, an unknown kind; an absurdly old time too.
func TestChronologyRefusesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newChronologyFixture(t, db)
		other := f.s.createCase(f.tokens["admin"], caseBody("Chronology other case", map[string]any{"restricted": true}))
		var foreign apiEvidence
		f.s.upload(f.tokens["admin"], other.ID, map[string]string{"title": "Other log", "kind": "log"}, "o.log", []byte("x")).json(&foreign)
		before := f.rows(t)
		r := f.s.do(http.MethodPost, f.path, map[string]any{"kind": "rumour", "occurred_at": time.Now().Add(time.Hour).Format(time.RFC3339),
			"body": "", "evidence_ids": []string{f.evidence, foreign.ID}}, bearer(f.tokens["responder"])...)
		got := fieldsOf(t, r)
		for _, field := range []string{"kind", "occurred_at", "body", "evidence_ids"} {
			if got[field] == "" {
				t.Errorf("%s not named: %s", field, r.body)
			}
		}
		if len(got) != 4 {
			t.Errorf("%d fields named, want 4: %s", len(got), r.body)
		}
		if strings.Contains(string(r.body), "Other log") {
			t.Errorf("the refusal names the other case's evidence: %s", r.body)
		}
		r = f.s.do(http.MethodPost, f.path, map[string]any{"kind": "other", "occurred_at": "1970-01-01T00:00:00Z", "body": "Ancient"},
			bearer(f.tokens["responder"])...)
		if got := fieldsOf(t, r); len(got) != 1 || got["occurred_at"] == "" {
			t.Errorf("a time in 1970: %s", r.body)
		}
		if after := f.rows(t); after != before {
			t.Errorf("a refusal wrote: %v, was %v", after, before)
		}
	})
}

// Readers read, writers write: auditors and department heads may not add,
// correct or retract; a restricted case's chronology is a 404 to a responder
// who is not its member, as its entries are.
func TestChronologyRolesAndNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newChronologyFixture(t, db)
		e := f.add(t, "responder", map[string]any{"kind": "decision", "occurred_at": time.Now().Format(time.RFC3339), "body": "Decided to isolate"})
		before := f.rows(t)
		entry := "/api/v1/chronology/" + e.ID
		for _, role := range []string{"auditor", "department_head"} {
			for _, c := range []struct{ method, path string }{{"POST", f.path}, {"PATCH", entry}, {"POST", entry + "/retraction"}} {
				r := f.s.do(c.method, c.path, map[string]any{"kind": "other", "occurred_at": time.Now().Format(time.RFC3339), "body": "x", "reason": "x"},
					append(bearer(f.tokens[role]), "If-Match", `"1"`)...)
				if r.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", c.method, c.path, role, r.StatusCode)
				}
			}
		}
		if after := f.rows(t); after != before {
			t.Errorf("a refused role wrote: %v, was %v", after, before)
		}
		secret := f.s.createCase(f.tokens["admin"], caseBody("Chronology secret case", map[string]any{"restricted": true}))
		var hidden chronologyEntry
		f.s.do(http.MethodPost, "/api/v1/cases/"+secret.ID+"/chronology", map[string]any{"kind": "detection", "occurred_at": time.Now().Format(time.RFC3339),
			"body": "Secret"}, bearer(f.tokens["admin"])...).json(&hidden)
		for _, c := range []struct {
			method, path string
			body         any
		}{{"GET", "/api/v1/cases/" + secret.ID + "/chronology", nil}, {"PATCH", "/api/v1/chronology/" + hidden.ID, map[string]any{"body": "Mine", "reason": "x"}},
			{"POST", "/api/v1/chronology/" + hidden.ID + "/retraction", map[string]any{"reason": "x"}}} {
			r := f.s.do(c.method, c.path, c.body, append(bearer(f.tokens["responder"]), "If-Match", `"1"`)...)
			r.problem(t, http.StatusNotFound)
		}
		if got := f.list(t, "auditor"); len(got) != 1 {
			t.Errorf("the auditor reads %d entries of the open case", len(got))
		}
	})
}

// A correction needs If-Match and a reason, keeps recorded_at, and is
// audited with old and new values; a retraction keeps the entry, marked,
// and ends its corrections.
func TestChronologyCorrectAndRetract(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newChronologyFixture(t, db)
		e := f.add(t, "responder", map[string]any{"kind": "detection", "occurred_at": time.Now().Add(-2 * time.Hour).Format(time.RFC3339), "body": "EDR alert"})
		path, tok := "/api/v1/chronology/"+e.ID, f.tokens["responder"]
		if r := f.s.do(http.MethodPatch, path, map[string]any{"body": "EDR alert on FS01", "reason": "Host named"}, bearer(tok)...); r.StatusCode != http.StatusPreconditionRequired {
			t.Errorf("without If-Match: %d", r.StatusCode)
		}
		if r := f.s.do(http.MethodPatch, path, map[string]any{"body": "EDR alert on FS01"}, ifMatch(tok, 1)...); fieldsOf(t, r)["reason"] == "" {
			t.Errorf("without a reason: %s", r.body)
		}
		earlier := time.Now().Add(-26 * time.Hour).UTC().Truncate(time.Second)
		r := f.s.do(http.MethodPatch, path, map[string]any{"body": "EDR alert on FS01", "occurred_at": earlier.Format(time.RFC3339),
			"evidence_ids": []string{f.evidence}, "reason": "Host named"}, ifMatch(tok, 1)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("correct: %d %s", r.StatusCode, r.body)
		}
		var fixed chronologyEntry
		r.json(&fixed)
		if fixed.Version != 2 || fixed.RecordedAt != e.RecordedAt || fixed.CorrectedAt == nil || !fixed.Backdated || len(fixed.EvidenceIDs) != 1 ||
			r.Header.Get("ETag") != `"2"` {
			t.Errorf("corrected: %+v (ETag %s)", fixed, r.Header.Get("ETag"))
		}
		if r := f.s.do(http.MethodPatch, path, map[string]any{"body": "x", "reason": "y"}, ifMatch(tok, 1)...); r.StatusCode != http.StatusPreconditionFailed {
			t.Errorf("stale: %d", r.StatusCode)
		}
		events := f.s.auditEvents(f.tokens["admin"], "chronology.correct")
		if len(events) != 1 || events[0].Changes["body"][0] != "EDR alert" || events[0].Changes["body"][1] != "EDR alert on FS01" ||
			events[0].Changes["reason"][1] != "Host named" || events[0].Changes["occurred_at"] == nil {
			t.Errorf("correction audit: %+v", events)
		}
		r = f.s.do(http.MethodPost, path+"/retraction", map[string]any{"reason": "Duplicate of another entry"}, ifMatch(tok, 2)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("retract: %d %s", r.StatusCode, r.body)
		}
		before := f.rows(t)
		if r := f.s.do(http.MethodPost, path+"/retraction", map[string]any{"reason": "Again"}, ifMatch(tok, 3)...); r.StatusCode != http.StatusConflict {
			t.Errorf("a second retraction: %d", r.StatusCode)
		}
		r = f.s.do(http.MethodPatch, path, map[string]any{"body": "x", "reason": "y"}, ifMatch(tok, 3)...)
		if p := r.problem(t, http.StatusConflict); strings.Contains(p.Detail, "_") {
			t.Errorf("409 detail %q", p.Detail)
		}
		if after := f.rows(t); after != before {
			t.Errorf("a refusal wrote: %v, was %v", after, before)
		}
		got := f.list(t, "auditor")
		if len(got) != 1 || got[0].RetractedAt == nil || got[0].RetractionReason == nil || *got[0].RetractionReason != "Duplicate of another entry" {
			t.Errorf("after retraction: %+v", got)
		}
		if len(f.s.auditEvents(f.tokens["admin"], "chronology.retract")) != 1 {
			t.Error("the retraction is not audited")
		}
	})
}

// An auditor's export of the case, in every format, carries the chronology
// as the API reads it, retracted entries included, and verifies.
func TestChronologyIsInEveryExport(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newChronologyFixture(t, db)
		f.add(t, "responder", map[string]any{"kind": "detection", "occurred_at": time.Now().Add(-50 * time.Hour).Format(time.RFC3339),
			"body": "Zażółć gęślą jaźń: first beacon", "evidence_ids": []string{f.evidence}})
		gone := f.add(t, "responder", map[string]any{"kind": "communication", "occurred_at": time.Now().Format(time.RFC3339), "body": "Told the board"})
		f.s.do(http.MethodPost, "/api/v1/chronology/"+gone.ID+"/retraction", map[string]any{"reason": "Board meets tomorrow"}, ifMatch(f.tokens["responder"], 1)...)
		auditor := f.tokens["auditor"]
		keyFor := f.s.exportKey(auditor)
		r := f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/export?format=json", nil, bearer(auditor)...)
		if _, err := export.VerifyJSON(bytes.NewReader(r.body), keyFor); err != nil {
			t.Fatalf("json: %d %v", r.StatusCode, err)
		}
		var bundle struct {
			Content export.Content `json:"content"`
		}
		r.json(&bundle)
		c := bundle.Content.Chronology
		if len(c) != 2 || c[0].Body != "Zażółć gęślą jaźń: first beacon" || !c[0].Backdated || len(c[0].EvidenceIDs) != 1 ||
			c[1].RetractionReason == nil || *c[1].RetractionReason != "Board meets tomorrow" {
			t.Errorf("the bundle's chronology: %+v", c)
		}
		r = f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/export?format=csv", nil, bearer(auditor)...)
		if _, err := export.VerifyZip(bytes.NewReader(r.body), int64(len(r.body)), keyFor); err != nil ||
			!bytes.Contains(r.body, []byte("chronology.csv")) {
			t.Errorf("csv: %v", err)
		}
		r = f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/export?format=pdf", nil, bearer(auditor)...)
		m, sig := detached(t, r)
		if _, err := export.VerifyDetachedWith(keyFor, m, sig, r.body); err != nil {
			t.Errorf("pdf: %v", err)
		}
	})
}
