package narrative

import "github.com/caseward/caseward/internal/events"

// mailSentences tell what admins do with mail (internal/mail); merged into
// sentences.
var mailSentences = map[string]func(t teller) string{
	"mail.retry": func(t teller) string {
		about := "an event"
		if l := events.Label(t.new("kind")); l != "" {
			about = "“" + l + "”"
		}
		to := "someone"
		if t.new("recipient") != "" {
			to = short(t.new("recipient"))
		}
		return "had the mail to " + to + " about " + about + " sent again"
	},
}

func init() {
	for a, tell := range mailSentences {
		sentences[a] = tell
	}
}
