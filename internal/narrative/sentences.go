package narrative

import (
	"strings"
)

// sentences tells each action Caseward records (audit.Actions). Each starts
// with a verb and follows the actor's name: "Ana Silva suspended Payroll".
var sentences = map[string]func(t teller) string{
	"case.create":     caseCreated,
	"case.update":     caseUpdated,
	"case.transition": caseMoved,
	"note.create": func(t teller) string {
		switch t.new("kind") {
		case "decision":
			return "recorded a decision note"
		case "statement":
			return "recorded a statement"
		}
		return "added an update note"
	},

	"link.create": func(t teller) string {
		return "linked " + t.linkedCase("from_case_id") + " " + linkWords(t.new("kind")) + " " + t.linkedCase("to_case_id")
	},
	"link.delete": func(t teller) string {
		return "removed the link of " + t.linkedCase("from_case_id") + " " + linkWords(t.old("kind")) + " " + t.linkedCase("to_case_id")
	},

	"suspension.create": func(t teller) string {
		s := because("suspended "+t.suspended(), t.new("reason"))
		if by := t.new("decided_by"); by != "" {
			s += " (decided by " + short(by) + ")"
		}
		return s
	},
	"suspension.update": suspensionUpdated,
	"suspension.replan": suspensionUpdated,
	"suspension.restore": func(t teller) string {
		s := "restored " + t.suspended()
		if d := date(t.new("restored_at")); d != "" {
			s += " on " + d
		}
		return because(s, t.new("note"))
	},
	"suspension.cancel": func(t teller) string {
		return because("cancelled the suspension of "+t.suspended(), t.new("note"))
	},
	"suspension.update_posted": func(t teller) string {
		what := "an internal update"
		if t.new("audience") == "public" {
			what = "a public update"
		}
		if t.has("corrects_id") {
			what = "a correction to " + what
		}
		s := "posted " + what + " on " + t.suspended()
		if t.has("expected_restoration_at") {
			if m := move(t.old("expected_restoration_at"), t.new("expected_restoration_at")); m != "" {
				s += ", moving the expected restoration " + m
			}
		}
		return s
	},

	"milestone.create": func(t teller) string {
		s := "added milestone " + quoted(t.milestone())
		if sp := t.suspended(); sp != "a service" {
			s += " to the plan for " + sp
		}
		if d := date(t.new("due_at")); d != "" {
			s += ", due " + d
		}
		if owner := t.new("owner_id"); owner != "" {
			s += ", owned by " + t.person(owner)
		}
		return s
	},
	"milestone.update": milestoneUpdated,
	"milestone.replan": milestoneUpdated,
	"milestone.reorder": func(t teller) string {
		return "reordered the plan for " + t.suspended()
	},

	"evidence.create": func(t teller) string {
		s := "added evidence " + quoted(t.evidence())
		if k := t.new("kind"); k != "" {
			s += " (" + Label("evidence_kind", k) + ")"
		}
		if f := t.new("file_name"); f != "" {
			s += " with the file " + quoted(f)
		}
		return s
	},
	"evidence.update": func(t teller) string {
		return "edited evidence " + quoted(t.evidence()) + changeList(t, evidenceFields)
	},
	"evidence.download": func(t teller) string { return "downloaded evidence " + quoted(t.evidence()) },
	"evidence.verify": func(t teller) string {
		if t.new("verified") == "false" {
			return "checked evidence " + quoted(t.evidence()) + ": its file NO LONGER MATCHES its SHA-256"
		}
		return "checked evidence " + quoted(t.evidence()) + ": its file matches its SHA-256"
	},
	"evidence.integrity_failure": func(t teller) string {
		if t.new("actual_sha256") == "" {
			return "found the file of evidence " + quoted(t.evidence()) + " missing"
		}
		return "found that the file of evidence " + quoted(t.evidence()) + " no longer matches its SHA-256"
	},
	"evidence.file_removed": func(t teller) string {
		return "removed a stored file that no evidence names (SHA-256 " + short(t.old("sha256")) +
			"), left by an upload that stopped before recording its item"
	},
	"custody.transferred": func(t teller) string {
		s := "handed over evidence " + quoted(t.evidence())
		if from := t.new("from_party"); from != "" {
			s += " from " + short(from)
		}
		if to := t.new("to_party"); to != "" {
			s += " to " + short(to)
		}
		return because(s, t.new("purpose"))
	},
	"custody.accessed": func(t teller) string { return custody(t, "recorded an access to") },
	"custody.analysed": func(t teller) string { return custody(t, "recorded an analysis of") },
	"custody.exported": func(t teller) string { return custody(t, "recorded an export of") },
	"custody.returned": func(t teller) string { return custody(t, "returned") },
	"custody.disposed": func(t teller) string { return custody(t, "disposed of") },
	"custody.seal_legacy": func(teller) string {
		return "sealed the chain of custody recorded before custody was sealed"
	},

	"export.case": func(t teller) string {
		s := "exported the case as " + Label("export_format", t.new("format"))
		if t.new("include_red") == "true" {
			s += ", TLP:RED observables included"
		}
		return s
	},
	"export.audit": func(t teller) string {
		return "exported the audit log as " + Label("export_format", t.new("format"))
	},

	"service.create": func(t teller) string {
		s := "added the service " + quoted(t.entityName(t.n.Services, "name", "a service"))
		if d := t.new("department_id"); d != "" {
			s += " to " + name(t.n.Departments, d, "a department")
		}
		return s
	},
	"service.update": func(t teller) string {
		return "changed the service " + quoted(t.entityName(t.n.Services, "name", "a service")) + changeList(t, serviceFields)
	},
	"department.create": func(t teller) string {
		return "added the department " + quoted(t.entityName(t.n.Departments, "name", "a department"))
	},
	"department.update": func(t teller) string {
		return "renamed the department " + quoted(t.old("name")) + " to " + quoted(t.new("name"))
	},

	"view.create": func(t teller) string { return "saved the list view " + quoted(t.new("name")) },
	"view.delete": func(t teller) string { return "deleted the list view " + quoted(t.old("name")) },

	"user.create": func(t teller) string {
		s := "added " + t.user() + " as " + Label("role", t.new("role"))
		if d := t.new("department_id"); d != "" {
			s += " in " + name(t.n.Departments, d, "a department")
		}
		return s
	},
	"user.update": func(t teller) string {
		return "changed the account of " + t.user() + changeList(t, userFields)
	},
	"user.disable":        func(t teller) string { return "disabled the account of " + t.user() },
	"user.enable":         func(t teller) string { return "enabled the account of " + t.user() },
	"user.password_reset": func(t teller) string { return "reset the password of " + t.user() },
	"user.profile_update": func(t teller) string {
		if zone := t.new("time_zone"); zone != "" {
			return "chose to see times in " + quoted(zone)
		}
		return "chose to see times in their browser's time zone"
	},
	"user.password_change": func(teller) string { return "changed their own password and ended their other sign-ins" },

	"auth.refresh_reused": func(teller) string {
		return "had a sign-in ended: a spent refresh token was used again"
	},
	"auth.logout": func(teller) string { return "signed out" },
	"auth.session_end": func(t teller) string {
		if t.new("user_id") == t.e.ActorID {
			return "ended one of their own sign-ins"
		}
		return "ended a sign-in of " + t.person(t.new("user_id"))
	},
	"auth.password_change_failed": func(teller) string {
		return "failed to change their own password: the current one was not right"
	},
}

