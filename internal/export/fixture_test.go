package export_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// exports are real exports, made as Caseward makes them: audit events chained
// and stored by the store, read back in order, streamed and signed by the
// export code. They are the same bytes in every process (fixed times, a key
// from a fixed seed), so that a fuzzer's workers agree on what the original is.
type exports struct {
	key    export.Key
	keyFor export.KeyLookup
	events []audit.Event
	bundle []byte // a case as a JSON bundle
	jsonl  []byte // the audit log as JSON lines
	v1     []byte // the audit log as JSON lines of schema_version 1
	csv    []byte // the audit log as CSV
	csvSig export.Signed
}

var fixedTime = time.Date(2026, 11, 29, 9, 30, 0, 123456000, time.UTC)

func makeExports(t testing.TB) exports {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t, store.SQLite)
	key := export.Key{ID: "export-1", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))}
	key.Public = key.Private.Public().(ed25519.PublicKey)
	caseID := "01936f6e-0000-7000-8000-0000000000aa"
	actor := "01936f6e-0000-7000-8000-000000000001"
	for i, e := range []audit.Event{
		{ActorID: actor, ActorEmail: "ann<&>@example.org", Action: "case.create", EntityType: "case", EntityID: caseID, CaseID: caseID,
			RequestID: "req-1", IP: "192.0.2.7", Changes: json.RawMessage(`{"title":[null,"Suspicious logins"]}`)},
		{ActorID: actor, ActorEmail: "ann<&>@example.org", Action: "case.update", EntityType: "case", EntityID: caseID, CaseID: caseID,
			RequestID: "req-2", IP: "192.0.2.7", Changes: json.RawMessage(`{"severity":["high","critical"]}`)},
		{ActorEmail: "mallory@example.org", Action: "auth.login_failed", EntityType: "user"},
	} {
		e.OccurredAt = fixedTime.Add(time.Duration(i) * time.Minute)
		if err := db.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	x := exports{key: key, keyFor: func(id string) (ed25519.PublicKey, error) {
		if id != key.ID {
			return nil, errors.New("unknown key")
		}
		return key.Public, nil
	}}
	if err := audit.NewService(db).Each(ctx, audit.Filter{}, func(e audit.Event) error {
		x.events = append(x.events, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	x.jsonl = auditJSONLines(t, key, x.events)
	x.v1 = auditJSONLinesV1(t, key, x.events)
	x.csv, x.csvSig = auditCSV(t, key, x.events)

	now := fixedTime.Add(time.Hour).Truncate(time.Second)
	c := export.Content{SchemaVersion: export.SchemaVersion, ExportedAt: now, Exporter: export.Person{ID: actor, Email: "ann<&>@example.org"},
		CasewardVersion: "test", Case: export.CaseJSON{ID: uuid.MustParse(caseID), Reference: "INC-2026-0001", Title: "Suspicious logins"}}
	for _, e := range x.events {
		c.AuditEvents = append(c.AuditEvents, export.AuditEventJSON{Seq: e.Seq, OccurredAt: e.OccurredAt, Action: e.Action,
			EntityType: e.EntityType, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	m := export.Manifest{Kind: "case", Format: "json", CaseID: caseID, CaseReference: "INC-2026-0001", ExportedAt: now,
		ExporterID: actor, ExporterEmail: "ann<&>@example.org", CasewardVersion: "test", SchemaVersion: export.SchemaVersion}
	var err error
	if x.bundle, _, err = export.JSON(key, m, c); err != nil {
		t.Fatal(err)
	}
	return x
}

// auditManifest is the manifest of the fixtures' audit exports.
func auditManifest(format string, version int) export.Manifest {
	return export.Manifest{Kind: "audit", Format: format, Filters: map[string]string{"from": "2026-01-01T00:00:00Z"}, ExportedAt: fixedTime.Add(time.Hour),
		ExporterID: "01936f6e-0000-7000-8000-000000000001", ExporterEmail: "ann@example.org", CasewardVersion: "test",
		SchemaVersion: version}
}

// auditJSONLines streams events as the audit export does.
func auditJSONLines(t testing.TB, key export.Key, events []audit.Event) []byte {
	out, _ := auditStream(t, key, events, "jsonl")
	return out
}

// auditCSV streams events as the CSV audit export did before the zip: the
// manifest and signature go beside the file (in HTTP trailers, or a .sig).
func auditCSV(t testing.TB, key export.Key, events []audit.Event) ([]byte, export.Signed) {
	return auditStream(t, key, events, "csv")
}

func auditStream(t testing.TB, key export.Key, events []audit.Event, format string) ([]byte, export.Signed) {
	t.Helper()
	var out bytes.Buffer
	s, err := export.NewAuditStream(&out, format)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := s.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	signed, _, err := s.Close(key, auditManifest(format, export.SchemaVersion))
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), signed
}

// auditJSONLinesV1 writes events as the JSON-lines audit export of
// schema_version 1 did (before commit 2db8f7a): the event lines, then one last
// line {"chain_check","manifest","signature"} whose manifest's sha256 covers
// the event lines only; the chain check is computed as that writer did.
func auditJSONLinesV1(t testing.TB, key export.Key, events []audit.Event) []byte {
	t.Helper()
	return oldLayoutLines(t, key, events, 1)
}

// oldLayoutLines is auditJSONLinesV1 with a manifest of schema_version version.
func oldLayoutLines(t testing.TB, key export.Key, events []audit.Event, version int) []byte {
	t.Helper()
	var lines []byte
	for _, e := range events {
		lines = audit.AppendJSONLine(lines, e)
	}
	check := export.ChainCheck{Valid: true}
	var prev audit.Event
	for _, e := range events {
		ok := e.ComputeHash() == e.Hash && (prev.Seq == 0 || e.Seq != prev.Seq+1 || e.PrevHash == prev.Hash) &&
			(e.Seq != 1 || e.PrevHash == audit.GenesisHash)
		if !ok {
			seq := e.Seq
			check.Valid, check.FirstInvalidSeq = false, &seq
			break
		}
		check.Checked++
		prev = e
	}
	signed, err := export.Sign(key, auditManifest("jsonl", version), lines)
	if err != nil {
		t.Fatal(err)
	}
	trailer := struct {
		ChainCheck export.ChainCheck `json:"chain_check"`
		Manifest   json.RawMessage   `json:"manifest"`
		Signature  string            `json:"signature"`
	}{check, signed.Bytes, base64.StdEncoding.EncodeToString(signed.Signature)}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf) // ends the line with its newline
	enc.SetEscapeHTML(false)
	if err := enc.Encode(trailer); err != nil {
		t.Fatal(err)
	}
	return append(lines, buf.Bytes()...)
}

// auditZip streams events as the CSV audit export does: a signed zip of
// audit_events.csv and SIGNATURE.json.
func auditZip(t testing.TB, key export.Key, events []audit.Event) ([]byte, export.Signed) {
	t.Helper()
	var out bytes.Buffer
	m := auditManifest("csv", export.SchemaVersion)
	s, err := export.NewAuditZip(&out, m.ExportedAt)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := s.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	signed, _, err := s.Close(key, m)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), signed
}
