package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiEvidence struct {
	ID             string  `json:"id"`
	Title          string  `json:"title"`
	Kind           string  `json:"kind"`
	FileName       *string `json:"file_name"`
	FileSize       *int64  `json:"file_size"`
	SHA256         *string `json:"sha256"`
	ContentType    *string `json:"content_type"`
	LastVerifiedOK *bool   `json:"last_verified_ok"`
	Version        int     `json:"version"`
}

type custodyEvent struct {
	Action    string `json:"action"`
	FromParty string `json:"from_party"`
	ToParty   string `json:"to_party"`
	TimeZone  string `json:"time_zone"`
	Note      string `json:"note"`
}

// multipartBody builds an upload: fields first, then the file.
func multipartBody(t *testing.T, fields map[string]string, fileName string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := w.CreateFormFile("file", fileName)
		if err == nil {
			_, err = fw.Write(content)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, w.FormDataContentType()
}

func (s *server) upload(token, caseID string, fields map[string]string, fileName string, content []byte) response {
	s.t.Helper()
	body, ct := multipartBody(s.t, fields, fileName, content)
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/v1/cases/"+caseID+"/evidence", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, body: b}
}

// blobFiles lists every file in the blob store, temporary ones included.
func (s *server) blobFiles() []string {
	var files []string
	// The callback never fails: unreadable entries are not listed.
	_ = filepath.WalkDir(s.blobDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, strings.TrimPrefix(path, s.blobDir))
		}
		return nil
	})
	return files
}

func (s *server) evidenceCount(token, caseID string) int {
	var l struct{ Items []apiEvidence }
	s.do(http.MethodGet, "/api/v1/cases/"+caseID+"/evidence", nil, bearer(token)...).json(&l)
	return len(l.Items)
}

func hexSHA(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestEvidenceUploadHashesDownloadsAndVerifies(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Evidence case", nil))
		content := []byte("%PDF-1.4\nfirewall export of the night of the incident\n" + strings.Repeat("x", 70000))
		r := s.upload(admin, c.ID, map[string]string{"title": "Firewall log", "kind": "log", "source": "edge-fw-01", "sha256": hexSHA(content)}, "fw.log", content)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.StatusCode, r.body)
		}
		var ev apiEvidence
		r.json(&ev)
		if *ev.SHA256 != hexSHA(content) || *ev.FileSize != int64(len(content)) || *ev.FileName != "fw.log" || *ev.ContentType != "application/pdf" {
			t.Fatalf("evidence: %+v", ev)
		}
		if files := s.blobFiles(); len(files) != 1 || !strings.HasSuffix(files[0], hexSHA(content)) {
			t.Fatalf("blob store holds %v", files)
		}

		path := "/api/v1/evidence/" + ev.ID
		dl := s.do(http.MethodGet, path+"/content?purpose=analysis", nil, bearer(admin)...)
		if dl.StatusCode != http.StatusOK || !bytes.Equal(dl.body, content) {
			t.Fatalf("download: %d, %d bytes", dl.StatusCode, len(dl.body))
		}
		sum := sha256.Sum256(content)
		for h, want := range map[string]string{
			"X-Content-SHA256": hexSHA(content), "Digest": "sha-256=" + base64.StdEncoding.EncodeToString(sum[:]),
			"Content-Disposition": `attachment; filename=fw.log`, "X-Content-Type-Options": "nosniff", "Content-Type": "application/octet-stream",
		} {
			if got := dl.Header.Get(h); got != want {
				t.Errorf("%s = %q, want %q", h, got, want)
			}
		}
		part := s.do(http.MethodGet, path+"/content", nil, append(bearer(admin), "Range", "bytes=0-7")...)
		if part.StatusCode != http.StatusPartialContent || string(part.body) != "%PDF-1.4" {
			t.Fatalf("range: %d %q", part.StatusCode, part.body)
		}

		var v struct {
			OK     bool   `json:"ok"`
			Actual string `json:"actual_sha256"`
		}
		s.do(http.MethodPost, path+"/verify", nil, bearer(admin)...).json(&v)
		if !v.OK {
			t.Fatalf("verify of an intact file: %+v", v)
		}
		// Someone alters the stored bytes behind Caseward's back: verify says so.
		blobPath := filepath.Join(s.blobDir, s.blobFiles()[0])
		if err := os.WriteFile(blobPath, []byte("tampered"), 0o600); err != nil {
			t.Fatal(err)
		}
		s.do(http.MethodPost, path+"/verify", nil, bearer(admin)...).json(&v)
		if v.OK || v.Actual != hexSHA([]byte("tampered")) {
			t.Fatalf("verify of an altered file: %+v", v)
		}
		var got apiEvidence
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&got)
		if got.LastVerifiedOK == nil || *got.LastVerifiedOK {
			t.Fatalf("last verification not recorded as failed: %+v", got)
		}

		var chain struct{ Items []custodyEvent }
		s.do(http.MethodGet, path+"/custody", nil, bearer(admin)...).json(&chain)
		var actions []string
		for _, e := range chain.Items {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "collected,accessed,accessed,verified,verified" || !strings.HasPrefix(chain.Items[4].Note, "MISMATCH") {
			t.Fatalf("custody chain: %v", chain.Items)
		}
		if e := s.auditEvents(admin, "evidence.download"); len(e) != 2 {
			t.Fatalf("%d download audit events, want 2", len(e))
		}
	})
}

func TestRefusedUploadsKeepNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Evidence case", nil))
		content := []byte("some capture bytes")
		cases := []struct {
			name   string
			fields map[string]string
			body   []byte
			status int
		}{
			{"hash mismatch", map[string]string{"title": "t", "kind": "log", "sha256": strings.Repeat("a", 64)}, content, http.StatusUnprocessableEntity},
			{"bad kind", map[string]string{"title": "t", "kind": "rumour"}, content, http.StatusUnprocessableEntity},
			{"no title", map[string]string{"kind": "log"}, content, http.StatusUnprocessableEntity},
			{"unknown field", map[string]string{"title": "t", "kind": "log", "owner": "me"}, content, http.StatusBadRequest},
			{"too large", map[string]string{"title": "t", "kind": "disk_image"}, bytes.Repeat([]byte{1}, testMaxUpload+1), http.StatusRequestEntityTooLarge},
		}
		for _, tc := range cases {
			r := s.upload(admin, c.ID, tc.fields, "f.bin", tc.body)
			r.problem(t, tc.status)
			if files := s.blobFiles(); len(files) != 0 {
				t.Fatalf("%s: files left behind: %v", tc.name, files)
			}
		}
		if n := s.evidenceCount(admin, c.ID); n != 0 {
			t.Fatalf("%d items exist after only refusals", n)
		}
	})
}

func TestAbortedUploadLeavesNoRowAndNoFile(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	admin := s.signIn().AccessToken
	c := s.createCase(admin, caseBody("Evidence case", nil))
	body, ct := multipartBody(t, map[string]string{"title": "Disk image", "kind": "disk_image"}, "disk.img", bytes.Repeat([]byte{7}, 512<<10))
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	half := body.Bytes()[:body.Len()/2]
	head := "POST /api/v1/cases/" + c.ID + "/evidence HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin +
		"\r\nContent-Type: " + ct + "\r\nContent-Length: " + strconv.Itoa(body.Len()) + "\r\n\r\n"
	if _, err := conn.Write(append([]byte(head), half...)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the server is streaming the file now
	conn.Close()                       // the client goes away mid-upload
	deadline := time.Now().Add(5 * time.Second)
	for len(s.blobFiles()) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if files := s.blobFiles(); len(files) != 0 {
		t.Fatalf("files left after an aborted upload: %v", files)
	}
	if n := s.evidenceCount(admin, c.ID); n != 0 {
		t.Fatalf("%d items after an aborted upload", n)
	}
}

func TestCustodyRecordsHandOversWithTheirTimeZone(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Evidence case", nil))
		var ev apiEvidence
		s.upload(admin, c.ID, map[string]string{"title": "Laptop image", "kind": "disk_image", "collected_at": ago(2 * time.Hour)}, "laptop.img", []byte("image")).json(&ev)
		path := "/api/v1/evidence/" + ev.ID + "/custody"
		r := s.do(http.MethodPost, path, map[string]any{"action": "transferred", "from_party": "Ann (IR team)", "to_party": "Forensics Ltd courier",
			"location": "Leeds office", "purpose": "disk analysis", "time_zone": "Europe/London", "occurred_at": ago(time.Hour)}, bearer(admin)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("record: %d %s", r.StatusCode, r.body)
		}
		for _, bad := range []map[string]any{
			{"action": "transferred", "from_party": "Ann"},
			{"action": "collected"},
			{"action": "analysed", "time_zone": "Mars/Olympus"},
			{"action": "analysed", "occurred_at": ago(-24 * time.Hour)},
			{"action": "analysed", "occurred_at": ago(3 * time.Hour)},
		} {
			s.do(http.MethodPost, path, bad, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
		}
		var chain struct{ Items []custodyEvent }
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&chain)
		if len(chain.Items) != 2 || chain.Items[0].Action != "collected" || chain.Items[1].TimeZone != "Europe/London" || chain.Items[1].ToParty != "Forensics Ltd courier" {
			t.Fatalf("chain: %+v", chain.Items)
		}
	})
}

