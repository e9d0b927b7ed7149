package export_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
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

	now := fixedTime.Add(time.Hour).Truncate(time.Second)
	c := export.Case{SchemaVersion: export.SchemaVersion, ExportedAt: now, Exporter: export.Person{ID: actor, Email: "ann<&>@example.org"},
		CasewardVersion: "test", Case: gen.Case{Id: uuid.MustParse(caseID), Reference: "INC-2026-0001", Title: "Suspicious logins"}}
	for _, e := range x.events {
		c.AuditEvents = append(c.AuditEvents, gen.AuditEvent{Seq: e.Seq, OccurredAt: e.OccurredAt, Action: e.Action,
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

// auditJSONLines streams events as the audit export does.
func auditJSONLines(t testing.TB, key export.Key, events []audit.Event) []byte {
	t.Helper()
	var out bytes.Buffer
	s, err := export.NewAuditStream(&out, "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := s.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	m := export.Manifest{Kind: "audit", Format: "jsonl", Filters: map[string]string{"from": "2026-01-01T00:00:00Z"}, ExportedAt: fixedTime.Add(time.Hour),
		ExporterID: "01936f6e-0000-7000-8000-000000000001", ExporterEmail: "ann@example.org", CasewardVersion: "test",
		SchemaVersion: export.SchemaVersion}
	if _, _, err := s.Close(key, m); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
