package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
)

// A JSON-lines audit export written by schema_version 1 code verifies, and the
// output says its chain check was recomputed, not read from the file.
func TestExportVerifySaysASchemaVersion1ChainCheckWasRecomputed(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)) // the fixture's key
	pub := base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))
	file := filepath.Join("..", "..", "internal", "export", "testdata", "audit-schema1.jsonl")
	var out bytes.Buffer
	args := []string{"export", "verify", "--public-key", pub, file}
	if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("%v %s", err, out.String())
	}
	for _, want := range []string{"valid: audit export (jsonl)", "chain check: valid, 3 events checked", "note: " + export.OldFormatNote} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("no %q in:\n%s", want, out.String())
		}
	}
}

// A CSV audit export's chain check is read from its signed manifest: a broken
// chain is reported, and a valid one said.
func TestExportVerifyReportsTheCSVChainCheckFromTheManifest(t *testing.T) {
	key := testKey()
	pub := base64.StdEncoding.EncodeToString(key.Public)
	e := audit.Event{Seq: 1, OccurredAt: time.Date(2026, 11, 29, 9, 30, 0, 0, time.UTC), Action: "case.create", EntityType: "case",
		Changes: json.RawMessage(`{}`), PrevHash: audit.GenesisHash}
	e.Hash = e.ComputeHash()
	altered := e
	altered.Action = "case.delete"
	for name, c := range map[string]struct {
		event audit.Event
		want  string
		err   error
	}{
		"valid":  {e, "chain check: valid, 1 event checked", nil},
		"broken": {altered, "NOT VALID: audit chain: the signature holds, but the exported events do not verify: first bad seq 1", errExportInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			var body bytes.Buffer
			s, err := export.NewAuditStream(&body, "csv")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Write(c.event); err != nil {
				t.Fatal(err)
			}
			signed, _, err := s.Close(key, export.Manifest{Kind: "audit", Format: "csv", ExportedAt: time.Now(), SchemaVersion: export.SchemaVersion})
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "audit.csv")
			writeFile(t, file, body.Bytes())
			writeFile(t, file+".sig", signed.SignatureFile())
			var out bytes.Buffer
			args := []string{"export", "verify", "--public-key", pub, file}
			if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); !errors.Is(err, c.err) || !strings.Contains(out.String(), c.want) {
				t.Fatalf("err = %v; no %q in:\n%s", err, c.want, out.String())
			}
		})
	}
}

// The audit log as a CSV zip verifies alone (SIGNATURE.json inside, no
// SIGFILE), and the output names its file and its signed chain check; a
// broken chain is reported in one line, and a signature file given with it
// is a usage error.
func TestExportVerifyChecksAnAuditZipAlone(t *testing.T) {
	key := testKey()
	e := audit.Event{Seq: 1, OccurredAt: time.Date(2026, 11, 29, 9, 30, 0, 0, time.UTC), Action: "case.create", EntityType: "case",
		Changes: json.RawMessage(`{}`), PrevHash: audit.GenesisHash}
	e.Hash = e.ComputeHash()
	altered := e
	altered.Action = "case.delete"
	m := export.Manifest{Kind: "audit", Format: "csv", Filters: map[string]string{"action": "case.create"}, ExportedAt: time.Now(),
		ExporterEmail: "ann@example.org", ExporterName: "Ann Example", SchemaVersion: export.SchemaVersion}
	for name, c := range map[string]struct {
		event audit.Event
		want  []string
		err   error
	}{
		"valid": {e, []string{"valid: audit export (csv) of the audit log (action case.create)", "files: audit_events.csv",
			"chain check: valid, 1 event checked", "fingerprint " + export.Fingerprint(key.Public)}, nil},
		"broken": {altered, []string{"NOT VALID: audit chain: the signature holds, but the exported events do not verify: first bad seq 1"}, errExportInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			var body bytes.Buffer
			s, err := export.NewAuditZip(&body, m.ExportedAt)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Write(c.event); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Close(key, m); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "caseward-audit-20261129T093000Z.zip")
			writeFile(t, file, body.Bytes())
			var out bytes.Buffer
			err = run(context.Background(), []string{"export", "verify", file}, noEnv, nil, &out, io.Discard)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v:\n%s", err, out.String())
			}
			for _, want := range c.want {
				if !strings.Contains(out.String(), want) {
					t.Fatalf("no %q in:\n%s", want, out.String())
				}
			}
			if c.err != nil && strings.Count(out.String(), "\n") != 1 {
				t.Fatalf("not one line:\n%s", out.String())
			}
		})
	}
	var body bytes.Buffer
	s, _ := export.NewAuditZip(&body, m.ExportedAt)
	if err := s.Write(e); err != nil {
		t.Fatal(err)
	}
	signed, _, _ := s.Close(key, m)
	dir := t.TempDir()
	file := filepath.Join(dir, "a.zip")
	writeFile(t, file, body.Bytes())
	writeFile(t, file+".sig", signed.SignatureFile())
	var usage usageError
	if err := run(context.Background(), []string{"export", "verify", file, file + ".sig"}, noEnv, nil, io.Discard, io.Discard); !errors.As(err, &usage) {
		t.Fatalf("an audit zip with a signature file: %v", err)
	}
}
