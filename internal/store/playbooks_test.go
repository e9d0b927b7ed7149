package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/playbook"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Two servers starting at once on one fresh database both migrate it, and
// the built-in playbook exists exactly once, at version 1; starting again
// adds nothing.
func TestBuiltinPlaybookExistsOnceWhenTwoServersStartAtOnce(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			url, dir := "", t.TempDir()
			if d == store.Postgres {
				url = dbtest.EmptyPostgresURL(t)
			}
			open := func() *store.DB {
				db, err := store.Open(ctx, url, dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			a, b := open(), open()
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, db := range []*store.DB{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = db.Migrate(ctx)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := open().Migrate(ctx); err != nil { // a restart
				t.Fatal(err)
			}
			var heads, versions int
			if err := a.SQL().QueryRowContext(ctx, "SELECT count(*) FROM playbooks WHERE builtin_key = 'precautionary_suspension'").Scan(&heads); err != nil {
				t.Fatal(err)
			}
			if err := a.SQL().QueryRowContext(ctx, "SELECT count(*) FROM playbook_versions").Scan(&versions); err != nil {
				t.Fatal(err)
			}
			if heads != 1 || versions != 1 {
				t.Fatalf("%d built-in playbooks with %d versions, want 1 and 1", heads, versions)
			}
			list, err := a.Playbooks(ctx, false)
			if err != nil || len(list) != 1 || !list[0].Builtin || list[0].Name != "Precautionary suspension of a service" || len(list[0].Tasks) != 8 {
				t.Fatalf("built-in as read: %+v, %v", list, err)
			}
		})
	}
}

// A version is written only on top of the version it was edited from, and
// not on a retired playbook; earlier versions stay as they were.
func TestPlaybookVersionsAreWrittenOnTopOfTheCurrentOne(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		h := 4
		p := playbook.Playbook{ID: uuid.Must(uuid.NewV7()), Version: 1, CurrentVersion: 1, CreatedAt: now,
			Definition: playbook.Definition{Name: "Store test", Category: cases.Category("malware"), Severity: cases.Severity("low"),
				Tasks: []playbook.TaskTemplate{{Title: "One", DueOffsetHours: &h, Checklist: []string{"a"}}}}}
		if err := db.CreatePlaybook(ctx, p); err != nil {
			t.Fatal(err)
		}
		next := p
		next.Version, next.Name, next.Tasks = 2, "Store test 2", nil
		if err := db.AddPlaybookVersion(ctx, next); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPlaybookVersion(ctx, next); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("a second version 2: %v", err)
		}
		v1, err := db.Playbook(ctx, p.ID, 1)
		if err != nil || v1.Name != "Store test" || len(v1.Tasks) != 1 || *v1.Tasks[0].DueOffsetHours != 4 || v1.CurrentVersion != 2 {
			t.Fatalf("version 1: %+v %v", v1, err)
		}
		cur, err := db.Playbook(ctx, p.ID, 0)
		if err != nil || cur.Version != 2 || len(cur.Tasks) != 0 || cur.Tasks == nil {
			t.Fatalf("current: %+v %v", cur, err)
		}
		if err := db.RetirePlaybook(ctx, p.ID, 2, now); err != nil {
			t.Fatal(err)
		}
		third := next
		third.Version = 3
		if err := db.AddPlaybookVersion(ctx, third); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("a version on a retired playbook: %v", err)
		}
		if _, err := db.Playbook(ctx, uuid.New(), 0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("no such playbook: %v", err)
		}
	})
}
