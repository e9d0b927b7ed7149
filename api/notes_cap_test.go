package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A case holds at most 2 000 notes (cases.MaxNotesPerCase): the next is a 409
// problem, as for a department head, and writes nothing (no note, no audit
// event); another case still takes notes.
func TestNoteRefusedPastTheCaseCap(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		full := s.createCase(admin, caseBody("Long running incident", nil))
		other := s.createCase(admin, caseBody("Other incident", nil))
		const most = 2000
		// The first 2 000 are written around the API, in one transaction.
		err := db.InTx(context.Background(), func(ctx context.Context) error {
			for i := range most {
				n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: uuid.MustParse(full.ID), Kind: cases.NoteUpdate,
					Body: fmt.Sprintf("Hourly status %d", i), AuthorID: s.admin.ID, CreatedAt: time.Now()}
				if err := db.CreateNote(ctx, n, cases.Scope{All: true}, cases.MaxNotesPerCase); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, audited := caseState(t, s, admin)
		note := map[string]string{"kind": "update", "body": "One more status"}
		p := s.do(http.MethodPost, "/api/v1/cases/"+full.ID+"/notes", note, bearer(admin)...).problem(t, http.StatusConflict)
		if !strings.Contains(p.Detail, "2000 notes") {
			t.Fatalf("detail: %q", p.Detail)
		}
		var count int
		if err := db.SQL().QueryRow(fmt.Sprintf(`SELECT count(*) FROM notes WHERE case_id = '%s'`, full.ID)).Scan(&count); err != nil || count != most {
			t.Fatalf("notes held: %d, %v", count, err)
		}
		if _, after := caseState(t, s, admin); after != audited {
			t.Fatalf("audit events: %d, was %d", after, audited)
		}
		if r := s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/notes", note, bearer(admin)...); r.StatusCode != http.StatusCreated {
			t.Fatalf("another case's note: %d %s", r.StatusCode, r.body)
		}
	})
}
