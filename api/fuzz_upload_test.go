package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

// Evidence uploads, fuzzed through the real server: first the metadata form
// fields of a well-formed upload, then whole multipart bodies. Whatever
// arrives, the answer is a 201 or a problem, a refusal leaves no row and no
// file behind, and an accepted file is stored with its true hash and size.

type uploadSeed struct {
	title, kind, description, source, collectedAt, sha, extra string
	file                                                      []byte // nil: no file part
}

var uploadSeeds = []uploadSeed{
	{"Firewall log", "log", "Export of the night", "edge-fw-01", "2026-01-01T00:00:00Z", "", "", []byte("log line\n")},
	{"Memo", "document", "", "", "", hexSHA([]byte("memo")), "", []byte("memo")},
	{"Memo", "document", "", "", "", strings.ToUpper(hexSHA([]byte("memo"))), "", []byte("memo")},
	{"Wrong hash", "log", "", "", "", strings.Repeat("a", 64), "", []byte("bytes")},
	{"Short hash", "log", "", "", "", "abc", "", []byte("bytes")},
	{"No file", "other", "Seen on a screen", "", "", "", "", nil},
	{"Empty file", "screenshot", "", "", "", hexSHA(nil), "", []byte{}},
	{"", "", "", "", "", "", "", []byte("x")},
	{"t", "rumour", "", "", "", "", "", []byte("x")},
	{"t", "log", "", "", "yesterday", "", "", []byte("x")},
	{"t", "log", "", "", "9999-12-31T23:59:59-12:00", "", "", []byte("x")},
	{"t", "log", "", "", "0000-01-01T00:00:00+14:00", "", "", []byte("x")},
	{"t", "log", "", "", "2999-01-01T00:00:00Z", "", "", []byte("x")},
	{"a\x00b", "log", "\x00", "\xff\xfe", "", "", "", []byte("x")},
	{"\xff", "log", "", "", "", "", "", []byte("x")},
	{strings.Repeat("t", 301), "log", "", "", "", "", "", []byte("x")},
	{"t", "log", "", "", "", "", "owner", []byte("x")},
	{"t", "log", "", "", "", "", "file", []byte("x")},
	{"t", "log", "", "", "", "", "title", []byte("x")},
	{"t", "log", "", "", "", "", "", []byte("%PDF-1.4\n")},
	{"t", "memory_dump", "", "", "", "", "", bytes.Repeat([]byte{0}, 4096)},
}

func FuzzUploadEvidence(f *testing.F) {
	for _, s := range uploadSeeds {
		f.Add(s.title, s.kind, s.description, s.source, s.collectedAt, s.sha, s.extra, s.file, s.file != nil)
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, title, kind, description, source, collectedAt, sha, extra string, file []byte, withFile bool) {
		checkUpload(t, e, uploadSeed{title, kind, description, source, collectedAt, sha, extra, file}, withFile)
	})
}

func checkUpload(t *testing.T, e *fuzzEnv, s uploadSeed, withFile bool) {
	var fields [][2]string
	for _, f := range [][2]string{{"title", s.title}, {"kind", s.kind}, {"description", s.description}, {"source", s.source},
		{"collected_at", s.collectedAt}, {"sha256", s.sha}, {s.extra, "extra"}} {
		if f[0] != "" && f[1] != "" {
			fields = append(fields, f)
		}
	}
	name := ""
	if withFile {
		name = "evidence.bin"
	}
	body, ct := formBody(fields, name, s.file)
	r := sendUpload(t, e, ct, body)
	if r.StatusCode != http.StatusCreated || !withFile {
		return
	}
	var ev apiEvidence
	r.json(&ev)
	if ev.SHA256 == nil || *ev.SHA256 != hexSHA(s.file) || ev.FileSize == nil || *ev.FileSize != int64(len(s.file)) {
		t.Fatalf("stored %+v for %d bytes with SHA-256 %s", ev, len(s.file), hexSHA(s.file))
	}
}

