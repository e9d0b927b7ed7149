package narrative

import (
	"slices"
	"strings"

	"github.com/google/uuid"
)

// field tells the change of one field as a clause: "changed severity from
// High to Critical". An empty clause leaves the change out.
type field struct {
	name string
	tell func(t teller) string
}

// ignored are fields no reader cares about: bookkeeping, ids already told
// by name elsewhere, the seal that ties custody to the trail.
var ignored = map[string]bool{
	"version": true, "updated_at": true, "created_at": true, "custody_seal": true, "replan_id": true,
	"replan_reason": true, "update_id": true, "suspension_id": true, "baseline_restoration_at": true,
	"baseline_due_at": true, "completed_at": true, "note": true, "reference": true, "id": true, "case_id": true,
}

// changeList tells the changes of fields as ": a, b and c", and any change of
// a field it does not know in words; "" when nothing worth telling changed.
func changeList(t teller, fields []field) string {
	var parts []string
	for _, f := range fields {
		if t.has(f.name) {
			if p := f.tell(t); p != "" {
				parts = append(parts, p)
			}
		}
	}
	parts = append(parts, unknownChanges(t, fields)...)
	if len(parts) == 0 {
		return ""
	}
	return ": " + list(parts)
}

// unknownChanges tells, in words, changes of fields the table does not
// know, leaving out the ignored ones and every id.
func unknownChanges(t teller, fields []field) []string {
	var out []string
	for _, name := range sortedKeys(t.ch) {
		if ignored[name] || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_ids") ||
			slices.ContainsFunc(fields, func(f field) bool { return f.name == name }) {
			continue
		}
		out = append(out, "changed the "+words(name))
	}
	return out
}

func sortedKeys(m map[string][2]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fromTo tells the change of an enum field with its labels (of kind).
func fromTo(what, field, kind string) func(t teller) string {
	return func(t teller) string {
		if t.old(field) == "" {
			return "set " + what + " to " + Label(kind, t.new(field))
		}
		return "changed " + what + " from " + Label(kind, t.old(field)) + " to " + Label(kind, t.new(field))
	}
}

// textSet tells a free-text field: set to a short value, edited, or cleared.
func textSet(what string, field string, quote bool) func(t teller) string {
	return func(t teller) string {
		v := t.new(field)
		switch {
		case v == "":
			return "cleared " + what
		case quote:
			return "set " + what + " to " + quoted(v)
		case t.old(field) == "":
			return "added " + what
		}
		return "edited " + what
	}
}

// dateSet tells a date field.
func dateSet(what, field string) func(t teller) string {
	return func(t teller) string {
		if d := date(t.new(field)); d != "" {
			return "set " + what + " to " + d
		}
		return "cleared " + what
	}
}

var caseFields = []field{
	{"title", func(t teller) string { return "renamed the case to " + quoted(t.new("title")) }},
	{"status", fromTo("the status", "status", "status")},
	{"severity", fromTo("severity", "severity", "severity")},
	{"category", fromTo("the category", "category", "category")},
	{"breach_status", fromTo("the breach status", "breach_status", "breach_status")},
	{"owner_id", func(t teller) string { return "handed the case to " + t.person(t.new("owner_id")) }},
	{"member_ids", members},
	{"department_id", func(t teller) string {
		if d := t.new("department_id"); d != "" {
			return "put the case in " + name(t.n.Departments, d, "a department")
		}
		return "took the case out of its department"
	}},
	{"restricted", func(t teller) string {
		if t.new("restricted") == "true" {
			return "restricted the case to its owner and team"
		}
		return "lifted the case's restriction"
	}},
	{"summary", textSet("the summary", "summary", false)},
	{"detected_at", dateSet("the detection date", "detected_at")},
	{"aware_at", dateSet("the date the organisation became aware", "aware_at")},
	{"personal_data_involved", func(t teller) string {
		if t.new("personal_data_involved") == "true" {
			return "recorded that personal data is involved"
		}
		return "recorded that no personal data is involved"
	}},
	{"data_subjects_estimate", func(t teller) string {
		if v := t.new("data_subjects_estimate"); v != "" {
			return "estimated " + count(v) + " data subjects affected"
		}
		return "cleared the estimate of data subjects"
	}},
	{"regulator_notified_at", func(t teller) string {
		if d := date(t.new("regulator_notified_at")); d != "" {
			return "recorded the regulator notification of " + d
		}
		return "cleared the regulator notification"
	}},
	{"regulator_reference", textSet("the regulator's reference", "regulator_reference", true)},
	{"regulator_decision_rationale", func(t teller) string {
		if v := t.new("regulator_decision_rationale"); v != "" {
			return "recorded the decision not to notify the regulator: " + short(v)
		}
		return "cleared the decision not to notify the regulator"
	}},
	{"regulator_delay_reason", func(t teller) string {
		if v := t.new("regulator_delay_reason"); v != "" {
			return "recorded why the regulator was notified late: " + short(v)
		}
		return "cleared the reason for the late notification"
	}},
}

// members tells who joined and who left a case's team.
func members(t teller) string {
	ids := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if id, err := uuid.Parse(strings.TrimSpace(p)); err == nil {
				out = append(out, id.String())
			}
		}
		return out
	}
	before, after := ids(t.old("member_ids")), ids(t.new("member_ids"))
	var added, removed []string
	for _, id := range after {
		if !slices.Contains(before, id) {
			added = append(added, t.person(id))
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			removed = append(removed, t.person(id))
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+list(added)+" to the team")
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+list(removed)+" from the team")
	}
	return strings.Join(parts, " and ")
}

