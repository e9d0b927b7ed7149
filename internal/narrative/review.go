package narrative

// reviewSentences tell what happened to a case's post-incident review.
var reviewSentences = map[string]func(t teller) string{
	"review.create":   func(t teller) string { return "wrote the post-incident review" },
	"review.update":   func(t teller) string { return "edited the post-incident review" },
	"review.complete": func(t teller) string { return "marked the post-incident review complete" },
	"review.reopen": func(t teller) string {
		return because("reopened the post-incident review", t.new("reason"))
	},
}

func init() {
	for action, tell := range reviewSentences {
		sentences[action] = tell
	}
}
