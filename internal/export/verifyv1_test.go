package export_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
)

// A JSON-lines export of schema_version 1, kept from before the chain check
// was signed, still proves its events: the signature over them holds and the
// chain is walked again, with a note that the chain check line was not signed.
func TestVerifyJSONLinesAcceptsSchemaVersion1WithANote(t *testing.T) {
	x := makeExports(t)
	v, err := export.VerifyJSONLines(x.v1, x.keyFor)
	if err != nil {
		t.Fatalf("%v\n%s", err, x.v1)
	}
	if v.Manifest.SchemaVersion != 1 || v.Chain == nil || !v.Chain.Valid || v.Chain.Checked != 3 || v.Note != export.OldFormatNote {
		t.Fatalf("%+v", v)
	}
	if !bytes.Contains(x.v1, []byte(`{"chain_check":{"valid":true,"checked":3,"first_invalid_seq":null},"manifest":{`)) {
		t.Fatalf("not the schema_version 1 layout:\n%s", x.v1)
	}
}

// What schema_version 1 let anyone change (its chain check line) changes no
// verdict: a line saying valid over a broken chain is reported broken, one
// saying anything the events do not give is refused, and the events
// themselves are signed.
func TestVerifyJSONLinesRecomputesSchemaVersion1ChainCheck(t *testing.T) {
	x := makeExports(t)
	broken := auditJSONLinesV1(t, x.key, brokenEvents(x))
	forged := bytes.Replace(broken, []byte(`{"chain_check":{"valid":false,"checked":1,"first_invalid_seq":2}`),
		[]byte(`{"chain_check":{"valid":true,"checked":3,"first_invalid_seq":null}`), 1)
	if bytes.Equal(forged, broken) {
		t.Fatalf("no chain check saying seq 2 is bad:\n%s", broken)
	}
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"broken, as written":           {broken, "first bad seq 2"},
		"broken, the line says valid":  {forged, "first bad seq 2"},
		"valid, the line says broken":  {bytes.Replace(x.v1, []byte(`"valid":true,"checked":3,"first_invalid_seq":null`), []byte(`"valid":false,"checked":0,"first_invalid_seq":1`), 1), "changed after export"},
		"valid, the line counts wrong": {bytes.Replace(x.v1, []byte(`"checked":3`), []byte(`"checked":4`), 1), "changed after export"},
	} {
		t.Run(name, func(t *testing.T) {
			if bytes.Equal(c.file, x.v1) {
				t.Fatal("nothing was changed")
			}
			v, err := export.VerifyJSONLines(c.file, x.keyFor)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one saying %q (%+v)", err, c.want, v)
			}
		})
	}
}

// An event line of a schema_version 1 export changed by one byte is refused:
// the signature covers it.
func TestVerifyJSONLinesRefusesAlteredSchemaVersion1Events(t *testing.T) {
	x := makeExports(t)
	i := bytes.Index(x.v1, []byte(`"case.update"`)) + 1
	flipped := bytes.Clone(x.v1)
	flipped[i] ^= 0x01
	if _, err := export.VerifyJSONLines(flipped, x.keyFor); !errors.Is(err, export.ErrBadHash) {
		t.Fatalf("err = %v, want ErrBadHash", err)
	}
	// A v1 manifest on the v2 layout, or a v2 one on the v1 layout, is refused.
	if _, err := export.VerifyJSONLines(oldLayoutLines(t, x.key, x.events, 2), x.keyFor); !errors.Is(err, export.ErrMalformed) {
		t.Fatalf("a schema_version 2 manifest in the old layout: err = %v, want ErrMalformed", err)
	}
}

// brokenEvents are the fixture's events with the second altered after it was
// written: its hash no longer recomputes.
func brokenEvents(x exports) []audit.Event {
	events := append(x.events[:0:0], x.events...)
	events[1].Action = "case.delete"
	return events
}

// testdata/audit-schema1.jsonl was written by the schema_version 1 code
// itself (commit 1bb21cc's AuditStream, over the fixture's events and key):
// the test's writer of that format gives the same bytes, and it verifies.
func TestVerifyJSONLinesAcceptsAFileWrittenBySchemaVersion1Code(t *testing.T) {
	x := makeExports(t)
	file, err := os.ReadFile("testdata/audit-schema1.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, x.v1) {
		t.Fatalf("the test's schema_version 1 writer differs from the old code:\n%s\n%s", file, x.v1)
	}
	if v, err := export.VerifyJSONLines(file, x.keyFor); err != nil || v.Note != export.OldFormatNote {
		t.Fatalf("%+v %v", v, err)
	}
}
