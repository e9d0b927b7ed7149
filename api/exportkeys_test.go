package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// /export-keys publishes each key's fingerprint, and every export names the
// same: in its manifest (with the public key), its headers or trailers, and
// with the exporter's name.
func TestExportsCarryThePublishedKeyFingerprint(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s, admin, kase := exportFixture(t, db)
		var keys struct {
			Items []struct {
				ID          string `json:"id"`
				PublicKey   string `json:"public_key"`
				Fingerprint string `json:"fingerprint"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/export-keys", nil, bearer(admin)...).json(&keys)
		if len(keys.Items) != 1 {
			t.Fatalf("keys: %+v", keys)
		}
		key := keys.Items[0]
		raw, _ := base64.StdEncoding.DecodeString(key.PublicKey)
		sum := sha256.Sum256(raw)
		if len(raw) != 32 || key.Fingerprint != hex.EncodeToString(sum[:]) {
			t.Fatalf("fingerprint %q is not the SHA-256 of %q", key.Fingerprint, key.PublicKey)
		}

		r := s.do(http.MethodGet, "/api/v1/cases/"+kase.ID+"/export?format=pdf", nil, bearer(admin)...)
		mb, _ := detached(t, r)
		var m export.Manifest
		if err := json.Unmarshal(mb, &m); err != nil || r.Header.Get("X-Caseward-Key-Fingerprint") != key.Fingerprint ||
			m.KeyFingerprint != key.Fingerprint || m.PublicKey != key.PublicKey || m.SchemaVersion != 4 {
			t.Fatalf("case export: header %q, manifest %s (%v)", r.Header.Get("X-Caseward-Key-Fingerprint"), mb, err)
		}

		csv := s.do(http.MethodGet, "/api/v1/audit/export?format=csv", nil, bearer(admin)...)
		m, err := export.VerifyZip(bytes.NewReader(csv.body), int64(len(csv.body)), nil)
		if err != nil || csv.Trailer.Get("X-Caseward-Key-Fingerprint") != key.Fingerprint || csv.Trailer.Get("X-Caseward-Key-Id") != key.ID ||
			m.KeyFingerprint != key.Fingerprint || m.PublicKey != key.PublicKey || m.ExporterName != "Ada Admin" {
			t.Fatalf("the audit CSV zip with the key its manifest carries: %+v (%v); trailers %v", m, err, csv.Trailer)
		}
	})
}
