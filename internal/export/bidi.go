package export

import (
	"slices"

	"golang.org/x/text/unicode/bidi"
)

// PDF text is drawn glyph after glyph from left to right, and PDF readers
// (and pdftotext) read right-to-left script back by reordering what they
// see. So Arabic and Hebrew must be written in visual order, one line at a
// time after the line is broken, for the page to look right and for the
// extracted text to come out in its logical order.

const lrm = "\u200e" // LEFT-TO-RIGHT MARK

// rtl reports whether s's first strong character is right-to-left (rules P2
// and P3 of the Unicode bidirectional algorithm): such a paragraph reads,
// and is aligned, from the right.
func rtl(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// hasRTL reports whether s holds any right-to-left character; most text
// does not and is drawn as it is.
func hasRTL(s string) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.R || c == bidi.AL || c == bidi.AN {
			return true
		}
	}
	return false
}

// visual returns one line of text in the order its glyphs are drawn, left
// to right. The runs' directions come from x/text's implementation of the
// algorithm; their levels follow from the base direction, with one
// refinement x/text's runs do not show: in a left-to-right line, digits
// right after right-to-left text sit at level 2, so they travel with it.
func visual(line string, rightToLeft bool) (drawn string) {
	if !hasRTL(line) {
		return line
	}
	logical := line
	defer func() {
		if recover() != nil { // x/text's bidi is young: never lose a report over it
			drawn = logical
		}
	}()
	var p bidi.Paragraph
	opt := bidi.DefaultDirection(bidi.RightToLeft)
	if !rightToLeft {
		// x/text takes a left-to-right default as "detect": a left-to-right
		// mark first keeps a line that starts in Arabic in its paragraph's
		// direction.
		line = lrm + line
		opt = bidi.DefaultDirection(bidi.LeftToRight)
	}
	if _, err := p.SetString(line, opt); err != nil {
		return logical
	}
	o, err := p.Order()
	if err != nil {
		return logical
	}
	// Split the runs into pieces with a level each.
	type piece struct {
		runes []rune
		level int
	}
	var pieces []piece
	prevRTL := false
	for i := range o.NumRuns() {
		r := o.Run(i)
		runes := []rune(r.String())
		switch {
		case r.Direction() == bidi.RightToLeft:
			pieces = append(pieces, piece{runes, 1})
			prevRTL = true
			continue
		case rightToLeft:
			pieces = append(pieces, piece{runes, 2})
		default:
			n := 0
			if prevRTL {
				n = numericPrefix(runes)
			}
			if n > 0 {
				pieces = append(pieces, piece{runes[:n], 2})
			}
			if n < len(runes) {
				pieces = append(pieces, piece{runes[n:], 0})
			}
		}
		prevRTL = false
	}
	// Rule L2: from the highest level down to 1, reverse every sequence of
	// pieces at that level or above, and the characters of the odd ones.
	for level := 2; level >= 1; level-- {
		for i := 0; i < len(pieces); {
			if pieces[i].level < level {
				i++
				continue
			}
			j := i
			for j < len(pieces) && pieces[j].level >= level {
				j++
			}
			slices.Reverse(pieces[i:j])
			for k := i; k < j; k++ {
				slices.Reverse(pieces[k].runes)
			}
			i = j
		}
	}
	out := make([]rune, 0, len(line))
	for _, pc := range pieces {
		if len(pc.runes) > 0 && pc.runes[0] == []rune(lrm)[0] {
			pc.runes = pc.runes[1:] // the mark, always first at level 0
		}
		if pc.level%2 == 1 {
			for _, r := range pc.runes {
				out = append(out, mirror(r))
			}
			continue
		}
		out = append(out, pc.runes...)
	}
	return string(out)
}

// numericPrefix is how many of runes, from the start, form a number: digits
// with the separators and signs between and around them.
func numericPrefix(runes []rune) int {
	n := 0
	for i, r := range runes {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.EN, bidi.AN:
			n = i + 1
		case bidi.ES, bidi.CS, bidi.ET:
		default:
			return n
		}
	}
	return n
}

// mirror swaps a bracket for its counterpart in right-to-left text (rule
// L4): "(" drawn in a right-to-left run must look like ")".
func mirror(r rune) rune {
	p, _ := bidi.LookupRune(r)
	if !p.IsBracket() {
		return r
	}
	return []rune(bidi.ReverseString(string(r)))[0]
}
