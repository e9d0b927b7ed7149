package text

import (
	"strings"
	"unicode"
)

// Fold returns s with every letter case-folded, for matching text whatever
// its case in any script: "ŁÓDŹ" and "łódź", "ΟΔΥΣΣΕΎΣ" and "Οδυσσεύς" fold
// alike (each rune becomes the smallest of its Unicode case orbit, so σ, ς
// and Σ are one letter). SQLite's lower() folds ASCII only, so text that
// must match across cases is folded here, not in SQL.
func Fold(s string) string {
	return strings.Map(foldRune, s)
}

func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// Contains reports whether folded, already passed through Fold, occurs in s
// whatever the case of either.
func Contains(s, folded string) bool {
	return strings.Contains(Fold(s), folded)
}
