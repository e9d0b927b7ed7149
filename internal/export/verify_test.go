package export_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/export"
)

func TestVerifyAcceptsRealExports(t *testing.T) {
	x := makeExports(t)
	m, err := export.VerifyJSON(bytes.NewReader(x.bundle), x.keyFor)
	if err != nil || m.Kind != "case" || m.CaseReference != "INC-2026-0001" {
		t.Fatalf("bundle: %+v %v", m, err)
	}
	v, err := export.VerifyJSONLines(x.jsonl, x.keyFor)
	if err != nil || v.Manifest.Kind != "audit" || v.Manifest.Filters["from"] == "" || v.Chain == nil || v.Chain.Checked != 3 || v.Note != "" {
		t.Fatalf("json lines: %+v %v\n%s", v, err, x.jsonl)
	}
	lines := strings.Split(strings.TrimSuffix(string(x.jsonl), "\n"), "\n")
	if len(lines) != len(x.events)+2 || lines[len(lines)-2] != `{"chain_check":{"valid":true,"checked":3,"first_invalid_seq":null}}` ||
		!strings.HasPrefix(lines[len(lines)-1], `{"manifest":{"kind":"audit"`) {
		t.Fatalf("json lines layout:\n%s", x.jsonl)
	}
}

// bundleParts splits a real bundle into its members' exact text.
func bundleParts(t *testing.T, bundle []byte) (content, manifest, signature string) {
	t.Helper()
	var p struct {
		Content   json.RawMessage `json:"content"`
		Manifest  json.RawMessage `json:"manifest"`
		Signature string          `json:"signature"`
	}
	if err := json.Unmarshal(bundle, &p); err != nil {
		t.Fatal(err)
	}
	return string(p.Content), string(p.Manifest), p.Signature
}

