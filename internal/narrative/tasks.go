package narrative

import "strings"

// taskSentences tell what happened to a case's tasks.
var taskSentences = map[string]func(t teller) string{
	"task.create": func(t teller) string {
		s := "added task " + quoted(t.task())
		if g := t.new("group"); g != "" {
			s += " to " + quoted(g)
		}
		if d := date(t.new("due_at")); d != "" {
			s += ", due " + d
		}
		if a := t.new("assignee_id"); a != "" {
			s += ", assigned to " + t.person(a)
		}
		return s
	},
	"task.update": taskUpdated,
	"task.status": func(t teller) string {
		s := taskStatus(t.new("status"), "task "+quoted(t.task()))
		return because(s, t.new("note"))
	},
	"task.check": func(t teller) string {
		verb := "ticked "
		if t.new("done") == "false" {
			verb = "unticked "
		}
		return verb + quoted(t.new("item")) + " on task " + quoted(t.task())
	},
}

func (t teller) task() string { return t.entityName(t.n.Tasks, "title", "a task") }

func taskUpdated(t teller) string {
	title := t.task()
	var parts []string
	if t.has("title") && t.old("title") != "" {
		parts = append(parts, "renamed task "+quoted(t.old("title"))+" to "+quoted(t.new("title")))
	}
	if t.has("assignee_id") {
		if a := t.new("assignee_id"); a != "" {
			parts = append(parts, "assigned task "+quoted(title)+" to "+t.person(a))
		} else {
			parts = append(parts, "left task "+quoted(title)+" unassigned")
		}
	}
	if t.has("due_at") {
		if d := date(t.new("due_at")); d != "" {
			parts = append(parts, "set task "+quoted(title)+" due "+d)
		} else {
			parts = append(parts, "removed the due date of task "+quoted(title))
		}
	}
	if t.has("group") {
		parts = append(parts, "moved task "+quoted(title)+" to group "+quoted(t.new("group")))
	}
	if t.has("checklist") {
		parts = append(parts, "edited the checklist of task "+quoted(title))
	}
	if t.has("description") {
		parts = append(parts, "edited the description of task "+quoted(title))
	}
	if len(parts) == 0 {
		parts = append(parts, "updated task "+quoted(title))
	}
	return strings.Join(parts, "; ")
}

func taskStatus(status, task string) string {
	switch status {
	case "done":
		return "completed " + task
	case "in_progress":
		return "started " + task
	case "cancelled":
		return "cancelled " + task
	case "todo":
		return "moved " + task + " back to to do"
	}
	return "changed the status of " + task
}

func init() {
	for a, tell := range taskSentences {
		sentences[a] = tell
	}
}
