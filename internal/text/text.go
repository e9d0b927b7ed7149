// Package text holds the rules for the two kinds of free text Caseward keeps:
// one-line text (titles, names, parties) and multi-line text (summaries,
// notes, descriptions). The contract states the same rules as patterns; this
// is their Go form, for text that does not pass through the contract.
package text

import "strings"

// OneLine reports whether s is one line: no control character (C0, DEL, C1),
// no line or paragraph separator and no bidirectional-text control.
func OneLine(s string) bool {
	for _, r := range s {
		if r < 0x20 || refused(r) {
			return false
		}
	}
	return true
}

// MultiLine reports whether s is acceptable multi-line text: as OneLine, but
// tab, line feed and carriage return are kept.
func MultiLine(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || refused(r) {
			return false
		}
	}
	return true
}

// refused are the characters above U+001F that neither kind of text takes:
// DEL and the C1 controls (U+0085 among them), U+2028 and U+2029, which some
// readers treat as line breaks, and the bidirectional embeddings, overrides
// and isolates, which make text display in another order than it is stored
// (a file "invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
func refused(r rune) bool {
	switch {
	case r >= 0x7F && r <= 0x9F:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// AsOneLine returns s with every character OneLine refuses replaced by a
// space, for text put together from stored values (a sentence about them).
func AsOneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || refused(r) {
			return ' '
		}
		return r
	}, s)
}

// SpreadsheetSafe defuses spreadsheet formula injection: text a spreadsheet
// would read as a formula gets a leading apostrophe (OWASP CSV injection).
// Every CSV Caseward writes passes its cells through it.
func SpreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
