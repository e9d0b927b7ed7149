package store_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The case row's nearest clock is kept by every change it depends on: adding
// an obligation, recording a phase, and editing the case itself (moving its
// awareness moves every clock counted from it), in the same transaction.
func TestNextClockFollowsObligationsAndCaseEdits(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, rs := cases.NewService(db, rec), regimes.NewService(db, rec)
		aware := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second)
		c, err := cs.Create(ctx, cases.Case{Title: "Clinic booking system breach", Category: "data_leak", Severity: "high",
			DetectedAt: aware, AwareAt: aware, PersonalDataInvolved: true})
		if err != nil {
			t.Fatal(err)
		}
		read := func() cases.Case {
			t.Helper()
			got, err := db.Case(ctx, c.ID, cases.Scope{All: true}, false)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := read(); got.NextClockDueAt == nil || !got.NextClockDueAt.Equal(aware.Add(72*time.Hour)) || got.NextClockLabel != regimes.GDPRLabel {
			t.Fatalf("new case: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		o, err := rs.Add(ctx, c.ID, uuid.MustParse("01900000-0000-7000-8000-000000000024")) // PECR, 24 h
		if err != nil {
			t.Fatal(err)
		}
		if got := read(); !got.NextClockDueAt.Equal(aware.Add(24*time.Hour)) || got.NextClockLabel != "PECR · Notify the ICO" {
			t.Fatalf("with PECR: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		// Awareness moved an hour earlier through the case: the PECR clock moves with it.
		earlier := aware.Add(-time.Hour)
		cur := read()
		if _, err := cs.Update(ctx, c.ID, cur.Version, cases.Patch{AwareAt: &earlier, DetectedAt: &earlier}); err != nil {
			t.Fatal(err)
		}
		if got := read(); !got.NextClockDueAt.Equal(earlier.Add(24*time.Hour)) || got.NextClockLabel != "PECR · Notify the ICO" {
			t.Fatalf("after moving awareness: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		// PECR notified: back to GDPR's 72 hours from the new awareness.
		sent, ref := time.Now().UTC().Add(-time.Minute).Truncate(time.Second), "ICO-PECR-7"
		if _, _, err := rs.UpdatePhase(ctx, o.Phases[0].ID, 1, regimes.PhasePatch{SubmittedAt: cases.Optional[time.Time]{Set: true, Value: &sent},
			Reference: &ref}); err != nil {
			t.Fatal(err)
		}
		if got := read(); !got.NextClockDueAt.Equal(earlier.Add(72*time.Hour)) || got.NextClockLabel != regimes.GDPRLabel {
			t.Fatalf("after PECR: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		// No personal data any more: nothing runs.
		cur = read()
		no := false
		if _, err := cs.Update(ctx, c.ID, cur.Version, cases.Patch{PersonalDataInvolved: &no}); err != nil {
			t.Fatal(err)
		}
		if got := read(); got.NextClockDueAt != nil || got.NextClockLabel != "" {
			t.Fatalf("nothing runs: %v %q", got.NextClockDueAt, got.NextClockLabel)
		}
		list, err := rs.CaseObligations(ctx, c.ID)
		if err != nil || len(list) != 1 || list[0].Phases[0].Status != regimes.Submitted || list[0].Phases[0].Reference != "ICO-PECR-7" {
			t.Fatalf("obligations: %+v %v", list, err)
		}
	})
}

// An obligation added while the case's awareness moves: whichever commits
// second computes the clock from what the first committed, so the stored
// clock is always the one the final state gives.
func TestNextClockStaysRightUnderConcurrentChanges(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, rs := cases.NewService(db, rec), regimes.NewService(db, rec)
		for i := range 5 {
			aware := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Second)
			c, err := cs.Create(ctx, cases.Case{Title: "Telemetry gateway breach", Category: "data_leak", Severity: "high",
				DetectedAt: aware, AwareAt: aware, PersonalDataInvolved: true})
			if err != nil {
				t.Fatal(err)
			}
			earlier := aware.Add(-time.Duration(i+1) * time.Hour)
			errs := make(chan error, 2)
			go func() {
				_, err := rs.Add(ctx, c.ID, uuid.MustParse("01900000-0000-7000-8000-000000000024"))
				errs <- err
			}()
			go func() {
				_, err := cs.Update(ctx, c.ID, c.Version, cases.Patch{AwareAt: &earlier, DetectedAt: &earlier})
				errs <- err
			}()
			for range 2 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.Case(ctx, c.ID, cases.Scope{All: true}, false)
			if err != nil {
				t.Fatal(err)
			}
			if got.NextClockDueAt == nil || !got.NextClockDueAt.Equal(earlier.Add(24*time.Hour)) || got.NextClockLabel != "PECR · Notify the ICO" {
				t.Fatalf("round %d: %v %q, want PECR at %v", i, got.NextClockDueAt, got.NextClockLabel, earlier.Add(24*time.Hour))
			}
		}
	})
}
