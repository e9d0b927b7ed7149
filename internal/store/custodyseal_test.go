package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// bypassCustodyTriggers lets the table's owner change custody rows as an
// attacker with the database's credentials could: SQLite's triggers dropped,
// PostgreSQL's disabled.
func bypassCustodyTriggers(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER custody_events_no_update", "DROP TRIGGER custody_events_no_delete"}
	if db.Dialect() == store.Postgres {
		stmts = []string{"ALTER TABLE custody_events DISABLE TRIGGER USER"}
	}
	for _, s := range stmts {
		if err := db.Exec(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

// Every custody event's content hash is sealed in the audit trail in the
// transaction that writes it, so verify-all notices a custody row deleted,
// altered, slipped in or wiped by a direct SQL statement that got past the
// append-only triggers.
func TestVerifyCustodyReportsRowsChangedBehindCaseward(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(db *store.DB) []string // the SQL statements that tamper
		want   map[string]int
	}{
		{"altered", func(*store.DB) []string {
			return []string{"UPDATE custody_events SET to_party = 'someone else' WHERE action = 'transferred'"}
		}, map[string]int{"altered": 1}},
		{"deleted", func(*store.DB) []string {
			return []string{"DELETE FROM custody_events WHERE action = 'transferred'"}
		}, map[string]int{"missing": 1}},
		{"inserted without a seal", func(*store.DB) []string {
			return []string{`INSERT INTO custody_events (id, evidence_id, action, actor_id, occurred_at, created_at)
				SELECT '01936f6e-0000-7000-8000-00000000ffff', evidence_id, 'returned', actor_id, occurred_at, created_at FROM custody_events WHERE action = 'collected'`}
		}, map[string]int{"unsealed": 1}},
		{"inserted under an existing seal", func(*store.DB) []string {
			return []string{`INSERT INTO custody_events (id, evidence_id, action, actor_id, occurred_at, created_at, seal_id)
				SELECT '01936f6e-0000-7000-8000-00000000ffff', evidence_id, 'returned', actor_id, occurred_at, created_at, seal_id FROM custody_events WHERE action = 'collected'`}
		}, map[string]int{"extra": 1}},
		{"moved to another seal", func(*store.DB) []string {
			return []string{`UPDATE custody_events SET seal_id = (SELECT seal_id FROM custody_events WHERE action = 'collected') WHERE action = 'transferred'`}
		}, map[string]int{"extra": 1, "missing": 1}},
		{"truncated", func(db *store.DB) []string {
			if db.Dialect() == store.Postgres {
				return []string{"TRUNCATE custody_events"}
			}
			return []string{"DELETE FROM custody_events"} // SQLite has no TRUNCATE
		}, map[string]int{"missing": 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
				f := newEvidenceFixture(t, db)
				it, err := f.add(t, "bytes in custody") // collected
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.Record(f.ctx, evidence.CustodyEvent{EvidenceID: it.ID, Action: evidence.Transferred, FromParty: "Ann", ToParty: "Bob",
					OccurredAt: time.Now().Add(123 * time.Nanosecond), TimeZone: "Europe/London"}); err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.Verify(f.ctx, it.ID); err != nil { // verified
					t.Fatal(err)
				}
				if err := f.svc.RecordCaseExport(f.ctx, it.CaseID, "json"); err != nil { // exported
					t.Fatal(err)
				}
				checked, problems, err := f.svc.VerifyCustody(context.Background())
				if err != nil || checked != 4 || len(problems) != 0 {
					t.Fatalf("before tampering: checked %d, problems %+v, err %v; want 4 clean", checked, problems, err)
				}
				bypassCustodyTriggers(t, db)
				for _, s := range tc.tamper(db) {
					if err := db.Exec(context.Background(), s); err != nil {
						t.Fatal(err)
					}
				}
				_, problems, err = f.svc.VerifyCustody(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, p := range problems {
					got[p.What]++
				}
				if !maps.Equal(got, tc.want) {
					t.Fatalf("problems %+v, want %v", problems, tc.want)
				}
			})
		})
	}
}
