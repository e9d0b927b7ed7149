package export

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// deflatePages compresses the page contents that fpdf wrote plain, with one
// zlib writer for them all. fpdf's own compression makes a new writer (over
// a megabyte) for every page: for a case of 700 pages that was half of the
// rendering time and 900 MB of garbage. The file is copied object by object
// and gets a new cross-reference table. A file not laid out as expected is
// returned as it was (copied): valid, only bigger (a test checks the size).
func deflatePages(pdf []byte) []byte {
	out, err := deflateStreams(pdf)
	if err != nil {
		return bytes.Clone(pdf)
	}
	return out
}

// deflateWriter receives fpdf's output, which fpdf writes in one Write from
// its own buffer, and keeps it with its pages compressed, sparing a copy of
// the plain file.
type deflateWriter struct{ pdf []byte }

func (w *deflateWriter) Write(p []byte) (int, error) {
	if w.pdf != nil {
		return 0, errors.New("fpdf wrote its output in pieces")
	}
	w.pdf = deflatePages(p)
	return len(p), nil
}

// fpdf writes a plain page content stream as exactly this.
var (
	plainHead = []byte("<</Length ")
	plainTail = []byte("\nendstream\nendobj\n")
)

func deflateStreams(pdf []byte) ([]byte, error) {
	// The trailer: "startxref\n<offset>\n%%EOF".
	sx := bytes.LastIndex(pdf, []byte("\nstartxref\n"))
	if sx < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	tail := pdf[sx+len("\nstartxref\n"):]
	end := bytes.IndexByte(tail, '\n')
	if end < 0 {
		return nil, fmt.Errorf("no end of startxref")
	}
	xref, err := strconv.Atoi(string(tail[:end]))
	if err != nil || xref <= 0 || xref > sx {
		return nil, fmt.Errorf("bad startxref")
	}
	// The cross-reference table: "xref\n0 <n>\n" and n entries of 20 bytes.
	var n int
	if _, err := fmt.Sscanf(string(pdf[xref:min(xref+32, len(pdf))]), "xref\n0 %d\n", &n); err != nil || n < 2 {
		return nil, fmt.Errorf("bad xref header")
	}
	entries := xref + len(fmt.Sprintf("xref\n0 %d\n", n))
	trailer := entries + 20*n
	if trailer > sx || !bytes.HasPrefix(pdf[trailer:], []byte("trailer\n")) {
		return nil, fmt.Errorf("bad xref table")
	}
	offsets := make([]int, n)
	for j := 1; j < n; j++ {
		e := pdf[entries+20*j : entries+20*j+20]
		if offsets[j], err = strconv.Atoi(string(e[:10])); err != nil || string(e[10:]) != " 00000 n \n" || offsets[j] <= 0 || offsets[j] >= xref {
			return nil, fmt.Errorf("bad xref entry %d", j)
		}
	}
	order := make([]int, 0, n-1)
	for j := 1; j < n; j++ {
		order = append(order, j)
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })

	var out, buf bytes.Buffer
	out.Grow(xref / 4)
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	out.Write(pdf[:offsets[order[0]]]) // the header
	moved := make([]int, n)
	for k, j := range order {
		stop := xref
		if k+1 < len(order) {
			stop = offsets[order[k+1]]
		}
		moved[j] = out.Len()
		obj := pdf[offsets[j]:stop]
		head, data, ok := plainStream(obj)
		if !ok {
			out.Write(obj)
			continue
		}
		buf.Reset()
		zw.Reset(&buf)
		if _, err := zw.Write(data); err != nil {
			return nil, fmt.Errorf("compress object %d: %w", j, err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compress object %d: %w", j, err)
		}
		fmt.Fprintf(&out, "%s<</Filter /FlateDecode /Length %d>>\nstream\n", head, buf.Len())
		out.Write(buf.Bytes())
		out.Write(plainTail)
	}
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", n)
	for j := 1; j < n; j++ {
		fmt.Fprintf(&out, "%010d 00000 n \n", moved[j])
	}
	out.Write(pdf[trailer : sx+1])
	fmt.Fprintf(&out, "startxref\n%d\n", newXref)
	out.Write(tail[end+1:])
	return out.Bytes(), nil
}

// plainStream splits "<n> 0 obj\n<</Length <l>>>\nstream\n<data>\nendstream\nendobj\n"
// into its first line (with the newline) and data; ok is false for any
// other object.
func plainStream(obj []byte) (head, data []byte, ok bool) {
	nl := bytes.IndexByte(obj, '\n')
	if nl < 0 || !bytes.HasSuffix(obj[:nl], []byte(" 0 obj")) || !bytes.HasPrefix(obj[nl+1:], plainHead) {
		return nil, nil, false
	}
	head, rest := obj[:nl+1], obj[nl+1+len(plainHead):]
	gt := bytes.Index(rest, []byte(">>\nstream\n"))
	if gt < 0 {
		return nil, nil, false
	}
	length, err := strconv.Atoi(string(rest[:gt]))
	rest = rest[gt+len(">>\nstream\n"):]
	if err != nil || length != len(rest)-len(plainTail) || !bytes.Equal(rest[length:], plainTail) {
		return nil, nil, false
	}
	return head, rest[:length], true
}