// A hand-over names every field at fault at once, each on its own field: both
// missing parties and a time before the item was collected.
func TestAHandOverNamesEveryInvalidFieldAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		c := s.createCase(admin, caseBody("Evidence case", nil))
		var ev apiEvidence
		s.upload(admin, c.ID, map[string]string{"title": "Laptop image", "kind": "disk_image", "collected_at": ago(2 * time.Hour)}, "laptop.img", []byte("image")).json(&ev)
		path := "/api/v1/evidence/" + ev.ID + "/custody"
		r := s.do(http.MethodPost, path, map[string]any{"action": "transferred", "occurred_at": ago(3 * time.Hour), "time_zone": "Mars/Olympus"}, bearer(admin)...)
		got := fieldsOf(t, r)
		for field, want := range map[string]string{
			"from_party":  "Handed over by is required for a transfer.",
			"to_party":    "Received by is required for a transfer.",
			"occurred_at": "Time is before the item was collected.",
			"time_zone":   "Time zone must be an IANA zone such as Europe/London or an offset such as +01:00.",
		} {
			if got[field] != want {
				t.Errorf("%s: %q, want %q (%s)", field, got[field], want, r.body)
			}
		}
		if len(got) != 4 {
			t.Errorf("%d fields named, want 4: %s", len(got), r.body)
		}
		var chain struct{ Items []custodyEvent }
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&chain)
		if len(chain.Items) != 1 {
			t.Fatalf("%d custody events after a refusal, want the collection only", len(chain.Items))
		}
	})
}

func TestEvidenceFollowsNeedToKnow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		clinical := s.createDepartment(admin, "Clinical Systems")
		pw := "a long enough password"
		s.createUser(admin, map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head", "department_id": clinical.ID, "password": pw})
		s.createUser(admin, map[string]any{"email": "rita@example.org", "name": "Rita", "role": "responder", "password": pw})
		var head, rita tokens
		s.login("head@example.org", pw).json(&head)
		s.login("rita@example.org", pw).json(&rita)
		theirs := s.createCase(admin, caseBody("Clinical case", map[string]any{"department_id": clinical.ID}))
		secret := s.createCase(admin, caseBody("Restricted case", map[string]any{"restricted": true}))
		var ev, hidden apiEvidence
		s.upload(admin, theirs.ID, map[string]string{"title": "Screenshot", "kind": "screenshot"}, "s.png", []byte("png")).json(&ev)
		s.upload(admin, secret.ID, map[string]string{"title": "Memo", "kind": "document"}, "m.txt", []byte("memo")).json(&hidden)

		if r := s.do(http.MethodGet, "/api/v1/evidence/"+ev.ID, nil, bearer(head.AccessToken)...); r.StatusCode != http.StatusOK {
			t.Fatalf("head reads metadata of their case: %d", r.StatusCode)
		}
		s.do(http.MethodGet, "/api/v1/evidence/"+ev.ID+"/content", nil, bearer(head.AccessToken)...).problem(t, http.StatusForbidden)
		for _, path := range []string{"", "/content", "/custody"} {
			s.do(http.MethodGet, "/api/v1/evidence/"+hidden.ID+path, nil, bearer(rita.AccessToken)...).problem(t, http.StatusNotFound)
		}
		s.do(http.MethodPost, "/api/v1/evidence/"+hidden.ID+"/verify", nil, bearer(rita.AccessToken)...).problem(t, http.StatusNotFound)
		s.upload(rita.AccessToken, secret.ID, map[string]string{"title": "x", "kind": "log"}, "x", []byte("x")).problem(t, http.StatusNotFound)
	})
}
