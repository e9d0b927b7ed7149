package narrative

import (
	"testing"

	"github.com/google/uuid"
)

func TestRegimeAndObligationSentences(t *testing.T) {
	for _, tc := range []struct {
		action  string
		changes map[string][2]any
		want    string
	}{
		{"regime.create", map[string][2]any{"name": {nil, "DORA Art. 19"}}, "added the notification regime ‘DORA Art. 19’"},
		{"regime.update", map[string][2]any{"regime": {"PECR", "PECR"}, "retired": {false, true}}, "retired the notification regime ‘PECR’"},
		{"regime.update", map[string][2]any{"regime": {"PECR", "PECR"}, "retired": {true, false}}, "reinstated the notification regime ‘PECR’"},
		{"obligation.create", map[string][2]any{"regime": {nil, "NIS2 Art. 23"}}, "recorded that ‘NIS2 Art. 23’ applies to the case"},
		{"obligation_phase.update", map[string][2]any{"phase": {"NIS2 Art. 23 · Early warning", "NIS2 Art. 23 · Early warning"},
			"submitted_at": {nil, "2026-12-05T10:00:00Z"}}, "recorded the submission of ‘NIS2 Art. 23 · Early warning’"},
		{"obligation_phase.update", map[string][2]any{"phase": {"PECR · Notify the ICO", "PECR · Notify the ICO"},
			"decision_rationale": {"", "No personal data after all."}}, "recorded a decision not to notify for ‘PECR · Notify the ICO’"},
	} {
		if got := Describe(event(tc.action, "regime", uuid.New(), tc.changes), names); got.Sentence != tc.want {
			t.Errorf("%s: %q, want %q", tc.action, got.Sentence, tc.want)
		}
	}
}
