package export

import (
	"strings"
	"testing"
)

func TestCheckJSONRefusesWhatReadersDisagreeOn(t *testing.T) {
	for _, doc := range []string{
		`{"a":1}`, `[{"a":1},{"a":2}]`, `{"a":{"a":1},"b":[1,"x",null,true]}`, `"text"`, `12.5e3`,
		`{"Content":1,"content_type":2}`, strings.Repeat("[", 500) + strings.Repeat("]", 500),
	} {
		if err := checkJSON([]byte(doc)); err != nil {
			t.Errorf("%.40s refused: %v", doc, err)
		}
	}
	for name, doc := range map[string]string{
		"a repeated name":                 `{"a":1,"a":2}`,
		"a name in another case":          `{"content":1,"Content":2}`,
		"a repeated name deep inside":     `{"x":[{"b":1,"B":2}]}`,
		"the Kelvin sign for k":           `{"k":1,"\u212a":2}`,
		"an escaped spelling of the name": `{"content":1,"\u0063ontent":2}`,
		"trailing bytes":                  `{"a":1}x`,
		"a second value":                  `{"a":1}{"a":2}`,
		"a trailing newline":              "{\"a\":1}\n",
		"leading whitespace":              ` {"a":1}`,
		"nothing":                         ``,
		"not UTF-8":                       "{\"a\":\"\xff\"}",
		"a missing colon":                 `{"a" 1}`,
		"a trailing comma":                `{"a":1,}`,
		"a trailing comma in an array":    `[1,]`,
		"a missing comma":                 `{"a":1 "b":2}`,
		"unclosed":                        `{"a":[1`,
		"nested too deep":                 strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2),
	} {
		if err := checkJSON([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReadObjectKnowsOnlyItsMembersSpeltExactly(t *testing.T) {
	if m, err := readObject([]byte(`{"manifest":{},"signature":"s"}`), "manifest", "signature"); err != nil || len(m) != 2 {
		t.Fatalf("%v %v", m, err)
	}
	for _, doc := range []string{`{"Manifest":{}}`, `{"manifest":{},"note":1}`, `[]`, `null`, `{"manifest":{},"manifest":{}}`} {
		if _, err := readObject([]byte(doc), "manifest", "signature"); err == nil {
			t.Errorf("%s accepted", doc)
		}
	}
}
