package narrative

// alertSentences tell what happened to an alert from another tool, named by
// its title and source; the import and the merge are on the case's timeline.
var alertSentences = map[string]func(t teller) string{
	"alert.create": func(t teller) string { return "received " + alertName(t) },
	"alert.repeat": func(t teller) string {
		s := "received " + alertName(t) + " again"
		if n := t.new("occurrences"); n != "" {
			s += " (" + n + " times in all)"
		}
		return s
	},
	"alert.import": func(t teller) string { return "opened the case from " + alertName(t) },
	"alert.merge":  func(t teller) string { return "added the observables of " + alertName(t) + " to the case" },
	"alert.ignore": func(t teller) string {
		s := "ignored " + alertName(t)
		if r := t.new("ignore_reason"); r != "" {
			s += ": " + r
		}
		return s
	},
}

// alertName is "alert ‘Phishing to finance’ from mail-gateway", or "an
// alert" for an event without its title.
func alertName(t teller) string {
	title, source := t.new("title"), t.new("source")
	if title == "" {
		title = t.old("title")
	}
	if title == "" {
		return "an alert"
	}
	s := "alert " + quoted(title)
	if source != "" {
		s += " from " + source
	}
	return s
}

func init() {
	for a, tell := range alertSentences {
		sentences[a] = tell
	}
}
