package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The contract's string caps (maxLength, and patterns that refuse control
// characters) are enforced by the request validator before any handler runs:
// over-long or malformed input is a 422 problem naming the field, and nothing
// is read, written or audited.

// caseState is what a refused request must leave alone: the visible cases and
// the audit trail's length.
func caseState(t *testing.T, s *server, token string) (cases []apiCase, audited int) {
	t.Helper()
	r := s.do(http.MethodGet, "/api/v1/cases?limit=200", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list cases: %d %s", r.StatusCode, r.body)
	}
	var l list[apiCase]
	r.json(&l)
	a := s.do(http.MethodGet, "/api/v1/audit?limit=200", nil, bearer(token)...)
	if a.StatusCode != http.StatusOK {
		t.Fatalf("audit: %d %s", a.StatusCode, a.body)
	}
	var events list[auditEvent]
	a.json(&events)
	return l.Items, len(events.Items)
}

// refusedField checks a 422 problem that names field.
func refusedField(t *testing.T, r response, field string) {
	t.Helper()
	p := r.problem(t, http.StatusUnprocessableEntity)
	for _, e := range p.Errors {
		if e.Field == field {
			return
		}
	}
	t.Fatalf("the problem does not name %q: %s", field, r.body)
}

func TestOverLongSearchIsRefused(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		s.createCase(admin, caseBody("Phishing wave against finance", nil))
		before, audited := caseState(t, s, admin)

		for name, q := range map[string]string{
			"201 characters":    strings.Repeat("a", 201),
			"control character": "phishing\x00wave",
		} {
			t.Run(name, func(t *testing.T) {
				r := s.do(http.MethodGet, "/api/v1/cases?q="+url.QueryEscape(q), nil, bearer(admin)...)
				refusedField(t, r, "q")
			})
		}
		// At the cap, the search runs.
		if r := s.do(http.MethodGet, "/api/v1/cases?q="+strings.Repeat("a", 200), nil, bearer(admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("a 200-character search: %d %s", r.StatusCode, r.body)
		}
		after, auditedAfter := caseState(t, s, admin)
		if len(after) != len(before) || auditedAfter != audited {
			t.Fatalf("refused searches changed something: %d cases, %d events; before %d, %d", len(after), auditedAfter, len(before), audited)
		}
	})
}

func TestOverLongOrMalformedCaseTitleChangesNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Suspicious logins on the VPN", nil))
		before, audited := caseState(t, s, admin)

		for name, title := range map[string]string{
			"301 characters": strings.Repeat("t", 301),
			"NUL":            "VPN\x00logins",
			"line break":     "VPN\nlogins",
		} {
			t.Run(name, func(t *testing.T) {
				refusedField(t, s.do(http.MethodPost, "/api/v1/cases", caseBody(title, nil), bearer(admin)...), "title")
				refusedField(t, s.patchCase(admin, c, map[string]any{"title": title}), "title")
			})
		}
		// Over-long free text is refused the same way.
		refusedField(t, s.patchCase(admin, c, map[string]any{"summary": strings.Repeat("s", 20001)}), "summary")

		after, auditedAfter := caseState(t, s, admin)
		if len(after) != len(before) || auditedAfter != audited {
			t.Fatalf("refused writes changed something: %d cases, %d events; before %d, %d", len(after), auditedAfter, len(before), audited)
		}
		r := s.do(http.MethodGet, "/api/v1/cases/"+c.ID, nil, bearer(admin)...)
		var now apiCase
		r.json(&now)
		if now.Title != c.Title || now.Version != c.Version {
			t.Fatalf("the case changed: %q version %d, was %q version %d", now.Title, now.Version, c.Title, c.Version)
		}

		// At the caps, and with line breaks where text may have them, it is accepted.
		ok := s.patchCase(admin, c, map[string]any{"title": strings.Repeat("t", 300), "summary": "First line.\r\nSecond line.\n\tIndented."})
		if ok.StatusCode != http.StatusOK {
			t.Fatalf("a 300-character title and a multi-line summary: %d %s", ok.StatusCode, ok.body)
		}
	})
}

// Evidence metadata comes as multipart form fields, which the request validator
// does not read (the file is streamed); the handler holds them to the same
// contract.
func TestEvidenceMetadataFollowsTheContract(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Exfiltration over DNS", nil))
		for name, fields := range map[string]map[string]string{
			"title over 300 characters": {"title": strings.Repeat("t", 301), "kind": "log"},
			"NUL in the title":          {"title": "dns\x00log", "kind": "log"},
			"line break in the source":  {"title": "DNS log", "kind": "log", "source": "resolver\nrack 4"},
			"control character in text": {"title": "DNS log", "kind": "log", "description": "bell\x07"},
		} {
			t.Run(name, func(t *testing.T) {
				field := "title"
				for f := range fields {
					if f != "title" && f != "kind" {
						field = f
					}
				}
				refusedField(t, s.upload(admin, c.ID, fields, "dns.log", []byte("query example.org")), field)
				if n := s.evidenceCount(admin, c.ID); n != 0 {
					t.Fatalf("%d evidence items after a refused upload", n)
				}
			})
		}
		ok := s.upload(admin, c.ID, map[string]string{"title": "DNS log", "kind": "log", "description": "Line one.\nLine two."}, "dns.log", []byte("query example.org"))
		if ok.StatusCode != http.StatusCreated {
			t.Fatalf("a valid upload: %d %s", ok.StatusCode, ok.body)
		}
	})
}

