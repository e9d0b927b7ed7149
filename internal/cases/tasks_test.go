package cases

import (
	"testing"
	"time"
)

// One change records one entry per kind: the status as task.status, each
// item ticked or unticked as task.check, anything else as task.update; an
// edit of the items' texts is a checklist change, not ticks.
func TestTaskEntriesSplitStatusTicksAndEdits(t *testing.T) {
	old := Task{Title: "Images", Status: TaskTodo, Checklist: []ChecklistItem{{Text: "Disk"}, {Text: "Memory", Done: true}}}
	next := old
	next.Status = TaskInProgress
	next.Group = "Containment"
	next.Checklist = []ChecklistItem{{Text: "Disk", Done: true}, {Text: "Memory"}}
	var actions []string
	for _, e := range taskEntries(old, next) {
		actions = append(actions, e.Action)
	}
	want := []string{"task.status", "task.check", "task.check", "task.update"}
	if len(actions) != len(want) {
		t.Fatalf("entries %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("entries %v, want %v", actions, want)
		}
	}
	edited := old
	edited.Checklist = []ChecklistItem{{Text: "Disk image"}, {Text: "Memory", Done: true}}
	es := taskEntries(old, edited)
	if len(es) != 1 || es[0].Action != "task.update" || es[0].Changes["checklist"][1] != "[ ] Disk image\n[x] Memory" {
		t.Fatalf("a text edit recorded as %+v", es)
	}
	if len(taskEntries(old, old)) != 0 {
		t.Fatal("no change, yet entries")
	}
}

// Overdue is open and past due; done or cancelled tasks are never overdue.
func TestTaskOverdueOnlyWhileOpen(t *testing.T) {
	now := time.Now()
	past := now.Add(-time.Hour)
	for _, tc := range []struct {
		status TaskStatus
		due    *time.Time
		want   bool
	}{
		{TaskTodo, &past, true}, {TaskInProgress, &past, true}, {TaskDone, &past, false}, {TaskCancelled, &past, false}, {TaskTodo, nil, false},
	} {
		if got := (Task{Status: tc.status, DueAt: tc.due}).Overdue(now); got != tc.want {
			t.Errorf("%s due %v: overdue %v", tc.status, tc.due, got)
		}
	}
}
