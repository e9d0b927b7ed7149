package narrative

// apiKeySentences tell the making and revoking of API keys
// (internal/apikeys); merged into sentences. A key's secret is never
// recorded, so never told.
var apiKeySentences = map[string]func(t teller) string{
	"api_key.create": func(t teller) string {
		kind := "an API key"
		if t.new("kind") == "personal" {
			kind = "a personal API key"
		}
		made := "made " + kind + " " + quoted(t.new("name")) + " with the role " + t.new("role")
		if t.has("user_id") && t.new("user_id") != t.e.ActorID {
			made += ", acting for " + t.person(t.new("user_id"))
		}
		return made
	},
	"api_key.revoke": func(t teller) string { return "revoked the API key " + quoted(t.new("name")) },
}

func init() {
	for action, tell := range apiKeySentences {
		sentences[action] = tell
	}
}
