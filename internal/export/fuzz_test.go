package export_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/caseward/caseward/internal/export"
)

// verifies reports whether file verifies as a JSON bundle, as JSON lines, as
// the CSV audit export or as the CSV audit export's manifest.
func verifies(x exports, file []byte) bool {
	_, errJSON := export.VerifyJSON(bytes.NewReader(file), x.keyFor)
	_, errLines := export.VerifyJSONLines(file, x.keyFor)
	_, errCSV := export.VerifyDetachedWith(x.keyFor, x.csvSig.Bytes, x.csvSig.Signature, file)
	_, errManifest := export.VerifyDetachedWith(x.keyFor, file, x.csvSig.Signature, x.csv)
	return errJSON == nil || errLines == nil || errCSV == nil || errManifest == nil
}

// originals are the fixture's files as written.
func originals(x exports) [][]byte { return [][]byte{x.bundle, x.jsonl, x.v1, x.csv, x.csvSig.Bytes} }

// Every change of one byte of a real export (a few values at every position),
// every byte removed and every byte doubled, is refused.
func TestVerifyRefusesEverySingleByteChange(t *testing.T) {
	x := makeExports(t)
	for name, c := range map[string]struct {
		file   []byte
		verify func([]byte) error
	}{
		"bundle":                         {x.bundle, func(b []byte) error { _, err := export.VerifyJSON(bytes.NewReader(b), x.keyFor); return err }},
		"json lines":                     {x.jsonl, func(b []byte) error { _, err := export.VerifyJSONLines(b, x.keyFor); return err }},
		"json lines of schema_version 1": {x.v1, func(b []byte) error { _, err := export.VerifyJSONLines(b, x.keyFor); return err }},
		"csv": {x.csv, func(b []byte) error {
			_, err := export.VerifyDetachedWith(x.keyFor, x.csvSig.Bytes, x.csvSig.Signature, b)
			return err
		}},
		"csv manifest": {x.csvSig.Bytes, func(b []byte) error {
			_, err := export.VerifyDetachedWith(x.keyFor, b, x.csvSig.Signature, x.csv)
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			file := c.file
			if err := c.verify(file); err != nil {
				t.Fatalf("the original does not verify: %v", err)
			}
			tried := 0
			try := func(variant []byte, what string, i int) {
				tried++
				if !bytes.Equal(variant, file) && c.verify(variant) == nil {
					t.Errorf("%s at %d verifies", what, i)
				}
			}
			for i := range file {
				for _, v := range []byte{file[i] ^ 0x01, file[i] ^ 0x20, file[i] ^ 0x80, ' ', '"'} {
					variant := bytes.Clone(file)
					variant[i] = v
					try(variant, fmt.Sprintf("byte %q", v), i)
				}
				try(append(bytes.Clone(file[:i]), file[i+1:]...), "removing the byte", i)
				try(append(bytes.Clone(file[:i+1]), file[i:]...), "doubling the byte", i)
			}
			t.Logf("%d bytes, %d variants refused", len(file), tried)
		})
	}
}

// FuzzVerifyExports mutates real exports: nothing but the original verifies.
func FuzzVerifyExports(f *testing.F) {
	x := makeExports(f)
	for _, file := range originals(x) {
		f.Add(file)
	}
	// The forgeries schema_version 1 allowed: its unsigned chain check edited.
	f.Add(bytes.Replace(x.v1, []byte(`"checked":3`), []byte(`"checked":2`), 1))
	f.Add(auditJSONLinesV1(f, x.key, brokenEvents(x)))
	f.Fuzz(func(t *testing.T, file []byte) {
		for _, original := range originals(x) {
			if bytes.Equal(file, original) {
				if !verifies(x, file) {
					t.Fatal("the original does not verify")
				}
				return
			}
		}
		if verifies(x, file) {
			t.Fatalf("a changed export verifies:\n%q", file)
		}
	})
}