var suspensionFields = []field{
	{"expected_restoration_at", func(teller) string { return "" }}, // told first, as a move
	{"reason", textSet("the reason", "reason", false)},
	{"decided_by", textSet("who decided", "decided_by", true)},
	{"suspended_at", dateSet("the suspension date", "suspended_at")},
	{"affected_users_estimate", func(t teller) string {
		if v := t.new("affected_users_estimate"); v != "" {
			return "estimated " + count(v) + " affected users"
		}
		return "cleared the estimate of affected users"
	}},
	{"impact", textSet("the impact", "impact", false)},
	{"workaround", textSet("the workaround", "workaround", false)},
	{"status", fromTo("the status", "status", "suspension_status")},
	{"restored_at", dateSet("the restoration date", "restored_at")},
	{"service_id", func(t teller) string {
		return "moved the suspension to " + name(t.n.Services, t.new("service_id"), "another service")
	}},
}

var evidenceFields = []field{
	{"title", func(t teller) string { return "renamed it to " + quoted(t.new("title")) }},
	{"kind", fromTo("its kind", "kind", "evidence_kind")},
	{"description", textSet("the description", "description", false)},
	{"source", textSet("the source", "source", true)},
	{"collected_at", dateSet("the collection date", "collected_at")},
}

var serviceFields = []field{
	{"name", func(t teller) string {
		if t.old("name") == t.new("name") {
			return ""
		}
		return "renamed it from " + quoted(t.old("name")) + " to " + quoted(t.new("name"))
	}},
	{"description", func(t teller) string {
		if t.old("description") == t.new("description") {
			return ""
		}
		return textSet("the description", "description", false)(t)
	}},
	{"department_id", func(t teller) string {
		if t.old("department_id") == t.new("department_id") {
			return ""
		}
		return "moved it to " + name(t.n.Departments, t.new("department_id"), "another department")
	}},
	{"public_name", func(t teller) string {
		if v := t.new("public_name"); v != "" {
			return "showed it on the public status page as " + quoted(v)
		}
		return "took it off the public status page"
	}},
}

var userFields = []field{
	{"name", func(t teller) string {
		return "renamed them from " + quoted(t.old("name")) + " to " + quoted(t.new("name"))
	}},
	{"role", fromTo("their role", "role", "role")},
	{"department_id", func(t teller) string {
		if d := t.new("department_id"); d != "" {
			return "moved them to " + name(t.n.Departments, d, "a department")
		}
		return "took them out of their department"
	}},
	{"disabled", func(teller) string { return "" }}, // the action says it
}