// The forgeries an outside probe made of a JSON bundle: each verified before,
// and each is refused as not in the form Caseward writes.
func TestVerifyJSONRefusesForgedBundles(t *testing.T) {
	x := makeExports(t)
	content, manifest, sig := bundleParts(t, x.bundle)
	forged := strings.Replace(content, "Suspicious logins", "Nothing happened", 1)
	// The last base64 digit of a 64-byte signature carries 4 bits that decode to nothing.
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	last := strings.IndexByte(alphabet, sig[len(sig)-3])
	sigVariant := sig[:len(sig)-3] + string(alphabet[last^1]) + "=="
	for name, file := range map[string]string{
		"a forged content before the real one spelt Content": `{"content":` + forged + `,"Content":` + content + `,"manifest":` + manifest + `,"signature":"` + sig + "\"}\n",
		"content twice, the forged one first":                `{"content":` + forged + `,"manifest":` + manifest + `,"signature":"` + sig + `","content":` + content + "}\n",
		"the member names in another case":                   `{"Content":` + content + `,"Manifest":` + manifest + `,"Signature":"` + sig + "\"}\n",
		"an extra member":                                    strings.TrimSuffix(string(x.bundle), "}\n") + `,"approved_by":"the regulator"}` + "\n",
		"trailing bytes":                                     string(x.bundle) + "and a postscript",
		"a second JSON object appended":                      string(x.bundle) + `{"content":` + forged + "}\n",
		"a space between members":                            `{"content": ` + content + `,"manifest":` + manifest + `,"signature":"` + sig + "\"}\n",
		"another spelling of the same signature":             `{"content":` + content + `,"manifest":` + manifest + `,"signature":"` + sigVariant + "\"}\n",
		"no final newline":                                   strings.TrimSuffix(string(x.bundle), "\n"),
		"a final carriage return":                            strings.TrimSuffix(string(x.bundle), "\n") + "\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			m, err := export.VerifyJSON(strings.NewReader(file), x.keyFor)
			if err == nil {
				t.Fatalf("verified: %+v", m)
			}
			if !errors.Is(err, export.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

// brokenChainExport is a real JSON-lines export of events of which one was
// altered after it was written (its hash no longer recomputes).
func brokenChainExport(t *testing.T, x exports) []byte {
	t.Helper()
	return auditJSONLines(t, x.key, brokenEvents(x))
}

func TestVerifyJSONLinesNamesTheFirstBadSeqAsANumber(t *testing.T) {
	x := makeExports(t)
	_, err := export.VerifyJSONLines(brokenChainExport(t, x), x.keyFor)
	if err == nil || !strings.HasSuffix(err.Error(), "first bad seq 2") {
		t.Fatalf("err = %v, want one ending in: first bad seq 2", err)
	}
}

func TestVerifyJSONLinesSignsTheChainCheck(t *testing.T) {
	x := makeExports(t)
	broken := brokenChainExport(t, x)
	edited := bytes.Replace(broken, []byte(`{"chain_check":{"valid":false`), []byte(`{"chain_check":{"valid":true`), 1)
	if bytes.Equal(edited, broken) {
		t.Fatalf("no chain check saying false:\n%s", broken)
	}
	if m, err := export.VerifyJSONLines(edited, x.keyFor); !errors.Is(err, export.ErrBadHash) {
		t.Fatalf("valid:false edited to true: %+v %v", m, err)
	}
}

// signedLines signs lines as an audit export with schema version v.
func signedLines(t *testing.T, x exports, lines string, v int) []byte {
	t.Helper()
	sum := sha256.Sum256([]byte(lines))
	s, err := export.SignHashed(x.key, export.Manifest{Kind: "audit", Format: "jsonl", SHA256: hex.EncodeToString(sum[:]),
		ExportedAt: time.Now(), ExporterEmail: "ann@example.org", SchemaVersion: v})
	if err != nil {
		t.Fatal(err)
	}
	return []byte(lines + `{"manifest":` + string(s.Bytes) + `,"signature":"` + base64.StdEncoding.EncodeToString(s.Signature) + "\"}\n")
}

func TestVerifyJSONLinesRefusesForgedAndOddExports(t *testing.T) {
	x := makeExports(t)
	body := string(x.jsonl)
	cut := strings.LastIndexByte(body[:len(body)-1], '\n') + 1
	lines, last := body[:cut], strings.TrimSuffix(body[cut:], "\n")
	var parts struct {
		Manifest  json.RawMessage `json:"manifest"`
		Signature string          `json:"signature"`
	}
	if err := json.Unmarshal([]byte(last), &parts); err != nil {
		t.Fatal(err)
	}
	events := lines[:strings.LastIndexByte(lines[:len(lines)-1], '\n')+1]
	v1 := signedLines(t, x, events, 1) // sha256 over the events only, as schema 1 had it
	for name, c := range map[string]struct {
		file string
		want error
	}{
		"trailing bytes":                           {body + "and a postscript", export.ErrMalformed},
		"an event line appended":                   {body + events[:strings.IndexByte(events, '\n')+1], export.ErrMalformed},
		"the signature line twice":                 {body + body[cut:], export.ErrBadHash},
		"an extra member on the last line":         {lines + strings.TrimSuffix(last, "}") + `,"note":"x"}` + "\n", export.ErrMalformed},
		"a case-variant manifest before it":        {lines + `{"Manifest":{},` + last[1:] + "\n", export.ErrMalformed},
		"a space in the last line":                 {lines + `{"manifest": ` + last[len(`{"manifest":`):] + "\n", export.ErrMalformed},
		"no final newline":                         {strings.TrimSuffix(body, "\n"), export.ErrMalformed},
		"CRLF at the end":                          {strings.TrimSuffix(body, "\n") + "\r\n", export.ErrMalformed},
		"a chain check the events contradict":      {string(signedLines(t, x, events+`{"chain_check":{"valid":true,"checked":9,"first_invalid_seq":null}}`+"\n", 2)), export.ErrMalformed},
		"no chain check line":                      {string(signedLines(t, x, events, 2)), export.ErrMalformed},
		"a duplicate member in an event":           {string(signedLines(t, x, strings.Replace(lines, `{"seq":1,`, `{"seq":1,"Seq":1,`, 1), 2)), export.ErrMalformed},
		"an unknown member in the chain check":     {string(signedLines(t, x, strings.Replace(lines, `"checked":3,`, `"checked":3,"by":"me",`, 1), 2)), export.ErrMalformed},
		"schema_version 1 without its chain check": {string(v1), export.ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := export.VerifyJSONLines([]byte(c.file), x.keyFor)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v (manifest %+v)", err, c.want, m)
			}
		})
	}
}

// A bundle's layout did not change with schema_version 2: older ones still verify.
func TestVerifyJSONAcceptsBundlesOfSchemaVersion1(t *testing.T) {
	x := makeExports(t)
	m := export.Manifest{Kind: "case", Format: "json", CaseReference: "INC-2026-0001", ExportedAt: fixedTime, SchemaVersion: 1}
	bundle, _, err := export.JSON(x.key, m, export.Content{SchemaVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := export.VerifyJSON(bytes.NewReader(bundle), x.keyFor); err != nil || got.SchemaVersion != 1 {
		t.Fatalf("%+v %v", got, err)
	}
}
