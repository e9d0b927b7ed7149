package export

import "encoding/base64"

// signatureFile is the JSON of a detached signature (`<file>.sig`) and of a
// CSV zip's SIGNATURE.json. KeyFingerprint is absent in the older
// `<file>.signature.json` and for manifests before schema_version 4.
type signatureFile struct {
	Manifest       string `json:"manifest_base64"`
	Signature      string `json:"signature_base64"`
	KeyID          string `json:"key_id"`
	KeyFingerprint string `json:"key_fingerprint,omitempty"`
}

// SignatureFile returns the signature file of s: one compact JSON object
// {"manifest_base64","signature_base64","key_id","key_fingerprint"} and a
// newline. key_id and key_fingerprint repeat the manifest's, for people.
func (s Signed) SignatureFile() []byte {
	b, err := compactJSON(signatureFile{
		Manifest:       base64.StdEncoding.EncodeToString(s.Bytes),
		Signature:      base64.StdEncoding.EncodeToString(s.Signature),
		KeyID:          s.Manifest.KeyID,
		KeyFingerprint: s.Manifest.KeyFingerprint,
	})
	if err != nil { // strings only: cannot fail
		panic(err)
	}
	return append(b, '\n')
}

// ParseSignatureFile reads a signature file: `<file>.sig` or SIGNATURE.json
// (four members), or the older `<file>.signature.json` (no key_fingerprint).
// One object, strictly read (any JSON spacing inside), one final newline at
// most, nothing else; key_id and key_fingerprint must be the manifest's.
func ParseSignatureFile(data []byte) (manifest, signature []byte, err error) {
	if n := len(data); n > 0 && data[n-1] == '\n' {
		data = data[:n-1]
	}
	var f signatureFile
	names := []string{"manifest_base64", "signature_base64", "key_id", "key_fingerprint"}
	if err := decodeObject(data, &f, names, names[:3]); err != nil {
		return nil, nil, malformed("signature file: %v", err)
	}
	members, _ := readObject(data, names...) // read once already
	_, hasFingerprint := members["key_fingerprint"]
	if manifest, err = base64.StdEncoding.Strict().DecodeString(f.Manifest); err != nil {
		return nil, nil, malformed("signature file: manifest_base64 is not base64")
	}
	if signature, err = decodeSignature(f.Signature); err != nil {
		return nil, nil, err
	}
	m, err := parseManifest(manifest)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case m.KeyID != f.KeyID:
		return nil, nil, malformed("signature file: key_id %q is not the manifest's %q", f.KeyID, m.KeyID)
	case hasFingerprint && (m.KeyFingerprint == "" || m.KeyFingerprint != f.KeyFingerprint):
		return nil, nil, malformed("signature file: key_fingerprint %q is not the manifest's %q", f.KeyFingerprint, m.KeyFingerprint)
	}
	return manifest, signature, nil
}