// sendUpload posts a multipart body to the case's evidence and checks that a
// refusal leaves nothing and a 201 adds exactly one item.
func sendUpload(t *testing.T, e *fuzzEnv, contentType string, body []byte) response {
	t.Helper()
	before, n := e.state(t), e.count(t, "evidence")
	req := e.request(t, http.MethodPost, "/api/v1/cases/"+e.vars["case"]+"/evidence", "", body, bearer(e.admin)...)
	if !sendableHeader(contentType) {
		t.Skip("not a header value")
	}
	req.Header.Set("Content-Type", contentType)
	r := exchange(t, req, http.StatusCreated, http.StatusBadRequest, http.StatusRequestEntityTooLarge,
		http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
	e.unchanged(t, before, r)
	if r.StatusCode == http.StatusCreated && e.count(t, "evidence") != n+1 {
		t.Fatalf("201, but %d items became %d", n, e.count(t, "evidence"))
	}
	return r
}

const fuzzBoundary = "fuzzboundary"

// multipartSeeds are whole upload bodies, sent with the boundary fuzzBoundary.
var multipartSeeds = []string{
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nLog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.log\"\r\nContent-Type: text/plain\r\n\r\nline\r\n" +
		"--fuzzboundary--\r\n",
	// No closing boundary.
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nLog\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog",
	// The file first, then fields; two files; a part without a name.
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nA\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nA\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n\r\nB\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--fuzzboundary--\r\n",
	// File names: a path, a NUL, not UTF-8, empty, very long.
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nA\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%00%FF.txt\r\n\r\nA\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\xff\xfe\"\r\n\r\nA\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\nA\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + strings.Repeat("n", 300) + "\"\r\n\r\nA\r\n--fuzzboundary--\r\n",
	// Encodings and headers a browser does not send.
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nT=3D=00\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n\r\nx\r\n--inner--\r\n" +
		"--fuzzboundary\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nlog\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\nContent-Disposition: form-data; name=\"title\r\n\r\nT\r\n--fuzzboundary--\r\n",
	"--fuzzboundary\r\n" + strings.Repeat("X-Header: v\r\n", 200) + "\r\n\r\n--fuzzboundary--\r\n",
	"--fuzzboundary--\r\n", "", "--", "--fuzzboundary\r\n\r\n", "garbage before\r\n--fuzzboundary--\r\n",
}

// multipartTypes are Content-Type headers sent with the multipart seeds.
var multipartTypes = []string{
	"multipart/form-data; boundary=" + fuzzBoundary, "multipart/form-data", "multipart/form-data; boundary=",
	"multipart/form-data; boundary=other", "multipart/mixed; boundary=" + fuzzBoundary, "application/json", "",
	"multipart/form-data; boundary=\"" + fuzzBoundary + "\"; charset=utf-16", "multipart/form-data; boundary=" + strings.Repeat("b", 71),
}

func FuzzUploadMultipart(f *testing.F) {
	for i, body := range multipartSeeds {
		f.Add(multipartTypes[0], []byte(body))
		if i == 0 {
			for _, ct := range multipartTypes[1:] {
				f.Add(ct, []byte(body))
			}
		}
	}
	e := newFuzzEnv(f, fuzzDialect()).withCase(f)
	f.Fuzz(func(t *testing.T, contentType string, body []byte) { checkMultipart(t, e, contentType, body) })
}

func checkMultipart(t *testing.T, e *fuzzEnv, contentType string, body []byte) {
	r := sendUpload(t, e, contentType, body)
	if r.StatusCode != http.StatusCreated {
		return
	}
	var ev apiEvidence
	r.json(&ev)
	if ev.SHA256 == nil {
		return
	}
	// The stored file is exactly the bytes of the file part: download and hash.
	dl := exchange(t, e.request(t, http.MethodGet, "/api/v1/evidence/"+ev.ID+"/content", "", nil, bearer(e.admin)...), http.StatusOK)
	sum := sha256.Sum256(dl.body)
	if hex.EncodeToString(sum[:]) != *ev.SHA256 || int64(len(dl.body)) != *ev.FileSize {
		t.Fatalf("stored %d bytes hashing %x, the item says %d bytes, %s", len(dl.body), sum, *ev.FileSize, *ev.SHA256)
	}
}
