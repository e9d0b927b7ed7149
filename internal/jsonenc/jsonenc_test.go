package jsonenc

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Audit hashes and API responses depend on these writing exactly what
// encoding/json writes.
func FuzzStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range []string{"", "plain ascii", `quote " and \ backslash`, "<script>&amp;", "tab\tnew\nline\x00\b\f\r\x1f",
		"é ü 漢字", "\u2028\u2029", "bad utf-8 \xff\xfe", "~\x7f", "truncated \xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := String(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("String(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}

func FuzzTimeAndUUIDMatchEncodingJSON(f *testing.F) {
	f.Add(int64(0), int64(0), 0, []byte("0123456789abcdef"))
	f.Add(int64(1_795_000_000), int64(123_456_000), 3600, []byte{0xff, 0, 0xa0})
	f.Fuzz(func(t *testing.T, sec, nsec int64, offset int, raw []byte) {
		tm := time.Unix(sec%253_402_300_799, nsec%1_000_000_000).In(time.FixedZone("", offset%86_400))
		if y := tm.Year(); y < 0 || y > 9999 {
			t.Skip()
		}
		want, _ := json.Marshal(tm)
		if got := Time(nil, tm); !bytes.Equal(got, want) {
			t.Fatalf("Time(%v) = %s, encoding/json writes %s", tm, got, want)
		}
		var id uuid.UUID
		copy(id[:], raw)
		want, _ = json.Marshal(id)
		if got := UUID(nil, id); !bytes.Equal(got, want) {
			t.Fatalf("UUID(%v) = %s, encoding/json writes %s", id, got, want)
		}
	})
}
