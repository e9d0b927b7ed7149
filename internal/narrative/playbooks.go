package narrative

// playbookSentences tell the changes to playbooks, and a case opened from one.
var playbookSentences = map[string]func(t teller) string{
	"case.playbook": func(t teller) string {
		return "opened the case from playbook " + quoted(t.new("playbook_name")) + ", version " + t.new("playbook_version")
	},
	"playbook.create": func(t teller) string { return "defined playbook " + quoted(t.new("name")) },
	"playbook.update": func(t teller) string {
		s := "edited a playbook"
		if n := t.new("name"); n != "" {
			s = "edited playbook " + quoted(n)
		}
		if v := t.new("version"); v != "" {
			s += ", now version " + v
		}
		return s
	},
	"playbook.retire": func(t teller) string { return "retired a playbook" },
}

func init() {
	for a, tell := range playbookSentences {
		sentences[a] = tell
	}
}
