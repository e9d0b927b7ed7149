package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A case's tasks come grouped: by group (ungrouped ones sort first as the
// empty group; the SPA shows them last), then the soonest due with undated
// tasks after the dated ones on both databases, then the oldest. The
// checklist keeps its order and flags.
func TestTasksReadBackGroupedSoonestDueFirst(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		c := newCase(t, cs, ctx, "Tasks in order")
		at := func(h int) *time.Time { d := time.Now().Add(time.Duration(h) * time.Hour); return &d }
		add := func(title, group string, due *time.Time, list ...cases.ChecklistItem) {
			t.Helper()
			if _, err := cs.AddTask(ctx, c.ID, cases.Task{Title: title, Group: group, DueAt: due, Checklist: list}); err != nil {
				t.Fatalf("add %s: %v", title, err)
			}
		}
		add("Recovery undated", "Recovery", nil)
		add("Recovery later", "Recovery", at(48))
		add("Containment soon", "Containment", at(2), cases.ChecklistItem{Text: "b", Done: true}, cases.ChecklistItem{Text: "a"})
		add("Recovery sooner", "Recovery", at(24))
		add("No group", "", nil)
		got, err := cs.Tasks(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, x := range got {
			titles = append(titles, x.Title)
		}
		want := []string{"No group", "Containment soon", "Recovery sooner", "Recovery later", "Recovery undated"}
		if !slices.Equal(titles, want) {
			t.Fatalf("order %v, want %v", titles, want)
		}
		if l := got[1].Checklist; len(l) != 2 || l[0] != (cases.ChecklistItem{Text: "b", Done: true}) || l[1].Text != "a" || got[1].ChecklistDone() != 1 {
			t.Fatalf("checklist read back as %+v", l)
		}
		// The case read for its workflow counts the open tasks.
		v, err := cases.See(ctx, db, c.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if v.Case().OpenTasks != 5 {
			t.Fatalf("open tasks %d, want 5", v.Case().OpenTasks)
		}
	})
}

// A task of another case, or no task at all, is not found through a case's
// scoped read.
func TestTaskIsReadOnlyThroughItsOwnCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		a, b := newCase(t, cs, ctx, "Case A"), newCase(t, cs, ctx, "Case B")
		task, err := cs.AddTask(ctx, a.ID, cases.Task{Title: "Only on A"})
		if err != nil {
			t.Fatal(err)
		}
		vb, err := cases.See(ctx, db, b.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Task(ctx, vb, task.ID); err == nil {
			t.Fatal("a task read through another case")
		}
		if _, err := db.TaskCaseID(context.Background(), uuid.Must(uuid.NewV7())); err == nil {
			t.Fatal("no such task, yet a case id")
		}
		if _, err := db.Tasks(ctx, cases.Visible{}); err == nil {
			t.Fatal("tasks read without a scoped read of the case")
		}
	})
}
