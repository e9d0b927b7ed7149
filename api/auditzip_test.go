package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// flushRecorder notes, at each flush, how much of the body had been sent and
// whether the zip's signature was among it.
type flushRecorder struct {
	*httptest.ResponseRecorder
	sent      []int
	signature []bool
}

func (f *flushRecorder) Flush() {
	f.sent = append(f.sent, f.Body.Len())
	f.signature = append(f.signature, bytes.Contains(f.Body.Bytes(), []byte(export.SignatureName)))
	f.ResponseRecorder.Flush()
}

// The audit CSV zip is written as the events are read, not built whole first:
// the client has the zip's first bytes while events are still being read (a
// flush every 1 000 events, before SIGNATURE.json exists), and the zip
// finally verifies with every event counted in its signed chain check.
func TestAuditCSVZipIsStreamedAsItIsRead(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		for i := 0; i < 2100; i++ {
			if err := s.deps.Recorder.Record(context.Background(), audit.Entry{Action: "test.event", EntityType: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		w := &flushRecorder{ResponseRecorder: httptest.NewRecorder()}
		req := httptest.NewRequest(http.MethodGet, "/api/v1/audit/export?format=csv", nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		s.echo.ServeHTTP(w, req)
		body := w.Body.Bytes()
		if w.Code != http.StatusOK || len(w.sent) < 2 {
			t.Fatalf("status %d, flushes at %v", w.Code, w.sent)
		}
		if w.sent[0] == 0 || w.sent[0] >= len(body) || w.signature[0] || !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
			t.Fatalf("first flush after %d of %d bytes (signature sent: %t): not streamed", w.sent[0], len(body), w.signature[0])
		}
		m, err := export.VerifyZip(bytes.NewReader(body), int64(len(body)), nil)
		// harness admin + login + 2 100 events + the export's own.
		if err != nil || m.ChainCheck == nil || m.ChainCheck.Checked != 2103 {
			t.Fatalf("verify: %+v %v", m.ChainCheck, err)
		}
	})
}
