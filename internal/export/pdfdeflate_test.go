package export

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"testing"
)

// The rewritten file's cross-reference table points at every object, and
// every page's content is compressed and holds what was drawn.
func TestDeflatePagesKeepsTheFileWhole(t *testing.T) {
	d := newDoc()
	for i := range 3 {
		d.p.AddPage()
		d.font(sans, "", 10)
		d.text(fmt.Sprintf("Page body number %d", i+1), 5)
	}
	d.footers("footer")
	var w deflateWriter
	if err := d.p.Output(&w); err != nil {
		t.Fatal(err)
	}
	pdf := w.pdf

	m := regexp.MustCompile(`\nstartxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no startxref at the end: %q", pdf[max(0, len(pdf)-60):])
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref points at %q", pdf[xref:xref+10])
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(pdf[xref:], -1)
	if len(entries) < 3*2+3 {
		t.Fatalf("only %d objects", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d: the table points at %q", i+1, pdf[off:min(off+12, len(pdf))])
		}
	}
	if regexp.MustCompile(`\n<</Length \d+>>\nstream\n`).Match(pdf) {
		t.Error("a page's content is still plain")
	}
	// Inflate the page streams: the body of page 2 is among them.
	var texts []byte
	for _, loc := range regexp.MustCompile(`<</Filter /FlateDecode /Length (\d+)>>\nstream\n`).FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[loc[2]:loc[3]]))
		r, err := zlib.NewReader(bytes.NewReader(pdf[loc[1] : loc[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, b...)
	}
	if !bytes.Contains(texts, utf16("Page body number 2")) {
		t.Error("page 2's text is not in the compressed pages")
	}
}

// utf16 is how fpdf writes text in a Unicode font: UTF-16BE in a string.
func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

func TestDeflatePagesLeavesAnUnknownLayoutAlone(t *testing.T) {
	for _, in := range []string{"", "%PDF-1.3\nnot what fpdf writes\n", "xref\n0 2\nstartxref\n0\n%%EOF\n"} {
		if got := deflatePages([]byte(in)); string(got) != in {
			t.Errorf("deflatePages(%q) = %q", in, got)
		}
	}
}
