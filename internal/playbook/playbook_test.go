package playbook

import (
	"testing"
	"time"

	"github.com/caseward/caseward/internal/cases"
)

// A playbook's tasks fall due their offset after the case's aware_at; a task
// without an offset has no due date; checklists start unticked.
func TestTasksFallDueTheirOffsetAfterAwareness(t *testing.T) {
	aware := time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)
	c := cases.Case{DetectedAt: aware.Add(-3 * time.Hour), AwareAt: aware}
	four := 4
	d := Definition{Tasks: []TaskTemplate{
		{Title: "Inform the DPO", Group: "Notification", DueOffsetHours: &four, Checklist: []string{"Call", "Email"}},
		{Title: "Lessons learnt"},
	}}
	got := d.tasksFor(c)
	if len(got) != 2 || !got[0].DueAt.Equal(aware.Add(4*time.Hour)) || got[1].DueAt != nil {
		t.Fatalf("due dates: %+v", got)
	}
	if got[0].Status != cases.TaskTodo || len(got[0].Checklist) != 2 || got[0].Checklist[0].Done || got[0].Group != "Notification" {
		t.Fatalf("first task: %+v", got[0])
	}
}

// Every field at fault is named, by its place in the lists.
func TestFieldErrorsNameEveryFieldByPlace(t *testing.T) {
	big := MaxOffsetHours + 1
	d := tidy(Definition{Name: " ", Category: "nonsense", Severity: "low",
		Tasks:      []TaskTemplate{{Title: "ok"}, {Title: " ", DueOffsetHours: &big, Checklist: []string{"a", " "}}},
		Milestones: []MilestoneTemplate{{Title: "", DueOffsetHours: -1}}})
	var got []string
	for _, f := range fieldErrors(d) {
		got = append(got, f.Field)
	}
	want := []string{"name", "category", "tasks.1.title", "tasks.1.due_offset_hours", "tasks.1.checklist", "milestones.0.title", "milestones.0.due_offset_hours"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