// The contract bounds the lists the API returns whole: a case's suspensions
// and evidence, a plan's milestones. Creation enforces each bound with a 409
// that changes nothing, so the lists keep to the contract. The rows that fill
// a case or plan up to its bound are written straight to the store.

func TestFullPlanRefusesAnotherMilestone(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		var sp suspension
		f.suspend(nil).json(&sp)
		ctx := context.Background()
		id := uuid.MustParse(sp.ID)
		err := db.InTx(ctx, func(ctx context.Context) error {
			for i := range restoration.MaxMilestonesPerSuspension {
				m := restoration.Milestone{ID: uuid.Must(uuid.NewV7()), SuspensionID: id, Title: fmt.Sprintf("Step %d", i+1), Position: i + 1, Status: restoration.Planned}
				if err := db.CreateMilestone(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		audited := len(f.s.auditEvents(f.admin, "milestone.create"))
		r := f.s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/milestones", map[string]any{"title": "One step too many"}, bearer(f.admin)...)
		if p := r.problem(t, http.StatusConflict); !strings.Contains(p.Detail, "500 milestones") {
			t.Fatalf("detail: %q", p.Detail)
		}
		var plan struct{ Items []milestone }
		f.s.do(http.MethodGet, "/api/v1/suspensions/"+sp.ID+"/milestones", nil, bearer(f.admin)...).json(&plan)
		if len(plan.Items) != restoration.MaxMilestonesPerSuspension {
			t.Fatalf("the plan holds %d milestones", len(plan.Items))
		}
		if n := len(f.s.auditEvents(f.admin, "milestone.create")); n != audited {
			t.Fatalf("the refusal was audited: %d events, %d before", n, audited)
		}
	})
}

func TestFullCaseRefusesAnotherSuspension(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		var first suspension
		f.suspend(nil).json(&first)
		ctx := context.Background()
		sp, err := db.Suspension(ctx, uuid.MustParse(first.ID), cases.Scope{All: true}, false)
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(ctx context.Context) error {
			for range restoration.MaxSuspensionsPerCase - 1 {
				ended := sp.SuspendedAt.Add(time.Hour)
				old := sp
				old.ID, old.Status, old.RestoredAt = uuid.Must(uuid.NewV7()), restoration.Restored, &ended
				if err := db.CreateSuspension(ctx, old); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Free the service, so that the cap is the only reason to refuse.
		if r := f.s.do(http.MethodPost, "/api/v1/suspensions/"+first.ID+"/cancel", map[string]any{"note": "Suspended in error"}, bearer(f.admin)...); r.StatusCode != http.StatusOK {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.body)
		}
		r := f.suspend(nil)
		if p := r.problem(t, http.StatusConflict); !strings.Contains(p.Detail, "500 suspensions") {
			t.Fatalf("detail: %q", p.Detail)
		}
		var held struct{ Items []suspension }
		f.s.do(http.MethodGet, "/api/v1/cases/"+f.kase.ID+"/suspensions", nil, bearer(f.admin)...).json(&held)
		if len(held.Items) != restoration.MaxSuspensionsPerCase {
			t.Fatalf("the case holds %d suspensions", len(held.Items))
		}
		if f.serviceStatus() == "suspended" {
			t.Fatal("the refused suspension took the service offline")
		}
	})
}

func TestFullCaseRefusesAnotherEvidenceItemAndKeepsNoFile(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Evidence-heavy case", nil))
		if r := s.upload(admin, c.ID, map[string]string{"title": "First capture", "kind": "log"}, "first.log", []byte("first")); r.StatusCode != http.StatusCreated {
			t.Fatalf("first upload: %d %s", r.StatusCode, r.body)
		}
		ctx := context.Background()
		v, err := cases.SeeAsSystem(ctx, db, uuid.MustParse(c.ID), false)
		if err != nil {
			t.Fatal(err)
		}
		items, err := db.CaseEvidence(ctx, v)
		if err != nil || len(items) != 1 {
			t.Fatalf("%d items, %v", len(items), err)
		}
		err = db.InTx(ctx, func(ctx context.Context) error {
			for i := range evidence.MaxItemsPerCase - 1 {
				it := items[0]
				it.ID, it.File, it.Title = uuid.Must(uuid.NewV7()), nil, fmt.Sprintf("Note %d", i)
				if err := db.CreateEvidence(ctx, it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		files := s.blobFiles()
		audited := len(s.auditEvents(admin, "evidence.create"))
		r := s.upload(admin, c.ID, map[string]string{"title": "One item too many", "kind": "log"}, "more.log", []byte("more"))
		if p := r.problem(t, http.StatusConflict); !strings.Contains(p.Detail, "10000 evidence items") {
			t.Fatalf("detail: %q", p.Detail)
		}
		if n := s.evidenceCount(admin, c.ID); n != evidence.MaxItemsPerCase {
			t.Fatalf("the case holds %d items", n)
		}
		if after := s.blobFiles(); len(after) != len(files) {
			t.Fatalf("files: %v, before %v", after, files)
		}
		if n := len(s.auditEvents(admin, "evidence.create")); n != audited {
			t.Fatalf("the refusal was audited: %d events, %d before", n, audited)
		}
	})
}
