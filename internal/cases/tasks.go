package cases

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
)

// TaskStatus is where a task stands.
type TaskStatus string

// The task statuses: todo and in_progress are open, and keep the case from
// closing; done and cancelled are not.
const (
	TaskTodo       TaskStatus = "todo"
	TaskInProgress TaskStatus = "in_progress"
	TaskDone       TaskStatus = "done"
	TaskCancelled  TaskStatus = "cancelled"
)

// TaskStatuses lists the statuses a task may have.
var TaskStatuses = []TaskStatus{TaskTodo, TaskInProgress, TaskDone, TaskCancelled}

// Open reports whether a task in status s is still to be done.
func (s TaskStatus) Open() bool { return s == TaskTodo || s == TaskInProgress }

// The limits of a case's tasks: enough for a playbook and the work it grows
// into, small enough that the Tasks tab and the export show them on one page.
const (
	MaxTasksPerCase      = 200
	MaxChecklistItems    = 50
	MaxTaskTitle         = 300
	MaxTaskDescription   = 5000
	MaxTaskGroup         = 100
	MaxChecklistItemText = 300
)

// OpenTasksBlocker is the closing blocker open tasks make, in words.
const OpenTasksBlocker = "a task is still open: finish or cancel every task, or close with the open tasks cancelled"

// ChecklistItem is one line of a task's checklist.
type ChecklistItem struct {
	Text string `json:"text"`
	Done bool   `json:"done"`
}

// Task is a piece of work on a case.
type Task struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	Title       string
	Description string
	Group       string // free text ("Containment"); the list is grouped by it
	AssigneeID  *uuid.UUID
	DueAt       *time.Time
	Status      TaskStatus
	Checklist   []ChecklistItem
	CreatedByID uuid.UUID
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Overdue reports whether the task is open past its due date.
func (t Task) Overdue(now time.Time) bool {
	return t.Status.Open() && t.DueAt != nil && t.DueAt.Before(now)
}

// ChecklistDone counts the checklist's ticked items.
func (t Task) ChecklistDone() int {
	n := 0
	for _, it := range t.Checklist {
		if it.Done {
			n++
		}
	}
	return n
}

// TaskPatch holds the fields a task's PATCH names; nil and unset fields stay.
type TaskPatch struct {
	Title       *string
	Description *string
	Group       *string
	AssigneeID  Optional[uuid.UUID]
	DueAt       Optional[time.Time]
	Status      *TaskStatus
	Checklist   *[]ChecklistItem
}

func (p TaskPatch) apply(t Task) Task {
	if p.Title != nil {
		t.Title = *p.Title
	}
	if p.Description != nil {
		t.Description = *p.Description
	}
	if p.Group != nil {
		t.Group = *p.Group
	}
	if p.AssigneeID.Set {
		t.AssigneeID = p.AssigneeID.Value
	}
	if p.DueAt.Set {
		t.DueAt = p.DueAt.Value
	}
	if p.Status != nil {
		t.Status = *p.Status
	}
	if p.Checklist != nil {
		t.Checklist = slices.Clone(*p.Checklist)
	}
	return tidyTask(t)
}

// tidyTask trims what people type and keeps times in UTC to the microsecond,
// as both databases store them.
func tidyTask(t Task) Task {
	t.Title, t.Description, t.Group = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description), strings.TrimSpace(t.Group)
	if t.DueAt != nil {
		d := t.DueAt.UTC().Truncate(time.Microsecond)
		t.DueAt = &d
	}
	for i := range t.Checklist {
		t.Checklist[i].Text = strings.TrimSpace(t.Checklist[i].Text)
	}
	if t.Checklist == nil {
		t.Checklist = []ChecklistItem{}
	}
	return t
}

// taskFieldErrors names every field of t at fault for its value, and a due
// date before the incident was detected.
func taskFieldErrors(t Task, c Case) []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, msg string) { f = append(f, apperr.FieldError{Field: field, Message: msg}) }
	if t.Title == "" || utf8.RuneCountInString(t.Title) > MaxTaskTitle {
		add("title", fmt.Sprintf("is required (at most %d characters)", MaxTaskTitle))
	}
	if utf8.RuneCountInString(t.Description) > MaxTaskDescription {
		add("description", fmt.Sprintf("must be at most %d characters", MaxTaskDescription))
	}
	if utf8.RuneCountInString(t.Group) > MaxTaskGroup {
		add("group", fmt.Sprintf("must be at most %d characters", MaxTaskGroup))
	}
	if !slices.Contains(TaskStatuses, t.Status) {
		add("status", "must be todo, in_progress, done or cancelled")
	}
	if t.DueAt != nil && t.DueAt.Before(c.DetectedAt) {
		add("due_at", "must not be before the incident was detected ("+c.DetectedAt.UTC().Format("2 Jan 2006 15:04")+" UTC)")
	}
	if len(t.Checklist) > MaxChecklistItems {
		add("checklist", fmt.Sprintf("may hold at most %d items", MaxChecklistItems))
	}
	for _, it := range t.Checklist {
		if it.Text == "" || utf8.RuneCountInString(it.Text) > MaxChecklistItemText {
			add("checklist", fmt.Sprintf("must have text in every item (at most %d characters each)", MaxChecklistItemText))
			break
		}
	}
	return f
}

// checklistText is a checklist as the audit trail keeps it: one line per
// item, "[x] " before a ticked one.
func checklistText(items []ChecklistItem) string {
	lines := make([]string, len(items))
	for i, it := range items {
		mark := "[ ] "
		if it.Done {
			mark = "[x] "
		}
		lines[i] = mark + it.Text
	}
	return strings.Join(lines, "\n")
}

// toggled returns the items whose done flag alone changed, when old and next
// hold the same texts in the same order; ok is false for any other edit.
func toggled(old, next []ChecklistItem) (items []ChecklistItem, ok bool) {
	if len(old) != len(next) {
		return nil, false
	}
	for i := range old {
		if old[i].Text != next[i].Text {
			return nil, false
		}
		if old[i].Done != next[i].Done {
			items = append(items, next[i])
		}
	}
	return items, true
}
