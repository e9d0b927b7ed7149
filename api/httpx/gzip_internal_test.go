package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestTakesGzipReadsAcceptEncodingAndItsWeights(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"br, GZIP":               true,
		"deflate, gzip;q=0.5":    true,
		"gzip; q=1.0":            true,
		"gzip;q=0":               false,
		"gzip;q=0.000":           false,
		"gzip;q=nonsense":        false,
		"identity, x-gzip-ish":   false,
		"br;q=1, gzip;q=0, gzip": false, // the first naming decides
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if header != "" {
			r.Header.Set("Accept-Encoding", header)
		}
		if got := TakesGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: got %v, want %v", header, got, want)
		}
	}
	if TakesGzip(nil) {
		t.Error("no request takes gzip")
	}
}
