package narrative

// regimeSentences tell the changes to notification regimes and to a case's
// obligations under them (internal/regimes); merged into sentences.
var regimeSentences = map[string]func(t teller) string{
	"regime.create": func(t teller) string { return "added the notification regime " + quoted(t.new("name")) },
	"regime.update": func(t teller) string {
		name := quoted(t.new("regime"))
		switch {
		case t.has("retired") && t.new("retired") == "true":
			return "retired the notification regime " + name
		case t.has("retired"):
			return "reinstated the notification regime " + name
		}
		return "changed the notification regime " + name
	},
	"obligation.create": func(t teller) string {
		return "recorded that " + quoted(t.new("regime")) + " applies to the case"
	},
	"obligation_phase.update": func(t teller) string {
		phase := quoted(t.new("phase"))
		switch {
		case t.has("submitted_at") && t.new("submitted_at") != "":
			return "recorded the submission of " + phase
		case t.has("decision_rationale") && t.new("decision_rationale") != "":
			return "recorded a decision not to notify for " + phase
		}
		return "updated the record of " + phase
	},
}

func init() {
	for action, tell := range regimeSentences {
		sentences[action] = tell
	}
}
