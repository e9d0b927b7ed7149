package narrative

import "strings"

// secondFactorSentences tell two-step sign-in (internal/auth,
// secondfactor.go); merged into sentences. Secrets and codes are never
// recorded, so never told.
var secondFactorSentences = map[string]func(t teller) string{
	"auth.second_factor_enrol": func(t teller) string {
		if t.old("totp") == "true" {
			return "replaced their authenticator app for two-step sign-in, with new recovery codes"
		}
		return "set up two-step sign-in with an authenticator app"
	},
	"auth.second_factor_failed": func(t teller) string {
		switch t.new("reason") {
		case "reused":
			return "gave a two-step sign-in code that was already used"
		case "wrong_recovery_code":
			return "gave a recovery code that is not one of theirs, or was used"
		}
		return "gave a wrong two-step sign-in code"
	},
	"auth.recovery_codes_renew":        func(teller) string { return "replaced their recovery codes" },
	"auth.second_factor_remove":        func(teller) string { return "switched off their two-step sign-in" },
	"auth.second_factor_remove_failed": func(teller) string { return "failed to switch off their two-step sign-in: the password was not right" },
	"user.second_factor_reset": func(t teller) string {
		return "reset the two-step sign-in of " + t.user() + " and ended their sign-ins"
	},
	"settings.sign_in_policy": func(t teller) string {
		roles := t.new("second_factor_roles")
		if roles == "" {
			return "stopped requiring two-step sign-in for any role"
		}
		return "required two-step sign-in for " + roleWords(roles)
	},
}

// roleWords reads a comma-separated list of roles: "administrators and
// responders".
func roleWords(roles string) string {
	var names []string
	for r := range strings.SplitSeq(roles, ",") {
		names = append(names, strings.ToLower(Label("role", r))+"s")
	}
	return list(names)
}

func init() {
	for action, tell := range secondFactorSentences {
		sentences[action] = tell
	}
}
