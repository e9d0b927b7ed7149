package api_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// storedEvidence uploads content to a new case and returns the item's path
// and the stored file's path on disk.
func (s *server) storedEvidence(token string, content []byte) (path, blobPath string) {
	s.t.Helper()
	c := s.createCase(token, caseBody("Integrity case", nil))
	r := s.upload(token, c.ID, map[string]string{"title": "Disk image", "kind": "disk_image"}, "disk.img", content)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("upload: %d %s", r.StatusCode, r.body)
	}
	var ev apiEvidence
	r.json(&ev)
	sum := hexSHA(content)
	return "/api/v1/evidence/" + ev.ID, filepath.Join(s.blobDir, "sha256", sum[:2], sum[2:4], sum)
}

// integrityRecorded checks that the failed download left an integrity_failure
// custody event (with note prefix) and an audit event, and marked the item.
func (s *server) integrityRecorded(token, path, notePrefix string) {
	s.t.Helper()
	var chain struct{ Items []custodyEvent }
	s.do(http.MethodGet, path+"/custody", nil, bearer(token)...).json(&chain)
	last := chain.Items[len(chain.Items)-1]
	if last.Action != "integrity_failure" || !strings.HasPrefix(last.Note, notePrefix) {
		s.t.Fatalf("custody chain ends with %+v, want an integrity_failure noted %q", last, notePrefix)
	}
	if e := s.auditEvents(token, "evidence.integrity_failure"); len(e) != 1 {
		s.t.Fatalf("%d integrity_failure audit events, want 1", len(e))
	}
	var it apiEvidence
	s.do(http.MethodGet, path, nil, bearer(token)...).json(&it)
	if it.LastVerifiedOK == nil || *it.LastVerifiedOK {
		s.t.Fatalf("the item is not marked as failing verification: %+v", it)
	}
}

// A stored file altered on disk (same size, other bytes) is re-hashed as it
// is sent: the response is cut short before its last bytes, so the client
// sees a truncated body, and the failure is recorded.
func TestAlteredEvidenceDownloadIsCutShortAndRecorded(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		content := bytes.Repeat([]byte("original evidence bytes "), 20000) // several reads' worth
		path, blobPath := s.storedEvidence(admin, content)
		altered := bytes.Clone(content)
		altered[len(altered)-1] ^= 0xff
		if err := os.WriteFile(blobPath, altered, 0o600); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, s.url+path+"/content", nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			got, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if !errors.Is(rerr, io.ErrUnexpectedEOF) || bytes.Equal(got, altered) {
				t.Fatalf("download of altered bytes: status %d, %d of %d bytes, read error %v; want a truncated body", res.StatusCode, len(got), len(altered), rerr)
			}
		}
		s.integrityRecorded(admin, path, "MISMATCH")
		// A Range request cannot be checked as it streams: the whole file is
		// re-hashed first, and the answer is a 410 before any byte.
		s.do(http.MethodGet, path+"/content", nil, append(bearer(admin), "Range", "bytes=0-7")...).problem(t, http.StatusGone)
		// A file that changed size is caught before any byte is sent.
		if err := os.WriteFile(blobPath, []byte("shorter"), 0o600); err != nil {
			t.Fatal(err)
		}
		s.do(http.MethodGet, path+"/content", nil, bearer(admin)...).problem(t, http.StatusGone)
	})
}

// A file missing from the blob store is a 410 problem, not a bare 500, and is
// recorded as an integrity failure.
func TestMissingEvidenceFileIsAGoneProblemAndRecorded(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		path, blobPath := s.storedEvidence(admin, []byte("soon gone"))
		if err := os.Remove(blobPath); err != nil {
			t.Fatal(err)
		}
		p := s.do(http.MethodGet, path+"/content", nil, bearer(admin)...).problem(t, http.StatusGone)
		if !strings.Contains(p.Detail, "missing") {
			t.Fatalf("problem: %+v", p)
		}
		s.integrityRecorded(admin, path, "MISSING")
	})
}

// An intact file still downloads whole and in ranges, and leaves no failure.
func TestIntactEvidenceDownloadsWholeAndInRanges(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		content := bytes.Repeat([]byte("intact "), 30000)
		path, _ := s.storedEvidence(admin, content)
		if r := s.do(http.MethodGet, path+"/content", nil, bearer(admin)...); r.StatusCode != http.StatusOK || !bytes.Equal(r.body, content) {
			t.Fatalf("download: %d, %d bytes", r.StatusCode, len(r.body))
		}
		if r := s.do(http.MethodGet, path+"/content", nil, append(bearer(admin), "Range", "bytes=7-13")...); r.StatusCode != http.StatusPartialContent || string(r.body) != "intact " {
			t.Fatalf("range: %d %q", r.StatusCode, r.body)
		}
		if e := s.auditEvents(admin, "evidence.integrity_failure"); len(e) != 0 {
			t.Fatalf("%d integrity failures recorded for an intact file", len(e))
		}
	})
}
