package export

import (
	_ "embed" // the report's fonts
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// The report's fonts, DejaVu (fonts/LICENSE): Sans Condensed covers Latin,
// Greek, Cyrillic, Arabic and Hebrew in a width that keeps tables readable;
// Mono prints hashes and fingerprints. fpdf embeds only the glyphs used.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSansMono.ttf
	fontMono []byte
)

// The page: A4 in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	bottomMargin = 20.0 // leaves room for the footer
	textW        = pageW - 2*margin
)

// The fonts' family names.
const (
	sans = "sans"
	mono = "mono"
)

// doc draws a report top to bottom and breaks pages itself (fpdf's automatic
// break would split a table row across pages unannounced), so that a heading
// never ends a page and a table's header repeats on every page it spans.
type doc struct {
	p *fpdf.Fpdf
	// onBreak runs on each new page a break starts (a table's header).
	onBreak func()
	// current is the font last set: fpdf writes every SetFont into the
	// page, even one that changes nothing, which would swell a long report.
	current     fontKey
	currentPage int // fpdf starts every page with the font set
}

type fontKey struct {
	family, style string
	size          float64
}

func newDoc() *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(sans, "", fontRegular)
	p.AddUTF8FontFromBytes(sans, "B", fontBold)
	p.AddUTF8FontFromBytes(mono, "", fontMono)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, bottomMargin)
	p.SetCompression(false) // deflatePages compresses the pages, cheaper
	return &doc{p: p}
}

// font sets the font: family sans or mono, style "" or "B", size in points.
func (d *doc) font(family, style string, size float64) {
	k := fontKey{family, style, size}
	if k == d.current && d.p.PageNo() == d.currentPage {
		return
	}
	d.current, d.currentPage = k, d.p.PageNo()
	d.p.SetFont(family, style, size)
}

func (d *doc) grey()  { d.p.SetTextColor(100, 100, 100) }
func (d *doc) black() { d.p.SetTextColor(0, 0, 0) }

// room breaks the page unless h millimetres are left on it.
func (d *doc) room(h float64) {
	if d.p.GetY()+h <= pageH-bottomMargin {
		return
	}
	d.p.AddPage()
	if d.onBreak != nil {
		d.onBreak()
	}
}

// footers writes text and "Page X of Y" at the foot of every page, once the
// number of pages is known (cheaper than fpdf's alias, which rewrites every
// page at the end).
func (d *doc) footers(text string) {
	last := d.p.PageNo()
	for n := 1; n <= last; n++ {
		d.p.SetPage(n)
		// The page may have ended with any font: write this one into it.
		d.p.SetFont(sans, "", 7.5)
		d.grey()
		d.p.SetXY(margin, pageH-13)
		d.p.CellFormat(textW-30, 5, clean(text), "", 0, "L", false, 0, "")
		d.p.CellFormat(30, 5, fmt.Sprintf("Page %d of %d", n, last), "", 0, "R", false, 0, "")
	}
	d.black()
}

// line is one drawn line of a paragraph, in logical order.
type line struct {
	text string
	rtl  bool // its paragraph reads from the right
}

// clean makes text printable by fpdf, whose Unicode fonts reach only the
// Basic Multilingual Plane (a character beyond it, such as an emoji, makes it
// panic): such a character prints as its code, "[U+1F600]", so nothing is
// silently lost; a tab prints as spaces, other control characters (but
// newlines) and invalid UTF-8 as U+FFFD.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || r == utf8.RuneError || (r < 0x20 && r != '\n') || r == 0x7F {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r > 0xFFFF:
			fmt.Fprintf(&b, "[U+%X]", r)
		case r == '\t':
			b.WriteString("    ")
		case r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap breaks text into lines at most width wide in the current font: at
// spaces where it can, inside a word only when the word alone is wider (a
// hash, a path). Every newline starts a paragraph; each paragraph keeps its
// direction. Nothing is dropped.
func (d *doc) wrap(text string, width float64) []line {
	var out []line
	text = clean(strings.ReplaceAll(text, "\r\n", "\n"))
	for _, para := range strings.Split(text, "\n") {
		dir := rtl(para)
		if d.p.GetStringWidth(para) <= width {
			out = append(out, line{para, dir})
			continue
		}
		var cur strings.Builder
		curW := 0.0
		space := d.p.GetStringWidth(" ")
		flush := func() {
			out = append(out, line{cur.String(), dir})
			cur.Reset()
			curW = 0
		}
		for _, word := range strings.Split(para, " ") {
			ww := d.p.GetStringWidth(word)
			if cur.Len() > 0 && curW+space+ww <= width {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				flush()
			}
			for ww > width { // a word wider than the line: break it by characters
				cut := d.fit(word, width)
				out = append(out, line{word[:cut], dir})
				word = word[cut:]
				ww = d.p.GetStringWidth(word)
			}
			cur.WriteString(word)
			curW = ww
		}
		flush()
	}
	return out
}

// wrapWidth is the width text may take in a cell w wide, inside the margins
// CellFormat keeps.
func (d *doc) wrapWidth(w float64) float64 { return w - 2*d.p.GetCellMargin() }

// fit returns how many bytes of s, at least one character, fit in width.
func (d *doc) fit(s string, width float64) int {
	w, n := 0.0, 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		cw := d.p.GetStringWidth(string(r))
		if w+cw > width && n > 0 {
			break
		}
		w += cw
		n += size
	}
	return n
}

// draw writes one line at x on the current y, in visual order. Paragraphs
// (align true) keep to the side they read from; a value in a table or next
// to its label keeps to the column's left edge whatever its script.
func (d *doc) draw(x, width, h float64, l line, align bool) {
	side := "L"
	if align && l.rtl {
		side = "R"
	}
	d.p.SetXY(x, d.p.GetY())
	d.p.CellFormat(width, h, visual(l.text, l.rtl), "", 0, side, false, 0, "")
}

// text writes a paragraph across the page's width (and pages), h a line.
func (d *doc) text(s string, h float64) {
	for _, l := range d.wrap(s, d.wrapWidth(textW)) {
		d.room(h)
		d.draw(margin, textW, h, l, true)
		d.p.Ln(h)
	}
}
