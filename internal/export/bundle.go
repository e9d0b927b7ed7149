package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// compactJSON encodes v without HTML escaping or a trailing newline.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// JSON renders the bundle: {"content": …, "manifest": …, "signature": …} and a
// newline. The manifest's sha256 covers the exact bytes of content, and the
// signature the exact bytes of manifest; both are embedded verbatim.
func JSON(key Key, m Manifest, c Content) ([]byte, Signed, error) {
	content, err := compactJSON(c)
	if err != nil {
		return nil, Signed{}, fmt.Errorf("encode case bundle: %w", err)
	}
	signed, err := Sign(key, m, content)
	if err != nil {
		return nil, Signed{}, err
	}
	return bundleBytes(content, signed.Bytes, signed.Signature), signed, nil
}

// bundleBytes lays a bundle out: the one form JSON writes and VerifyJSON accepts.
func bundleBytes(content, manifest, signature []byte) []byte {
	out := make([]byte, 0, len(content)+len(manifest)+160)
	out = append(out, `{"content":`...)
	out = append(out, content...)
	out = append(out, `,"manifest":`...)
	out = append(out, manifest...)
	out = append(out, `,"signature":"`...)
	out = base64.StdEncoding.AppendEncode(out, signature)
	return append(out, "\"}\n"...)
}

// VerifyJSON checks a saved JSON bundle with the public key that keyFor returns
// for its key id. The file must be exactly one bundle as JSON writes it: the
// three members once each, spelt exactly, in that order, without spaces, and
// one final newline; every object inside without a repeated member name.
func VerifyJSON(r io.Reader, keyFor KeyLookup) (Manifest, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Manifest{}, fmt.Errorf("read export: %w", err)
	}
	doc, ok := bytes.CutSuffix(data, []byte("\n"))
	if !ok {
		return Manifest{}, malformed("a JSON bundle ends with one newline")
	}
	members, err := readObject(doc, "content", "manifest", "signature")
	if err != nil {
		return Manifest{}, malformed("%v", err)
	}
	var sigText string
	if err := json.Unmarshal(members["signature"], &sigText); err != nil || members["content"] == nil || members["manifest"] == nil {
		return Manifest{}, malformed("content, manifest or signature missing")
	}
	sig, err := decodeSignature(sigText)
	if err != nil {
		return Manifest{}, err
	}
	if !bytes.Equal(bundleBytes(members["content"], members["manifest"], sig), data) {
		return Manifest{}, malformed("the bundle is not laid out as Caseward writes it (member order, spaces or escapes differ)")
	}
	m, err := verifySigned(keyFor, members["manifest"], sig, members["content"])
	if err == nil && (m.Kind != "case" || m.Format != "json") {
		err = malformed("the manifest is for a %s export as %s, not a case as a JSON bundle", m.Kind, m.Format)
	}
	return m, err
}
