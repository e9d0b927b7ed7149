package cases

import (
	"strings"
	"testing"
	"time"
)

// A duplicate closes whatever its breach assessment says, but not while a
// suspension of it is active or a regulator obligation it records is open.
func TestDuplicateWaivesOnlyTheBreachAssessment(t *testing.T) {
	notified := time.Now()
	for name, tc := range map[string]struct {
		c    Case
		want []string // a word of each unmet condition
	}{
		"suspected, nothing else":        {Case{BreachStatus: BreachSuspected}, nil},
		"a service still suspended":      {Case{BreachStatus: BreachSuspected, ActiveSuspensions: 1}, []string{"suspended"}},
		"personal data, no decision":     {Case{BreachStatus: BreachSuspected, PersonalDataInvolved: true}, []string{"regulator"}},
		"personal data, notified":        {Case{BreachStatus: BreachSuspected, PersonalDataInvolved: true, RegulatorNotifiedAt: &notified}, nil},
		"both, and the breach confirmed": {Case{BreachStatus: BreachConfirmed, ActiveSuspensions: 2, PersonalDataInvolved: true}, []string{"suspended", "regulator"}},
	} {
		got := UnmetDuplicateClosingConditions(tc.c)
		if len(got) != len(tc.want) {
			t.Errorf("%s: unmet %q, want %d", name, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: %q does not say %q", name, got[i], w)
			}
		}
		if len(UnmetClosingConditions(tc.c)) < len(got) {
			t.Errorf("%s: a duplicate has more conditions than any case", name)
		}
	}
}
