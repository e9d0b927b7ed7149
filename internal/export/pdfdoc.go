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

// heading starts a section; it keeps itself with the first lines after it.
func (d *doc) heading(title string) {
	d.p.Ln(4)
	d.room(10 + 25)
	d.p.Bookmark(title, 0, -1) // the PDF's outline: a reader jumps to a section
	d.font(sans, "B", 14)
	d.p.SetTextColor(30, 50, 110)
	d.p.SetDrawColor(30, 50, 110)
	d.p.SetX(margin)
	d.p.CellFormat(textW, 8, title, "B", 1, "L", false, 0, "")
	d.black()
	d.p.Ln(2.5)
}

// subheading starts a part of a section, kept with what follows; outlined
// puts it in the PDF's outline, under its section.
func (d *doc) subheading(title string, outlined bool) {
	d.p.Ln(3)
	d.font(sans, "B", 11)
	lines := d.wrap(title, d.wrapWidth(textW))
	d.room(float64(len(lines))*5.5 + 18)
	if outlined {
		d.p.Bookmark(clean(title), 1, -1)
	}
	for _, l := range lines {
		d.draw(margin, textW, 5.5, l, false)
		d.p.Ln(5.5)
	}
	d.p.Ln(1)
}

// pair is one labelled value; mono prints the value in the monospace font.
type pair struct {
	label, value string
	mono         bool
}

const pairLabelW = 48.0

// pairs writes labelled values in two columns; empty values are left out.
func (d *doc) pairs(ps []pair) { d.pairsAt(ps, pairLabelW) }

// pairsAt writes labelled values, their labels labelW wide.
func (d *doc) pairsAt(ps []pair, labelW float64) {
	const h = 4.8
	for _, kv := range ps {
		if kv.value == "" {
			continue
		}
		d.font(sans, "B", 9.5)
		labels := d.wrap(kv.label, d.wrapWidth(labelW))
		d.valueFont(kv)
		values := d.wrap(kv.value, d.wrapWidth(textW-labelW))
		n := max(len(labels), len(values))
		d.room(float64(min(n, 3)) * h)
		for i := range n {
			if i > 0 {
				d.room(h)
			}
			if i < len(labels) {
				d.font(sans, "B", 9.5)
				d.draw(margin, labelW, h, labels[i], false)
			}
			if i < len(values) {
				d.valueFont(kv)
				d.draw(margin+labelW, textW-labelW, h, values[i], false)
			}
			d.p.Ln(h)
		}
	}
}

// grid writes short labelled values two to a row, and a value too long for
// half the page across the page; empty values are left out.
func (d *doc) grid(ps []pair) {
	const h, half, gridLabelW = 4.8, textW / 2, 34.0
	var short []pair
	flush := func() {
		for i := 0; i < len(short); i += 2 {
			d.room(h)
			y := d.p.GetY()
			for j, kv := range short[i:min(i+2, len(short))] {
				x := margin + float64(j)*half
				d.font(sans, "B", 9.5)
				d.p.SetXY(x, y)
				d.p.CellFormat(gridLabelW, h, kv.label, "", 0, "L", false, 0, "")
				d.valueFont(kv)
				d.draw(x+gridLabelW, half-gridLabelW, h, line{kv.value, rtl(kv.value)}, false)
			}
			d.p.SetXY(margin, y+h)
		}
		short = short[:0]
	}
	for _, kv := range ps {
		if kv.value == "" {
			continue
		}
		kv.value = clean(kv.value)
		d.font(sans, "B", 9.5)
		fits := d.p.GetStringWidth(kv.label) <= d.wrapWidth(gridLabelW)
		d.valueFont(kv)
		if fits && !strings.Contains(kv.value, "\n") && d.p.GetStringWidth(kv.value) <= d.wrapWidth(half-gridLabelW) {
			short = append(short, kv)
			continue
		}
		flush()
		d.pairsAt([]pair{kv}, gridLabelW)
	}
	flush()
}

func (d *doc) valueFont(kv pair) {
	if kv.mono {
		d.font(mono, "", 8)
	} else {
		d.font(sans, "", 9.5)
	}
}

// column is one column of a table: its title, its width in millimetres,
// and whether its values are monospace.
type column struct {
	title string
	width float64
	mono  bool
}

// table writes rows under a header that repeats on every page the table
// spans. A row may hold one value more than there are columns: free text
// written across the table's width under the row's cells. A row that fits
// on a page is never split; a taller one continues on the next page, line
// by line.
func (d *doc) table(cols []column, rows [][]string) {
	const h = 4.2
	pad := d.p.GetCellMargin() // CellFormat's own, on both sides
	header := func() {
		d.font(sans, "B", 8.5)
		d.p.SetFillColor(232, 236, 246)
		d.p.SetX(margin)
		for _, c := range cols {
			d.p.CellFormat(c.width, 5.5, c.title, "", 0, "L", true, 0, "")
		}
		// Back to a fill the colour of the text: fpdf wraps every text in a
		// colour change while they differ.
		d.p.SetFillColor(0, 0, 0)
		d.p.Ln(5.5 + 0.8)
	}
	d.room(5.5 + 2*h + 1)
	header()
	d.onBreak = header
	defer func() { d.onBreak = nil }()
	cells := make([][]line, len(cols))
	for _, row := range rows {
		n := 1
		for i, c := range cols {
			d.cellFont(c)
			cells[i] = d.wrap(row[i], c.width-2*pad)
			n = max(n, len(cells[i]))
		}
		var wide []line
		if len(row) > len(cols) && row[len(cols)] != "" {
			d.font(sans, "", 8.5)
			wide = d.wrap(row[len(cols)], d.wrapWidth(textW))
		}
		if rowH := float64(n+len(wide))*h + 1; rowH <= pageH-bottomMargin-margin-8 {
			d.room(rowH)
		}
		for li := range n {
			d.room(h)
			x := margin
			for i, c := range cols {
				if li < len(cells[i]) {
					d.cellFont(c)
					d.draw(x, c.width, h, cells[i][li], false)
				}
				x += c.width
			}
			d.p.Ln(h)
		}
		d.font(sans, "", 8.5)
		for _, l := range wide {
			d.room(h)
			d.draw(margin, textW, h, l, true)
			d.p.Ln(h)
		}
		d.p.SetDrawColor(205, 210, 220)
		y := d.p.GetY() + 0.5
		d.p.Line(margin, y, margin+textW, y)
		d.p.SetY(y + 0.6)
	}
}

func (d *doc) cellFont(c column) {
	if c.mono {
		d.font(mono, "", 7.5)
	} else {
		d.font(sans, "", 8.5)
	}
}
