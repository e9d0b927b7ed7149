package narrative

// webhookSentences tell the changes to admins' webhooks (internal/webhook);
// merged into sentences. A secret is never recorded, so never told.
var webhookSentences = map[string]func(t teller) string{
	"webhook.create": func(t teller) string { return "added a webhook to " + quoted(t.new("url")) },
	"webhook.update": func(t teller) string {
		name := quoted(t.new("webhook"))
		switch {
		case t.has("enabled") && t.new("enabled") == "true":
			return "enabled the webhook to " + name
		case t.has("enabled"):
			return "disabled the webhook to " + name
		}
		return "changed the webhook to " + name
	},
	"webhook.delete":        func(t teller) string { return "deleted the webhook to " + quoted(t.old("webhook")) },
	"webhook.rotate_secret": func(t teller) string { return "gave the webhook to " + quoted(t.new("webhook")) + " a new secret" },
	"webhook.ping":          func(t teller) string { return "sent a test message to the webhook to " + quoted(t.new("webhook")) },
	"webhook.redeliver": func(t teller) string {
		return "sent event " + t.new("event_id") + " again to the webhook to " + quoted(t.new("webhook"))
	},
	"webhook.disable": func(t teller) string {
		return "switched off the webhook to " + quoted(t.new("webhook")) + " after a day of failed deliveries"
	},
}

func init() {
	for action, tell := range webhookSentences {
		sentences[action] = tell
	}
}
