package export

import "strings"

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

// minor is a small heading inside a part, kept with what follows.
func (d *doc) minor(title string) {
	d.p.Ln(1.5)
	d.room(5 + 15)
	d.font(sans, "B", 9.5)
	d.p.SetX(margin)
	d.p.SetTextColor(30, 50, 110)
	d.p.CellFormat(textW, 5, title, "", 1, "L", false, 0, "")
	d.black()
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
func (d *doc) table(cols []column, rows [][]string) { d.tableWide(cols, rows, column{}) }

// tableWide is table whose rows' free text is in wide's font (monospace when
// wide.mono).
func (d *doc) tableWide(cols []column, rows [][]string, wide column) {
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
	cells := make([][]line, len(cols))
	// lay wraps a row: its cells' lines (n at most) and its free text's.
	lay := func(row []string) (n int, across []line) {
		n = 1
		for i, c := range cols {
			d.cellFont(c)
			cells[i] = d.wrap(row[i], c.width-2*pad)
			n = max(n, len(cells[i]))
		}
		if len(row) > len(cols) && row[len(cols)] != "" {
			d.cellFont(wide)
			across = d.wrap(row[len(cols)], d.wrapWidth(textW))
		}
		return n, across
	}
	const fits = pageH - bottomMargin - margin - 8 // the tallest row kept on one page
	first := 2*h + 1
	if len(rows) > 0 { // the header stays with the first row, if that fits a page
		if n, across := lay(rows[0]); float64(n+len(across))*h+1 <= fits {
			first = max(first, float64(n+len(across))*h+1)
		}
	}
	d.room(5.5 + 0.8 + first)
	header()
	d.onBreak = header
	defer func() { d.onBreak = nil }()
	for _, row := range rows {
		n, across := lay(row)
		if rowH := float64(n+len(across))*h + 1; rowH <= fits {
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
		d.cellFont(wide)
		for _, l := range across {
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
