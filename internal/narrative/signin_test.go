package narrative

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/audit"
)

// Sign-ins are told with their method, refusals with their reason, and
// single sign-on's accounts with the role and department their groups gave.
func TestSignInsAreToldWithMethodAndReason(t *testing.T) {
	failed := func(changes string) audit.Event {
		return audit.Event{Action: "auth.login_failed", EntityType: "user", ActorEmail: "eve@example.org", Changes: json.RawMessage(changes)}
	}
	for _, c := range []struct {
		e    audit.Event
		want string
	}{
		{event("auth.login", "user", ana, map[string][2]any{"method": {nil, "oidc"}}), "signed in through single sign-on"},
		{event("auth.login", "user", ana, map[string][2]any{"method": {nil, "password"}}), "signed in"},
		{failed(`{"method":[null,"oidc"],"reason":[null,"no_mapped_group"]}`),
			"failed to sign in through single sign-on as eve@example.org: none of their groups gives a role here"},
		{failed(`{"method":[null,"oidc"],"reason":[null,"provider_error:access_denied"]}`),
			"failed to sign in through single sign-on as eve@example.org: the provider refused it (access_denied)"},
		{failed(`{"method":[null,"password"],"reason":[null,"local_passwords_off"]}`),
			"failed to sign in as eve@example.org: passwords are switched off"},
		{event("user.sso_create", "user", ana, map[string][2]any{"role": {nil, "responder"}, "department_id": {nil, finance.String()}}),
			"signed in through single sign-on for the first time and was given an account as Responder in Finance"},
		{event("user.sso_update", "user", ana, map[string][2]any{"role": {"responder", "auditor"}}),
			"had their account brought in step with their groups at single sign-on"},
	} {
		got := Describe(c.e, names).Sentence
		if c.e.Action == "user.sso_update" {
			got, _, _ = strings.Cut(got, ":") // the list of changes follows
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.e.Action, got, c.want)
		}
	}
}
