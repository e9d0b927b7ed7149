package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// chronologyCase opens a case with one evidence item, as the admin.
func chronologyCase(t *testing.T, db *store.DB, ctx context.Context, cs *cases.Service, title string) (cases.Case, uuid.UUID) {
	t.Helper()
	c := newCase(t, cs, ctx, title)
	it := evidence.Item{ID: uuid.New(), CaseID: c.ID, Title: title + " logs", Kind: "log", CollectedAt: c.AwareAt, CollectedByID: identity.From(ctx).UserID}
	if err := db.CreateEvidence(ctx, it); err != nil {
		t.Fatal(err)
	}
	return c, it.ID
}

// The story reads by occurred_at, then recorded_at, whatever order it was
// written in; links to evidence come back with each entry, and a case's
// chronology is only its own.
func TestChronologyReadsInTheStorysOrderWithItsEvidence(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, svc := cases.NewService(db, rec), chronology.NewService(db, rec)
		c, ev := chronologyCase(t, db, ctx, cs, "Ransomware on the file server")
		other, _ := chronologyCase(t, db, ctx, cs, "Another case")
		now := time.Now().UTC()
		add := func(caseID uuid.UUID, occurred time.Time, body string, ids ...uuid.UUID) chronology.Entry {
			e, err := svc.Add(ctx, caseID, chronology.Draft{Kind: chronology.Containment, OccurredAt: occurred, Body: body, EvidenceIDs: ids})
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		late := add(c.ID, now.Add(-30*time.Minute), "Shares taken offline")
		early := add(c.ID, now.Add(-72*time.Hour), "First encrypted file", ev)
		same := add(c.ID, now.Add(-30*time.Minute), "Backups checked") // same occurred_at, recorded later
		add(other.ID, now.Add(-100*time.Hour), "Elsewhere")
		got, err := svc.List(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, e := range got {
			order = append(order, e.Body)
		}
		if fmt.Sprint(order) != "[First encrypted file Shares taken offline Backups checked]" {
			t.Fatalf("order %q", order)
		}
		if len(got[0].EvidenceIDs) != 1 || got[0].EvidenceIDs[0] != ev || len(got[1].EvidenceIDs) != 0 {
			t.Errorf("evidence links %v %v", got[0].EvidenceIDs, got[1].EvidenceIDs)
		}
		if !got[0].Backdated() || got[1].Backdated() || got[0].ID != early.ID || got[1].ID != late.ID || got[2].ID != same.ID {
			t.Errorf("backdated %v %v", got[0].Backdated(), got[1].Backdated())
		}
		if !got[0].OccurredAt.Equal(early.OccurredAt) || got[0].OccurredAt.Location() != time.UTC {
			t.Errorf("occurred_at %v, want %v in UTC", got[0].OccurredAt, early.OccurredAt)
		}
	})
}

// An entry is corrected in place and retracted, never deleted: the database
// itself refuses a DELETE, and a stale version changes nothing.
func TestChronologyEntriesAreKeptAndVersioned(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, svc := cases.NewService(db, rec), chronology.NewService(db, rec)
		c, ev := chronologyCase(t, db, ctx, cs, "Phishing wave")
		e, err := svc.Add(ctx, c.ID, chronology.Draft{Kind: chronology.Detection, OccurredAt: time.Now().Add(-time.Hour), Body: "Report from staff"})
		if err != nil {
			t.Fatal(err)
		}
		body, ids := "Report from two staff members", []uuid.UUID{ev}
		fixed, err := svc.Correct(ctx, e.ID, 1, chronology.Correction{Body: &body, EvidenceIDs: &ids, Reason: "Second report"})
		if err != nil {
			t.Fatal(err)
		}
		if fixed.Version != 2 || fixed.CorrectedAt == nil || len(fixed.EvidenceIDs) != 1 || !fixed.RecordedAt.Equal(e.RecordedAt) {
			t.Fatalf("corrected %+v", fixed)
		}
		if _, err := svc.Correct(ctx, e.ID, 1, chronology.Correction{Body: &body, Reason: "again"}); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("stale correction: %v", err)
		}
		gone, err := svc.Retract(ctx, e.ID, 2, "Recorded on the wrong case")
		if err != nil || !gone.Retracted() || gone.RetractionReason != "Recorded on the wrong case" {
			t.Fatalf("retract: %+v %v", gone, err)
		}
		if _, err := db.SQL().Exec(fmt.Sprintf(`DELETE FROM chronology_entries WHERE id = '%s'`, e.ID)); err == nil {
			t.Fatal("the database deleted a chronology entry")
		}
		got, err := svc.List(ctx, c.ID)
		if err != nil || len(got) != 1 || !got[0].Retracted() || got[0].Body != body {
			t.Fatalf("after retraction: %+v %v", got, err)
		}
	})
}

// A correction that changes nothing records nothing; past the cap, a new
// entry is a 409 and is not written.
func TestChronologyNoOpCorrectionAndCap(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, svc := cases.NewService(db, rec), chronology.NewService(db, rec)
		c, _ := chronologyCase(t, db, ctx, cs, "Credential stuffing")
		at := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		e, err := svc.Add(ctx, c.ID, chronology.Draft{Kind: chronology.Detection, OccurredAt: at, Body: "Spike of failed logins"})
		if err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		events := count("SELECT count(*) FROM audit_events")
		body, sameAt := " Spike of failed logins ", at.In(time.FixedZone("CET", 3600))
		same, err := svc.Correct(ctx, e.ID, 1, chronology.Correction{Body: &body, OccurredAt: &sameAt, Reason: "No change"})
		if err != nil || same.Version != 1 || same.CorrectedAt != nil || count("SELECT count(*) FROM audit_events") != events {
			t.Fatalf("a correction that changes nothing: %+v %v", same, err)
		}
		// Fill the case up to its cap, then one more is refused.
		var q strings.Builder
		args := []any{}
		for i := 1; i < chronology.MaxEntriesPerCase; i++ {
			if q.Len() > 0 {
				q.WriteString(",")
			}
			q.WriteString("(?, ?, 'other', ?, ?, ?, 'filler', 1)")
			args = append(args, uuid.New().String(), c.ID.String(), at, at, identity.From(ctx).UserID.String())
			if i%200 == 0 || i == chronology.MaxEntriesPerCase-1 {
				stmt := "INSERT INTO chronology_entries (id, case_id, kind, occurred_at, recorded_at, author_id, body, version) VALUES " + q.String()
				if db.Dialect() == store.Postgres {
					stmt = dollarPlaceholders(stmt)
				}
				if _, err := db.SQL().ExecContext(ctx, stmt, args...); err != nil {
					t.Fatal(err)
				}
				q.Reset()
				args = args[:0]
			}
		}
		_, err = svc.Add(ctx, c.ID, chronology.Draft{Kind: chronology.Other, OccurredAt: at, Body: "One too many"})
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("past the cap: %v", err)
		}
		if n := count("SELECT count(*) FROM chronology_entries"); n != chronology.MaxEntriesPerCase {
			t.Errorf("%d entries, want %d", n, chronology.MaxEntriesPerCase)
		}
	})
}
