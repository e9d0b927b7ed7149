package narrative

import "github.com/caseward/caseward/internal/audit"

// notifySentences tell a person's choices of what they are told
// (internal/notify); merged into sentences.
var notifySentences = map[string]func(t teller) string{
	"notify.follow":      func(t teller) string { return "started following " + t.followed() },
	"notify.unfollow":    func(t teller) string { return "stopped following " + t.followed() },
	"notify.preferences": func(teller) string { return "changed their notification settings" },
}

// followed names what a follow is about: "the case INC-2026-0007", "the
// service Payroll", "the department Finance".
func (t teller) followed() string {
	name := audit.EntityName(t.e, t.n)
	switch t.e.EntityType {
	case "case", "service", "department":
		if name == "" {
			return "a " + t.e.EntityType
		}
		return "the " + t.e.EntityType + " " + name
	}
	return "something"
}

func init() {
	for action, tell := range notifySentences {
		sentences[action] = tell
	}
}
