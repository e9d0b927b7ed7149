package narrative

// chronologySentences tell the changes to a case's chronology: which part of
// the story, and when it happened.
var chronologySentences = map[string]func(t teller) string{
	"chronology.create": func(t teller) string {
		s := "added a chronology entry (" + Label("chronology_kind", t.new("kind")) + ")"
		if d := date(t.new("occurred_at")); d != "" {
			s += " for " + d
		}
		return s + ": " + quoted(t.new("body"))
	},
	"chronology.correct": func(t teller) string {
		s := "corrected a chronology entry"
		if t.has("occurred_at") {
			if m := move(t.old("occurred_at"), t.new("occurred_at")); m != "" {
				s += ", moving it " + m
			}
		}
		return because(s, t.new("reason"))
	},
	"chronology.retract": func(t teller) string {
		return because("retracted a chronology entry", t.new("reason"))
	},
}

func init() {
	for action, tell := range chronologySentences {
		sentences[action] = tell
	}
}
