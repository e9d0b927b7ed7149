package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func newAlertService(f observableFixture) *alerts.Service {
	rec := recorderOf(f.db)
	return alerts.NewService(f.db, rec, f.cs, playbook.NewService(f.db, f.cs, restoration.NewService(f.db, rec), rec), f.obs)
}

func phishAlert(ref, title string) alerts.Intake {
	return alerts.Intake{Source: "mail-gateway", SourceRef: ref, Title: title, Severity: "high", Raw: []byte(`{"id": "` + ref + `"}`),
		Observables: []observables.Draft{{Type: observables.Email, Value: "ceo[@]evil[.]example"}, {Type: observables.URL, Value: "hxxps://evil.example/login"}}}
}

// The same source and reference again updates the alert it names: one row,
// two occurrences, the title and hash refreshed, a create and a repeat in
// the audit trail.
func TestAlertSentAgainUpdatesTheOneItNames(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		s := newAlertService(f)
		first, created, err := s.Receive(f.responder, phishAlert("MG-1", "Phishing to finance"))
		if err != nil || !created {
			t.Fatalf("first: %v, created %v", err, created)
		}
		if first.Occurrences != 1 || first.Status != alerts.New || first.Observables[0].Value != "ceo@evil.example" || first.RawSize != len(`{"id":"MG-1"}`) {
			t.Fatalf("first: %+v", first)
		}
		in := phishAlert("MG-1", "Phishing to finance, second wave")
		in.Raw = []byte(`{"id": "MG-1", "wave": 2}`)
		second, created, err := s.Receive(f.responder, in)
		if err != nil || created {
			t.Fatalf("second: %v, created %v", err, created)
		}
		if second.ID != first.ID || second.Occurrences != 2 || second.Version != 2 || second.Title != in.Title ||
			second.RawSHA256 == first.RawSHA256 || second.FirstSeenAt != first.FirstSeenAt || second.LastSeenAt.Before(first.LastSeenAt) {
			t.Fatalf("second: %+v", second)
		}
		if n := f.count(t, "SELECT count(*) FROM alerts"); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action IN ('alert.create', 'alert.repeat')", first.ID.String()); n != 2 {
			t.Fatalf("%d audit events, want a create and a repeat", n)
		}
	})
}

// Twenty posts of one pair at once leave one alert counting twenty: the
// unique index and the one-statement upsert, on both databases.
func TestAlertRepeatsAtOnceLeaveOneRow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		s := newAlertService(f)
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		created := make([]bool, n)
		for i := range n {
			wg.Go(func() { _, created[i], errs[i] = s.Receive(f.responder, phishAlert("MG-RACE", "Phishing")) })
		}
		wg.Wait()
		news := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("post %d: %v", i, errs[i])
			}
			if created[i] {
				news++
			}
		}
		if news != 1 {
			t.Fatalf("%d posts were told they created the alert, want 1", news)
		}
		if rows := f.count(t, "SELECT count(*) FROM alerts"); rows != 1 {
			t.Fatalf("%d rows after %d posts of one pair", rows, n)
		}
		if occ := f.count(t, "SELECT occurrences FROM alerts"); occ != n {
			t.Fatalf("occurrences %d, want %d", occ, n)
		}
		// The statement alone, each post in a transaction of its own (no
		// shared transaction grouping them): still one row.
		first, _, err := s.Receive(f.responder, phishAlert("MG-STATEMENT", "Phishing"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range n - 1 {
			wg.Go(func() {
				a := first
				a.ID = uuid.Must(uuid.NewV7())
				errs[i] = db.InTx(f.responder, func(ctx context.Context) error { _, err := db.UpsertAlerts(ctx, []alerts.Alert{a}); return err })
			})
		}
		wg.Wait()
		for i := range n - 1 {
			if errs[i] != nil {
				t.Fatalf("upsert %d: %v", i, errs[i])
			}
		}
		if occ := f.count(t, "SELECT occurrences FROM alerts WHERE source_ref = 'MG-STATEMENT'"); occ != n {
			t.Fatalf("occurrences %d after %d upserts in their own transactions, want %d", occ, n, n)
		}
	})
}

// An alert with an observable not of its type is refused naming it, and
// nothing is stored.
func TestAlertWithABadObservableStoresNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		s := newAlertService(f)
		in := phishAlert("MG-2", "Phishing")
		in.Observables = append(in.Observables, observables.Draft{Type: observables.IPv4, Value: "192.0.2.300"})
		_, _, err := s.Receive(f.responder, in)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Kind != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "observables.2.value" {
			t.Fatalf("err %v", err)
		}
		if n := f.count(t, "SELECT count(*) FROM alerts"); n != 0 {
			t.Fatalf("%d rows after a refused alert", n)
		}
	})
}

// Importing a new alert opens a case holding its observables and marks it
// imported; a second import is a 409; merging another alert into a case
// the caller may not see is a 404 and changes nothing.
func TestAlertImportAndMerge(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		s := newAlertService(f)
		a, _, err := s.Receive(f.responder, phishAlert("MG-3", "Phishing to payroll"))
		if err != nil {
			t.Fatal(err)
		}
		imported, err := s.Import(f.responder, a.ID, a.Version, alerts.NewCase{Case: cases.Case{Category: "phishing"}})
		if err != nil {
			t.Fatal(err)
		}
		if imported.Status != alerts.Imported || imported.CaseID == nil || imported.DecidedByID == nil {
			t.Fatalf("imported: %+v", imported)
		}
		c, err := f.cs.Get(f.responder, *imported.CaseID)
		if err != nil || c.Title != "Phishing to payroll" || c.Severity != "high" {
			t.Fatalf("case: %+v, %v", c, err)
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE case_id = $1", c.ID.String()); n != 2 {
			t.Fatalf("%d observables on the case, want 2", n)
		}
		if _, err := s.Import(f.responder, a.ID, imported.Version, alerts.NewCase{Case: cases.Case{Category: "phishing"}}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a second import: %v, want a conflict", err)
		}
		hidden, err := f.cs.Create(f.admin, cases.Case{Title: "Restricted", Category: "malware", Severity: "high", Restricted: true,
			DetectedAt: c.DetectedAt, AwareAt: c.DetectedAt})
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := s.Receive(f.responder, phishAlert("MG-4", "Phishing again"))
		if err != nil {
			t.Fatal(err)
		}
		before := f.count(t, "SELECT count(*) FROM observables")
		if _, err := s.Merge(f.responder, b.ID, b.Version, hidden.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("merge into a case not seen: %v, want not found", err)
		}
		if n := f.count(t, "SELECT count(*) FROM observables"); n != before {
			t.Fatalf("observables %d → %d after a refused merge", before, n)
		}
		merged, err := s.Merge(f.admin, b.ID, b.Version, hidden.ID)
		if err != nil || merged.Status != alerts.Imported || *merged.CaseID != hidden.ID {
			t.Fatalf("merge by the admin: %+v, %v", merged, err)
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE case_id = $1", hidden.ID.String()); n != 2 {
			t.Fatalf("%d observables merged, want 2", n)
		}
	})
}

// recorderOf is an audit recorder on db.
func recorderOf(db *store.DB) *audit.Recorder { return audit.NewRecorder(db) }
