package contract

import (
	"regexp"
	"testing"

	"github.com/caseward/caseward/internal/text"
)

// The contract's two text patterns and their Go form in internal/text (for
// text that does not pass through the contract, such as upload file names)
// must say the same thing for every character.
func TestTextPatternsAndGoRulesAgree(t *testing.T) {
	for _, c := range []struct {
		pattern string
		rule    func(string) bool
	}{{oneLineText, text.OneLine}, {multiLineText, text.MultiLine}} {
		re := regexp.MustCompile(regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`).ReplaceAllString(c.pattern, `\x{$1}`))
		for r := rune(0); r < 0x3000; r++ {
			s := "a" + string(r) + "b"
			if re.MatchString(s) != c.rule(s) {
				t.Errorf("%s: pattern says %v for U+%04X, Go says %v", c.pattern, re.MatchString(s), r, c.rule(s))
			}
		}
	}
}
