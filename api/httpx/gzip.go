package httpx

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// TakesGzip reports whether the client's Accept-Encoding names gzip without
// refusing it (q=0), for the answers kept gzipped (the dashboard, the status
// page and its feed).
func TakesGzip(r *http.Request) bool {
	if r == nil {
		return false
	}
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q, found := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q=")
			if !found {
				return true
			}
			weight, err := strconv.ParseFloat(q, 64)
			return err == nil && weight > 0
		}
	}
	return false
}

// Gzipped returns body gzip-compressed at level, for answers rendered once
// and sent many times.
func Gzipped(body []byte, level int) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return buf.Bytes(), nil
}

// WritePrerendered sends a 200 with body, or its gzipped form when the client
// takes gzip (and there is one). The caller sets the other headers.
func WritePrerendered(w http.ResponseWriter, body, zipped []byte, takes bool) error {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	if takes && zipped != nil {
		h.Set("Content-Encoding", "gzip")
		body = zipped
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}
