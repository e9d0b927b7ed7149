package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/export"
)

// testKey is an export key that no database holds.
func testKey() export.Key {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	return export.Key{ID: "export-1", Private: priv, Public: priv.Public().(ed25519.PublicKey)}
}

func writeBundle(t *testing.T, key export.Key) string {
	t.Helper()
	body, _, err := export.JSON(key, export.Manifest{Kind: "case", Format: "json", CaseReference: "INC-2026-0001", ExportedAt: time.Now(), SchemaVersion: export.SchemaVersion},
		export.Content{Case: export.CaseJSON{Reference: "INC-2026-0001", Title: "Suspicious logins"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "INC-2026-0001.json")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot lists a folder's files with their sizes, times and hashes.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var out strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		fmt.Fprintf(&out, "%s %d %s %x\n", path, info.Size(), info.ModTime(), sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestExportVerifyCreatesNothingWhenTheDataFolderIsMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	ctx := context.Background()
	garbage := filepath.Join(t.TempDir(), "garbage.jsonl")
	os.WriteFile(garbage, []byte("not an export\n"), 0o600)
	for name, file := range map[string]string{"an export": writeBundle(t, testKey()), "not an export": garbage} {
		var out bytes.Buffer
		err := run(ctx, []string{"export", "verify", "--data-dir", missing, file}, noEnv, nil, &out, io.Discard)
		if err == nil {
			t.Fatalf("%s: verified without a key: %s", name, out.String())
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s: the missing data folder was created (%v); output %s", name, err, out.String())
		}
		if name == "an export" && !strings.Contains(out.String(), "CANNOT VERIFY: the export names key \"export-1\", and there is no Caseward database at "+missing) {
			t.Fatalf("%s: output %s", name, out.String())
		}
	}
}

func TestExportVerifyReadsTheInstallationsKeysAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	key := installationExportKey(t, dir)
	file := writeBundle(t, key)
	before := snapshot(t, dir)
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "verify", "--data-dir", dir, file}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("valid export refused: %v %s", err, out.String())
	}
	if after := snapshot(t, dir); after != before {
		t.Fatalf("verifying changed the data folder:\nbefore\n%s\nafter\n%s", before, after)
	}
	out.Reset()
	err := run(ctx, []string{"export", "verify", "--data-dir", dir, writeBundle(t, testKey())}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errExportInvalid) || !strings.Contains(out.String(), "NOT VALID: "+export.ErrBadSignature.Error()) {
		t.Fatalf("an export signed by another key: %v %s", err, out.String())
	}
}

// A CSV or PDF export is checked with the signature file the web app saves
// beside it, and a key file, without any database.
func TestExportVerifyWithAKeyFileAndASignatureFile(t *testing.T) {
	key := testKey()
	dir := t.TempDir()
	body := []byte("%PDF-1.7 a report\n")
	signed, err := export.Sign(key, export.Manifest{Kind: "case", Format: "pdf", CaseReference: "INC-2026-0001", ExportedAt: time.Now(), SchemaVersion: export.SchemaVersion}, body)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "INC-2026-0001.pdf")
	os.WriteFile(file, body, 0o600)
	envelope, _ := json.MarshalIndent(map[string]string{"manifest_base64": base64.StdEncoding.EncodeToString(signed.Bytes),
		"signature_base64": base64.StdEncoding.EncodeToString(signed.Signature), "key_id": key.ID}, "", "  ")
	os.WriteFile(file+".signature.json", append(envelope, '\n'), 0o600)
	der, _ := x509.MarshalPKIXPublicKey(key.Public)
	pemFile := filepath.Join(dir, "key.pem")
	os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600)
	missing := filepath.Join(dir, "no-data")

	var out bytes.Buffer
	args := []string{"export", "verify", "--data-dir", missing, "--public-key", pemFile, file}
	if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "valid: case export (pdf)") {
		t.Fatalf("%v %s", err, out.String())
	}
	os.WriteFile(file, []byte("%PDF-1.7 a rep0rt\n"), 0o600)
	out.Reset()
	if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); !errors.Is(err, errExportInvalid) || !strings.Contains(out.String(), "NOT VALID") {
		t.Fatalf("changed file: %v %s", err, out.String())
	}
	os.WriteFile(file, body, 0o600)
	os.WriteFile(file+".signature.json", bytes.Replace(envelope, []byte(`"key_id"`), []byte(`"Key_id": "x",`+"\n"+`  "key_id"`), 1), 0o600)
	out.Reset()
	if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); !errors.Is(err, errExportInvalid) || !strings.Contains(out.String(), "appears twice") {
		t.Fatalf("signature file with a repeated member: %v %s", err, out.String())
	}
	os.Remove(file + ".signature.json")
	out.Reset()
	if err := run(context.Background(), args, noEnv, nil, &out, io.Discard); !errors.Is(err, errExportInvalid) ||
		!strings.Contains(out.String(), "put INC-2026-0001.pdf.signature.json beside it") {
		t.Fatalf("without its signature: %v %s", err, out.String())
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the data folder was created: %v", err)
	}
}
