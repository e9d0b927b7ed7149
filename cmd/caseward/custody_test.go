package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// `caseward evidence verify-all` cross-checks the chain of custody against
// the audit trail: a custody row deleted behind Caseward's back (its trigger
// dropped first) fails the command, although `audit verify` still passes.
func TestEvidenceVerifyAllReportsCustodyDeletedBehindCaseward(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--cases", "60", "--data-dir", dir, "--log-level", "error"}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if err := run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("verify-all after seeding: %v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`[1-9]\d* custody events checked against the audit trail, 0 problems`).MatchString(out.String()) {
		t.Fatalf("output: %s", out.String())
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "caseward.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TRIGGER custody_events_no_delete", "DELETE FROM custody_events WHERE id = (SELECT min(id) FROM custody_events)"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("audit verify: %v", err)
	}
	out.Reset()
	err = run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errEvidenceProblems) || !strings.Contains(out.String(), "MISSING: custody events it sealed are gone") ||
		!strings.Contains(out.String(), "1 sealed, 0 found") {
		t.Fatalf("err %v, output:\n%s", err, out.String())
	}
}

// `caseward evidence verify-all` also cross-checks each item's file against
// the audit trail: an evidence row pointed at another stored file with a
// plain UPDATE (the evidence table is not append-only) downloads and re-hashes
// as intact, so only that cross-check fails the command.
func TestEvidenceVerifyAllReportsEvidenceRowPointedAtAnotherFile(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	if err := run(ctx, []string{"seed", "--cases", "60", "--data-dir", dir, "--log-level", "error"}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("verify-all after seeding: %v\n%s", err, out.String())
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "caseward.db"))
	if err != nil {
		t.Fatal(err)
	}
	var victim, other string
	if err := raw.QueryRow(`SELECT min(id), max(id) FROM evidence WHERE storage_key IS NOT NULL`).Scan(&victim, &other); err != nil || victim == other {
		t.Fatalf("two items with files: %q %q, %v", victim, other, err)
	}
	if _, err := raw.Exec(`UPDATE evidence SET sha256 = o.sha256, storage_key = o.storage_key, file_size = o.file_size
		FROM (SELECT sha256, storage_key, file_size FROM evidence WHERE id = ?) AS o WHERE evidence.id = ?`, other, victim); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out.Reset()
	err = run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errEvidenceProblems) || !strings.Contains(out.String(), "evidence "+victim+"  RECORD ALTERED") {
		t.Fatalf("err %v, output:\n%s", err, out.String())
	}
}

// `caseward evidence verify-all` pointed at a folder with no installation
// (a mistyped --data-dir) fails and creates nothing; it used to create and
// migrate an empty database there and report it clean.
func TestEvidenceVerifyAllOnAMissingInstallationCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not-here")
	var out bytes.Buffer
	err := run(context.Background(), []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no Caseward database") {
		t.Fatalf("err %v, output:\n%s", err, out.String())
	}
	if _, statErr := os.Stat(dir); !errors.Is(statErr, os.ErrNotExist) {
		t.Fatalf("the folder was created: %v", statErr)
	}
}
