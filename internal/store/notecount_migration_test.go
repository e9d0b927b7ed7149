package store_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Migration 00021 counts the notes each case already holds, so that the cap
// holds for cases written before it: a case with notes gets their number, one
// without gets 0, and the next note past the cap is refused.
func TestMigrationCountsTheNotesCasesHold(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.OpenEmpty(t, d)
			ctx := context.Background()
			if err := db.MigrateTo(ctx, 20); err != nil {
				t.Fatal(err)
			}
			const at = "'2026-01-01 00:00:00+00:00'"
			stmts := []string{
				`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-000000000001', 'a@b.c', 'A', 'admin', 'x', ` + at + `, ` + at + `)`,
			}
			for i, c := range []string{"c1", "c2"} {
				stmts = append(stmts, `INSERT INTO cases (id, reference, title, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000`+c+`', 'INC-2026-000`+string(rune('1'+i))+`', 'T', 'malware', 'low', 1, 'reported', 'suspected', '01936f6e-0000-7000-8000-000000000001', `+at+`, `+at+`, false, `+at+`, `+at+`)`)
			}
			for _, n := range []string{"a1", "a2", "a3"} {
				stmts = append(stmts, `INSERT INTO notes (id, case_id, kind, body, author_id, created_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000`+n+`', '01936f6e-0000-7000-8000-0000000000c1', 'update', 'status', '01936f6e-0000-7000-8000-000000000001', `+at+`)`)
			}
			for _, s := range stmts {
				if err := db.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for c, want := range map[string]int{"c1": 3, "c2": 0} {
				var n int
				err := db.SQL().QueryRowContext(ctx, "SELECT note_count FROM cases WHERE id = $1", "01936f6e-0000-7000-8000-0000000000"+c).Scan(&n)
				if err != nil || n != want {
					t.Fatalf("case %s holds %d notes after the migration (%v), want %d", c, n, err, want)
				}
			}
			n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: uuid.MustParse("01936f6e-0000-7000-8000-0000000000c1"), Kind: cases.NoteUpdate,
				Body: "one more", AuthorID: uuid.MustParse("01936f6e-0000-7000-8000-000000000001")}
			if err := db.CreateNote(ctx, n, cases.Scope{All: true}, 3); err == nil {
				t.Fatal("a fourth note passed a cap of three counted by the migration")
			}
		})
	}
}
