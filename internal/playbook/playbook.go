// Package playbook is the case templates administrators define: the tasks
// (and a suspension plan's milestones) a kind of incident always needs,
// versioned so that a case keeps pointing at the version it was made from.
package playbook

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
)

// The limits of a playbook: a page of tasks and a short suspension plan.
const (
	MaxName        = 200
	MaxDescription = 5000
	MaxTasks       = 50
	MaxMilestones  = 20
	MaxMilestone   = 300 // characters of a milestone's title
	// MaxOffsetHours is how far after the case's start (its aware_at) a
	// task may fall due: a year.
	MaxOffsetHours = 365 * 24
	// MaxPlaybooks is how many playbooks, retired ones included, one
	// installation holds: the list is read whole.
	MaxPlaybooks = 200
)

// BuiltinSuspension is the key of the built-in "Precautionary suspension of
// a service" playbook, installed by migration 00031.
const BuiltinSuspension = "precautionary_suspension"

// TaskTemplate is a task a playbook adds to a case. A nil DueOffsetHours
// gives the task no due date; otherwise it falls due that many hours after
// the case's aware_at.
type TaskTemplate struct {
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	Group          string   `json:"group"`
	DueOffsetHours *int     `json:"due_offset_hours"`
	Checklist      []string `json:"checklist"`
}

// MilestoneTemplate is a step of the playbook's suspension plan: due that
// many hours after the suspension began.
type MilestoneTemplate struct {
	Title          string `json:"title"`
	DueOffsetHours int    `json:"due_offset_hours"`
}

// Definition is what one version of a playbook says.
type Definition struct {
	Name        string
	Description string
	Category    cases.Category
	Severity    cases.Severity
	Tasks       []TaskTemplate
	Milestones  []MilestoneTemplate
}

// Playbook is one version of a playbook, with what the playbook is now.
type Playbook struct {
	ID             uuid.UUID
	Version        int // the version this definition is
	CurrentVersion int // the playbook's latest version
	Builtin        bool
	RetiredAt      *time.Time
	CreatedByID    *uuid.UUID // who wrote this version; nil for a built-in one
	CreatedAt      time.Time  // when this version was written
	Definition
}

// Ref is the playbook version a case was made from.
type Ref struct {
	ID      uuid.UUID
	Version int
	Name    string
}

// tidy trims what people type and never leaves a list nil.
func tidy(d Definition) Definition {
	d.Name, d.Description = strings.TrimSpace(d.Name), strings.TrimSpace(d.Description)
	tasks := make([]TaskTemplate, len(d.Tasks))
	for i, t := range d.Tasks {
		t.Title, t.Description, t.Group = strings.TrimSpace(t.Title), strings.TrimSpace(t.Description), strings.TrimSpace(t.Group)
		list := make([]string, len(t.Checklist))
		for j, it := range t.Checklist {
			list[j] = strings.TrimSpace(it)
		}
		t.Checklist = list
		tasks[i] = t
	}
	d.Tasks = tasks
	ms := make([]MilestoneTemplate, len(d.Milestones))
	for i, m := range d.Milestones {
		m.Title = strings.TrimSpace(m.Title)
		ms[i] = m
	}
	d.Milestones = ms
	return d
}

// fieldErrors names every field of d at fault, tasks and milestones by their
// place in the list (tasks.2.title).
func fieldErrors(d Definition) []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, format string, args ...any) {
		f = append(f, apperr.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	long := func(s string, n int) bool { return utf8.RuneCountInString(s) > n }
	if d.Name == "" || long(d.Name, MaxName) {
		add("name", "is required (at most %d characters)", MaxName)
	}
	if long(d.Description, MaxDescription) {
		add("description", "must be at most %d characters", MaxDescription)
	}
	if !slices.Contains(cases.Categories, d.Category) {
		add("category", "must be one of the case categories")
	}
	if !slices.Contains(cases.Severities, d.Severity) {
		add("severity", "must be low, medium, high or critical")
	}
	if len(d.Tasks) > MaxTasks {
		add("tasks", "may hold at most %d tasks", MaxTasks)
	}
	for i, t := range d.Tasks {
		at := fmt.Sprintf("tasks.%d.", i)
		if t.Title == "" || long(t.Title, cases.MaxTaskTitle) {
			add(at+"title", "is required (at most %d characters)", cases.MaxTaskTitle)
		}
		if long(t.Description, cases.MaxTaskDescription) {
			add(at+"description", "must be at most %d characters", cases.MaxTaskDescription)
		}
		if long(t.Group, cases.MaxTaskGroup) {
			add(at+"group", "must be at most %d characters", cases.MaxTaskGroup)
		}
		if t.DueOffsetHours != nil && (*t.DueOffsetHours < 0 || *t.DueOffsetHours > MaxOffsetHours) {
			add(at+"due_offset_hours", "must be between 0 and %d hours after the case's start", MaxOffsetHours)
		}
		if len(t.Checklist) > cases.MaxChecklistItems {
			add(at+"checklist", "may hold at most %d items", cases.MaxChecklistItems)
		} else if slices.ContainsFunc(t.Checklist, func(s string) bool { return s == "" || long(s, cases.MaxChecklistItemText) }) {
			add(at+"checklist", "must have text in every item (at most %d characters each)", cases.MaxChecklistItemText)
		}
	}
	if len(d.Milestones) > MaxMilestones {
		add("milestones", "may hold at most %d milestones", MaxMilestones)
	}
	for i, m := range d.Milestones {
		at := fmt.Sprintf("milestones.%d.", i)
		if m.Title == "" || long(m.Title, MaxMilestone) {
			add(at+"title", "is required (at most %d characters)", MaxMilestone)
		}
		if m.DueOffsetHours < 0 || m.DueOffsetHours > MaxOffsetHours {
			add(at+"due_offset_hours", "must be between 0 and %d hours after the suspension began", MaxOffsetHours)
		}
	}
	return f
}

// Tasks are the tasks d adds to case c: each due its offset after c's
// aware_at, the case's start.
func (d Definition) tasksFor(c cases.Case) []cases.Task {
	out := make([]cases.Task, len(d.Tasks))
	for i, t := range d.Tasks {
		list := make([]cases.ChecklistItem, len(t.Checklist))
		for j, it := range t.Checklist {
			list[j] = cases.ChecklistItem{Text: it}
		}
		task := cases.Task{Title: t.Title, Description: t.Description, Group: t.Group, Checklist: list, Status: cases.TaskTodo}
		if t.DueOffsetHours != nil {
			due := Start(c).Add(time.Duration(*t.DueOffsetHours) * time.Hour)
			task.DueAt = &due
		}
		out[i] = task
	}
	return out
}

// Start is the moment a playbook's task offsets count from: when the
// organisation became aware of the incident (aware_at), the moment the
// regulator's 72 hours also count from.
func Start(c cases.Case) time.Time { return c.AwareAt.UTC() }
