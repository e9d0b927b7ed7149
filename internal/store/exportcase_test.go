package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// exportCaseFixture is a case with a department, a suspended service with a
// milestone owned by someone else, an update that re-planned it, and as many
// evidence items and notes as grow asks for.
type exportCaseFixture struct {
	ctx      context.Context
	db       *store.DB
	rec      *audit.Recorder
	cases    *cases.Service
	evidence *evidence.Service
	kase     cases.Case
	owner    users.User // owns the milestone
}

func newExportCaseFixture(t *testing.T, db *store.DB) exportCaseFixture {
	t.Helper()
	ctx, rec := signedInAdmin(t, db)
	dir := directory.New(db, rec)
	dept, err := dir.CreateDepartment(ctx, "Clinical Systems")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := dir.CreateService(ctx, directory.Service{Name: "Patient Portal", DepartmentID: dept.ID})
	if err != nil {
		t.Fatal(err)
	}
	owner, _, err := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil }).Create(ctx,
		users.NewUser{Email: "lz@example.org", Name: "Łukasz Żółkiewski", Role: users.Responder, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	cs := cases.NewService(db, rec)
	now := cs.Now()
	c, err := cs.Create(ctx, cases.Case{Title: "Suspicious logins", Category: "malware", Severity: "high", DepartmentID: &dept.ID,
		DetectedAt: now.Add(-time.Hour), AwareAt: now.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	rs := restoration.NewService(db, rec)
	expected := now.Add(48 * time.Hour)
	sp, err := rs.Suspend(ctx, restoration.Suspension{CaseID: c.ID, ServiceID: svc.ID, Reason: "precaution", DecidedBy: "CISO",
		ExpectedRestorationAt: &expected})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AddMilestone(ctx, sp.ID, restoration.Milestone{Title: "Penetration test passed", OwnerID: &owner.ID}); err != nil {
		t.Fatal(err)
	}
	later := expected.Add(24 * time.Hour)
	if _, err := rs.PostUpdate(ctx, sp.ID, restoration.UpdateRequest{Body: "The vendor needs a day more", Audience: restoration.Internal,
		ExpectedRestorationAt: &later}); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return exportCaseFixture{ctx: ctx, db: db, rec: rec, cases: cs, evidence: evidence.NewService(db, blobs, rec, 1<<20), kase: c, owner: owner}
}

// grow adds n evidence items and n notes.
func (f exportCaseFixture) grow(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		r, err := f.evidence.Receive(f.ctx, "file.bin", strings.NewReader(fmt.Sprint("bytes ", i, uuid.NewString())))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.evidence.Add(f.ctx, evidence.Item{CaseID: f.kase.ID, Title: fmt.Sprint("Item ", i), Kind: "log"}, r, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.cases.AddNote(f.ctx, f.kase.ID, cases.NoteUpdate, fmt.Sprint("Note ", i)); err != nil {
			t.Fatal(err)
		}
	}
}

// exportJSON exports the case as a JSON bundle through svc and returns its content.
func (f exportCaseFixture) exportJSON(t *testing.T, ctx context.Context, svc *export.Service) export.Content {
	t.Helper()
	file, err := svc.ExportCase(ctx, f.kase.ID, "json", false)
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Content export.Content `json:"content"`
	}
	if err := json.Unmarshal(file.Body, &bundle); err != nil {
		t.Fatal(err)
	}
	return bundle.Content
}

func (f exportCaseFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCaseExportQueriesDoNotGrowWithTheCase proves a case export is read in
// batches: exporting a case with 300 evidence items and 300 notes runs as many
// statements (reads and writes) as one with 3.
func TestCaseExportQueriesDoNotGrowWithTheCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		svc := export.NewService(db, f.rec, "test")
		if _, err := db.ExportKey(f.ctx); err != nil { // made once, at the first export: not part of the measure
			t.Fatal(err)
		}
		measure := func() (export.Content, int64) {
			var c export.Content
			n := db.CountAllStatements(func() { c = f.exportJSON(t, f.ctx, svc) })
			return c, n
		}
		f.grow(t, 3)
		small, few := measure()
		f.grow(t, 297)
		large, many := measure()
		if len(small.Evidence) != 3 || len(small.Notes) != 3 || len(large.Evidence) != 300 || len(large.Notes) != 300 {
			t.Fatalf("exported %d items and %d notes, then %d and %d", len(small.Evidence), len(small.Notes), len(large.Evidence), len(large.Notes))
		}
		for _, it := range large.Evidence {
			// collected, exported by the first export, exported by this one
			if len(it.Custody) < 2 || it.Custody[len(it.Custody)-1].Action != "exported" {
				t.Fatalf("custody of %s: %+v", it.Title, it.Custody)
			}
		}
		t.Logf("%d statements for 3 items and notes, %d for 300", few, many)
		if few == 0 || few != many || many > 25 {
			t.Fatalf("statements: %d for 3 items and notes, %d for 300; want the same small number", few, many)
		}
	})
}

