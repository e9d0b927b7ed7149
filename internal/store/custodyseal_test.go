package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
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
	t.Parallel()
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
				if _, err := export.NewService(db, audit.NewRecorder(db), "test").ExportCase(f.ctx, it.CaseID, "json", false); err != nil { // exported
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

// Custody events written before custody was sealed carry the nil seal that
// migration 00014 gave them; the first start after it seals them in the audit
// trail, once, and from then on they are held to it like the others.
func TestLegacyCustodyIsSealedOnceAndThenHeldToIt(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		it, err := f.add(t, "bytes collected before the upgrade")
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		legacy := func(id string) string {
			return `INSERT INTO custody_events (id, evidence_id, action, actor_id, to_party, occurred_at, created_at, seal_id)
				SELECT '` + id + `', evidence_id, 'transferred', actor_id, 'the lab', occurred_at, created_at, '00000000-0000-0000-0000-000000000000'
				FROM custody_events WHERE evidence_id = '` + it.ID.String() + `' AND action = 'collected'`
		}
		for _, id := range []string{"01936f6e-0000-7000-8000-00000000aaa1", "01936f6e-0000-7000-8000-00000000aaa2"} {
			if err := db.Exec(ctx, legacy(id)); err != nil {
				t.Fatal(err)
			}
		}
		if _, problems, _ := f.svc.VerifyCustody(ctx); len(problems) != 2 {
			t.Fatalf("before sealing: %+v, want the two legacy rows unsealed", problems)
		}
		rec := audit.NewRecorder(db)
		if sealed, err := evidence.SealLegacyCustody(ctx, db, rec); err != nil || !sealed {
			t.Fatalf("first seal: %v %v", sealed, err)
		}
		if sealed, err := evidence.SealLegacyCustody(ctx, db, rec); err != nil || sealed {
			t.Fatalf("second seal: %v %v, want nothing done", sealed, err)
		}
		if checked, problems, err := f.svc.VerifyCustody(ctx); err != nil || checked != 3 || len(problems) != 0 {
			t.Fatalf("after sealing: checked %d, %+v, %v", checked, problems, err)
		}
		// A row slipped in later under the legacy seal is one too many.
		if err := db.Exec(ctx, legacy("01936f6e-0000-7000-8000-00000000aaa3")); err != nil {
			t.Fatal(err)
		}
		if _, problems, _ := f.svc.VerifyCustody(ctx); len(problems) != 1 || problems[0].What != "extra" {
			t.Fatalf("after a late legacy row: %+v", problems)
		}
	})
}

// Migration 00014 keeps the custody rows written before it, under the nil
// (legacy) seal, on both dialects: on SQLite through the table's rebuild, on
// PostgreSQL past the append-only trigger it switches off for that one update.
func TestMigrationKeepsEarlierCustodyUnderTheLegacySeal(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.OpenEmpty(t, d)
			ctx := context.Background()
			if err := db.MigrateTo(ctx, 13); err != nil {
				t.Fatal(err)
			}
			const at = "'2026-01-01 00:00:00+00:00'"
			for _, s := range []string{
				`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-000000000001', 'a@b.c', 'A', 'admin', 'x', ` + at + `, ` + at + `)`,
				`INSERT INTO cases (id, reference, title, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000c1', 'INC-2026-0001', 'T', 'malware', 'low', 1, 'reported', 'suspected', '01936f6e-0000-7000-8000-000000000001', ` + at + `, ` + at + `, false, ` + at + `, ` + at + `)`,
				`INSERT INTO evidence (id, case_id, title, kind, collected_at, collected_by_id, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000e1', '01936f6e-0000-7000-8000-0000000000c1', 'Item', 'log', ` + at + `, '01936f6e-0000-7000-8000-000000000001', ` + at + `, ` + at + `)`,
				`INSERT INTO custody_events (id, evidence_id, action, actor_id, occurred_at, created_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000f1', '01936f6e-0000-7000-8000-0000000000e1', 'collected', '01936f6e-0000-7000-8000-000000000001', ` + at + `, ` + at + `)`,
			} {
				if err := db.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			all, err := db.AllCustody(ctx)
			if err != nil || len(all) != 1 || all[0].Seal == nil || *all[0].Seal != evidence.LegacySeal {
				t.Fatalf("custody after the migration: %+v, %v", all, err)
			}
			if err := db.Exec(ctx, "UPDATE custody_events SET note = 'x'"); err == nil {
				t.Fatal("the update trigger is off after the migration")
			}
		})
	}
}
