package playbook

import (
	"encoding/json"

	"github.com/caseward/caseward/internal/audit"
)

// diff is {field: [old, new]} for the fields of a definition that differ;
// tasks and milestones are compared and kept whole, as JSON.
func diff(old, next Definition) audit.Changes {
	c := audit.Changes{}
	str := func(field, a, b string) {
		if a != b {
			var o any = a
			if a == "" {
				o = nil
			}
			c[field] = [2]any{o, b}
		}
	}
	str("name", old.Name, next.Name)
	str("description", old.Description, next.Description)
	str("category", string(old.Category), string(next.Category))
	str("severity", string(old.Severity), string(next.Severity))
	str("tasks", listJSON(old.Tasks), listJSON(next.Tasks))
	str("milestones", listJSON(old.Milestones), listJSON(next.Milestones))
	return c
}

// listJSON is a list as the database and the audit trail keep it; empty for
// an empty list.
func listJSON[T any](list []T) string {
	if len(list) == 0 {
		return ""
	}
	b, _ := json.Marshal(list) // plain structs of strings and ints
	return string(b)
}