func (t teller) milestone() string { return t.entityName(t.n.Milestones, "title", "a milestone") }
func (t teller) evidence() string  { return t.entityName(t.n.Evidence, "title", "an evidence item") }

// user names the person an account event is about.
func (t teller) user() string {
	if s := name(t.n.People, t.e.EntityID, ""); s != "" {
		return s
	}
	if s := t.new("name"); s != "" {
		return s
	}
	return "a former user"
}

func custody(t teller, verb string) string {
	return because(verb+" evidence "+quoted(t.evidence()), t.new("purpose"))
}

func caseCreated(t teller) string {
	s := "opened the case"
	if title := t.new("title"); title != "" {
		s += " " + quoted(title)
	}
	var facts []string
	if v := t.new("severity"); v != "" {
		facts = append(facts, Label("severity", v)+" severity")
	}
	if v := t.new("category"); v != "" {
		facts = append(facts, Label("category", v))
	}
	if len(facts) > 0 {
		s += " (" + strings.Join(facts, ", ") + ")"
	}
	return s
}

func caseMoved(t teller) string {
	from, to := t.old("status"), t.new("status")
	s := "moved the case from " + Label("status", from) + " to " + Label("status", to)
	switch {
	case to == "closed" && t.has("duplicate_link_id"):
		s = "closed the case as a duplicate"
	case to == "closed":
		s = "closed the case"
	case from == "closed":
		s = "reopened the case (" + Label("status", to) + ")"
	}
	return because(s, t.new("note"))
}

