package text

import "testing"

func TestFoldMatchesAcrossCaseInEveryScript(t *testing.T) {
	for _, tc := range []struct {
		s, query string
		want     bool
	}{
		{"Łukasz Żółkiewski", "ŻÓŁKIEWSKI", true},
		{"Οδυσσεύς Παπαδόπουλος", "ΟΔΥΣΣΕΎΣ", true},
		{"Οδυσσεύς", "οδυσσευς", false}, // accents are letters of their own
		{"Revalidation Toolkit", "toolkit", true},
		{"INC-2026-0007", "inc-2026", true},
		{"Payroll", "roll ", false},
	} {
		if got := Contains(tc.s, Fold(tc.query)); got != tc.want {
			t.Errorf("Contains(%q, Fold(%q)) = %v, want %v", tc.s, tc.query, got, tc.want)
		}
	}
}
