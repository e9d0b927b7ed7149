package narrative

import "strings"

// signInSentences tell sign-ins by method (a password, or single sign-on
// through the OpenID Connect provider), why one was refused, and the
// accounts single sign-on makes and keeps in step with their groups
// (internal/sso); merged into sentences.
var signInSentences = map[string]func(t teller) string{
	"auth.login": func(t teller) string {
		if t.new("method") == "oidc" {
			return "signed in through single sign-on"
		}
		return "signed in"
	},
	"auth.login_failed": func(t teller) string {
		s := "failed to sign in"
		if t.new("method") == "oidc" {
			s += " through single sign-on"
		}
		if t.e.ActorEmail != "" {
			s += " as " + short(t.e.ActorEmail)
		}
		if why := refusalReason(t.new("reason")); why != "" {
			s += ": " + why
		}
		return s
	},
	"user.sso_create": func(t teller) string {
		s := "signed in through single sign-on for the first time and was given an account as " + Label("role", t.new("role"))
		if d := t.new("department_id"); d != "" {
			s += " in " + name(t.n.Departments, d, "a department")
		}
		return s
	},
	"user.sso_update": func(t teller) string {
		return "had their account brought in step with their groups at single sign-on" + changeList(t, userFields)
	},
}

// refusalReasons word the reasons a sign-in was refused, as recorded.
var refusalReasons = map[string]string{
	"state_missing":            "the provider's answer named no sign-in",
	"state_unknown_or_spent":   "the sign-in was not begun here or was used already",
	"browser_mismatch":         "the sign-in was begun in another browser",
	"state_expired":            "the sign-in took longer than 10 minutes",
	"no_code":                  "the provider sent no code",
	"code_refused":             "the provider refused the code (used already, or not issued for this sign-in)",
	"provider_unreachable":     "the provider could not be reached",
	"no_id_token":              "the provider sent no ID token",
	"token_expired":            "the ID token had expired",
	"wrong_issuer":             "the ID token came from another issuer",
	"wrong_audience":           "the ID token was issued for another application",
	"bad_signature":            "the ID token's signature did not verify",
	"unsigned_or_malformed":    "the ID token was unsigned or malformed",
	"token_invalid":            "the ID token was not valid",
	"wrong_nonce":              "the ID token was issued for another sign-in",
	"claims_unreadable":        "the ID token could not be read",
	"email_unverified":         "the provider has not verified the email",
	"email_missing":            "the provider gave no email",
	"email_invalid":            "the provider's email is not a valid address",
	"no_mapped_group":          "none of their groups gives a role here",
	"no_department":            "none of their groups gives the department a department head needs",
	"account_disabled":         "the account is disabled",
	"email_taken":              "another account already has this email",
	"last_admin":               "their groups would have removed the last administrator",
	"handoff_unknown_or_spent": "the one-time sign-in code was not valid or was used already",
	"handoff_browser_mismatch": "the one-time sign-in code was used in another browser",
	"handoff_expired":          "the one-time sign-in code had expired",
	"local_passwords_off":      "passwords are switched off",
}

func refusalReason(reason string) string {
	if why, ok := refusalReasons[reason]; ok {
		return why
	}
	if code, ok := strings.CutPrefix(reason, "provider_error:"); ok {
		return "the provider refused it (" + short(code) + ")"
	}
	if _, ok := strings.CutPrefix(reason, "unknown_department:"); ok {
		return "the department mapping names a department that does not exist"
	}
	return ""
}

func init() {
	for action, tell := range signInSentences {
		sentences[action] = tell
	}
}
