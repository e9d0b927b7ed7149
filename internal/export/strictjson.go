package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Verification reads JSON strictly, so that it never reads a document
// differently from jq, Python or a browser: encoding/json alone matches member
// names without regard to case, keeps the last of two equal names and ignores
// what follows the value, and each of those let an altered export verify.

// checkJSON reports whether data is exactly one JSON value in UTF-8, with no
// whitespace before or after it and no object, at any depth, naming a member
// twice (also not in another case: "content" and "Content" are one name).
func checkJSON(data []byte) error {
	if len(data) == 0 {
		return errors.New("empty, where a JSON value was expected")
	}
	if !utf8.Valid(data) {
		return errors.New("not UTF-8")
	}
	if bytes.IndexByte([]byte(" \t\r\n"), data[0]) >= 0 {
		return errors.New("whitespace before the JSON value")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := walkJSON(dec, 0); err != nil {
		return err
	}
	if n := len(data) - int(dec.InputOffset()); n != 0 {
		return fmt.Errorf("%d bytes after the JSON value", n)
	}
	return nil
}

// maxDepth is encoding/json's own nesting limit: deeper than that, a file
// would exhaust the stack rather than be refused.
const maxDepth = 10000

// walkJSON reads one value from dec, refusing repeated member names.
func walkJSON(dec *json.Decoder, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	seen := map[string]string{}
	for dec.More() {
		if delim == '{' {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			name, _ := tok.(string)
			key := foldName(name)
			if first, dup := seen[key]; dup {
				return fmt.Errorf("member %q appears twice (as %q before)", name, first)
			}
			seen[key] = name
		}
		if err := walkJSON(dec, depth+1); err != nil {
			return err
		}
	}
	_, err = dec.Token() // the closing } or ]
	return err
}

// foldName folds a member name as encoding/json does when it matches names,
// so that any two names it would treat as one fold to the same string.
func foldName(name string) string {
	out := make([]rune, 0, len(name))
	for _, r := range name {
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				r = next
				break
			}
			r = next
		}
		out = append(out, r)
	}
	return string(out)
}

// readObject reads data strictly (checkJSON) as one JSON object whose members
// are all among names, spelt exactly, each at most once, and returns each
// member's exact bytes.
func readObject(data []byte, names ...string) (map[string]json.RawMessage, error) {
	if err := checkJSON(data); err != nil {
		return nil, err
	}
	if data[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return nil, err
	}
	for name := range members {
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("unknown member %q", name)
		}
	}
	return members, nil
}

// decodeObject is readObject that also decodes data into v (a struct whose
// JSON names are names) and requires the members named in required.
func decodeObject(data []byte, v any, names, required []string) error {
	members, err := readObject(data, names...)
	if err != nil {
		return err
	}
	for _, name := range required {
		if _, ok := members[name]; !ok {
			return fmt.Errorf("member %q missing", name)
		}
	}
	return json.Unmarshal(data, v)
}