// TestCaseExportHoldsItsOwnRecordAndNamesEveryone: the export's audit row and
// custody events are in the database and in the file, and the file names the
// people the case names, with the suspension's updates and re-plans.
func TestCaseExportHoldsItsOwnRecordAndNamesEveryone(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		f.grow(t, 2)
		c := f.exportJSON(t, f.ctx, export.NewService(db, f.rec, "test"))

		p := identity.From(f.ctx)
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE action = 'export.case' AND case_id = "+placeholder(db, 1), f.kase.ID.String()); n != 1 {
			t.Fatalf("%d export.case rows in the database, want 1", n)
		}
		if n := f.count(t, "SELECT count(*) FROM custody_events WHERE action = 'exported' AND actor_id = "+placeholder(db, 1), p.UserID.String()); n != 2 {
			t.Fatalf("%d exported custody rows in the database, want 2", n)
		}
		last := c.AuditEvents[len(c.AuditEvents)-1]
		if last.Action != "export.case" || last.Hash == "" || !bytes.Contains(last.Changes, []byte(`"format":[null,"json"]`)) {
			t.Fatalf("the file's newest audit event is not its own export: %+v", last)
		}
		for i := 1; i < len(c.AuditEvents); i++ {
			if c.AuditEvents[i].Seq <= c.AuditEvents[i-1].Seq || c.AuditEvents[i].PrevHash == "" {
				t.Fatalf("audit events not oldest first: %d after %d", c.AuditEvents[i].Seq, c.AuditEvents[i-1].Seq)
			}
		}
		for _, it := range c.Evidence {
			if x := it.Custody[len(it.Custody)-1]; x.Action != "exported" || x.ToParty != p.Email || x.Purpose != "case export (json)" {
				t.Fatalf("custody of %s does not end with this export: %+v", it.Title, x)
			}
		}
		names := map[string]bool{}
		for _, person := range c.People {
			names[person.Name] = true
		}
		if !names["Admin"] || !names["Łukasz Żółkiewski"] || len(c.People) != 2 || c.Exporter.Name != "Admin" {
			t.Fatalf("people %+v, exporter %+v", c.People, c.Exporter)
		}
		sp := c.Suspensions[0]
		if len(sp.Updates) != 1 || sp.Updates[0].AuthorName != "Admin" || len(sp.Replans) != 1 || sp.Replans[0].Kind != "suspension" ||
			len(sp.Milestones) != 1 || sp.Milestones[0].OwnerID == nil || *sp.Milestones[0].OwnerID != f.owner.ID {
			t.Fatalf("suspension: %+v", sp)
		}
		if c.Department == nil || c.Department.Name != "Clinical Systems" || len(c.Services) != 1 || c.Services[0].Name != "Patient Portal" {
			t.Fatalf("department %+v, services %+v", c.Department, c.Services)
		}
	})
}

// TestCaseExportIsOneSnapshot: a note committed while the export reads is not
// in the file (nor its audit row), though it is in the database: the reads
// behind one signed file see one state of the case.
func TestCaseExportIsOneSnapshot(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		f.grow(t, 2)
		racer := &noteRacer{DB: db, t: t, add: func() {
			// Outside the export's transaction: a context of its own.
			if _, err := f.cases.AddNote(context.WithoutCancel(f.ctx), f.kase.ID, cases.NoteDecision, "written during the export"); err != nil {
				t.Error(err)
			}
		}}
		c := f.exportJSON(t, f.ctx, export.NewService(racer, f.rec, "test"))
		if !racer.added {
			t.Fatal("the note was never added")
		}
		if n := f.count(t, "SELECT count(*) FROM notes WHERE case_id = "+placeholder(db, 1), f.kase.ID.String()); n != 3 {
			t.Fatalf("%d notes in the database, want 3", n)
		}
		if len(c.Notes) != 2 {
			t.Fatalf("%d notes in the file, want the 2 there when it began", len(c.Notes))
		}
		for _, e := range c.AuditEvents {
			if e.Action == "note.create" && bytes.Contains(e.Changes, []byte("written during the export")) {
				t.Fatalf("the file holds the audit row of a note it does not hold: %+v", e)
			}
		}
	})
}

// noteRacer is the store, with a note committed by someone else right after
// the export's read-only transaction has read the case.
type noteRacer struct {
	*store.DB
	t        *testing.T
	add      func()
	snapshot bool
	added    bool
}

func (r *noteRacer) ReadSnapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	r.snapshot = true
	return r.DB.ReadSnapshot(ctx, fn)
}

func (r *noteRacer) Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error) {
	c, err := r.DB.Case(ctx, id, scope, forUpdate)
	if r.snapshot && !r.added && err == nil {
		r.add()
		r.added = true
	}
	return c, err
}

// placeholder is the n-th bind parameter in the dialect's spelling.
func placeholder(db *store.DB, n int) string {
	if db.Dialect() == store.Postgres {
		return fmt.Sprint("$", n)
	}
	return "?"
}