func caseUpdated(t teller) string {
	var parts []string
	for _, f := range caseFields {
		if t.has(f.name) {
			if p := f.tell(t); p != "" {
				parts = append(parts, p)
			}
		}
	}
	parts = append(parts, unknownChanges(t, caseFields)...)
	if len(parts) == 0 {
		return "edited the case"
	}
	return strings.Join(parts, "; ")
}

func suspensionUpdated(t teller) string {
	sp := t.suspended()
	var parts []string
	if t.has("expected_restoration_at") {
		m := move(t.old("expected_restoration_at"), t.new("expected_restoration_at"))
		if t.old("expected_restoration_at") == "" {
			parts = append(parts, "set the expected restoration of "+sp+" "+m)
		} else {
			parts = append(parts, because("moved the expected restoration of "+sp+" "+m, t.new("replan_reason")))
		}
	}
	rest := changeList(t, suspensionFields)
	switch {
	case rest != "" && len(parts) > 0:
		parts = append(parts, "and updated the suspension"+rest)
	case rest != "":
		parts = append(parts, "updated the suspension of "+sp+rest)
	}
	if len(parts) == 0 {
		return "updated the suspension of " + sp
	}
	return strings.Join(parts, "; ")
}

func milestoneUpdated(t teller) string {
	title := t.milestone()
	if t.has("title") && t.new("title") != "" {
		title = t.new("title")
	}
	var parts []string
	if t.has("title") && t.old("title") != "" {
		parts = append(parts, "renamed milestone "+quoted(t.old("title"))+" to "+quoted(t.new("title")))
	}
	if t.has("status") {
		parts = append(parts, milestoneStatus(t.new("status"), "milestone "+quoted(title)))
	}
	if t.has("due_at") {
		m := move(t.old("due_at"), t.new("due_at"))
		if t.old("due_at") == "" {
			parts = append(parts, "set the due date of milestone "+quoted(title)+" "+m)
		} else {
			parts = append(parts, because("moved milestone "+quoted(title)+" "+m, t.new("replan_reason")))
		}
	}
	if t.has("owner_id") {
		if owner := t.new("owner_id"); owner != "" {
			parts = append(parts, "gave milestone "+quoted(title)+" to "+t.person(owner))
		} else {
			parts = append(parts, "left milestone "+quoted(title)+" without an owner")
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "updated milestone "+quoted(title))
	}
	s := strings.Join(parts, "; ")
	if strings.HasPrefix(t.new("note"), "closed on restore") {
		s += " when " + t.suspended() + " was restored"
	}
	return s
}

func milestoneStatus(status, milestone string) string {
	switch status {
	case "done":
		return "completed " + milestone
	case "in_progress":
		return "started " + milestone
	case "blocked":
		return "marked " + milestone + " as blocked"
	case "cancelled":
		return "cancelled " + milestone
	case "planned":
		return "moved " + milestone + " back to planned"
	}
	return "changed the status of " + milestone + " to " + Label("milestone_status", status)
}

// linkWords words a link's kind between one case and another.
func linkWords(kind string) string {
	switch kind {
	case "duplicate_of":
		return "as a duplicate of"
	case "caused_by":
		return "as caused by"
	}
	return "as related to"
}

// linkedCase names one of a link's two cases by reference. Link events are
// only in the audit log, whose readers see every case.
func (t teller) linkedCase(field string) string {
	id := t.new(field)
	if id == "" {
		id = t.old(field)
	}
	return name(t.n.Cases, id, "a case")
}
