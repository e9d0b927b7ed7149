package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// linkRows counts the stored links.
func linkRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM case_links`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// auditCount counts the audit events with action on the case or, for links
// (which belong to no case's own trail), naming it as the case linked from.
func auditCount(t *testing.T, db *store.DB, action string, caseID uuid.UUID) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(fmt.Sprintf(`SELECT count(*) FROM audit_events WHERE action = '%s' AND (case_id = '%s' OR changes LIKE '%%"from_case_id":[null,"%s"]%%' OR changes LIKE '%%"from_case_id":["%s",null]%%')`,
		action, caseID, caseID, caseID)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantKind(t *testing.T, err error, kind apperr.Kind, what string) {
	t.Helper()
	if !apperr.Is(err, kind) {
		t.Fatalf("%s: %v, want %v", what, err, kind)
	}
}

// A case cannot link to itself (422), two cases hold one link whichever its
// direction or kind (409), and a chain of duplicate_of or of caused_by links
// cannot come back to its start (409); each refusal writes nothing.
func TestLinksRefuseSelfRepeatsAndCycles(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, ls := cases.NewService(db, rec), links.NewService(db, rec)
		a, b, c, d := newCase(t, cs, ctx, "Alpha"), newCase(t, cs, ctx, "Bravo"), newCase(t, cs, ctx, "Charlie"), newCase(t, cs, ctx, "Delta")
		mustLink := func(from, to cases.Case, kind links.Kind) {
			t.Helper()
			if _, err := ls.Create(ctx, from.ID, to.ID, kind); err != nil {
				t.Fatalf("%s %s %s: %v", from.Title, kind, to.Title, err)
			}
		}
		refused := func(from, to cases.Case, kind links.Kind, want apperr.Kind) {
			t.Helper()
			before := linkRows(t, db)
			_, err := ls.Create(ctx, from.ID, to.ID, kind)
			wantKind(t, err, want, fmt.Sprintf("%s %s %s", from.Title, kind, to.Title))
			if after := linkRows(t, db); after != before {
				t.Fatalf("a refused link was stored: %d links, were %d", after, before)
			}
		}
		refused(a, a, links.Related, apperr.Invalid)
		mustLink(a, b, links.DuplicateOf)
		refused(a, b, links.DuplicateOf, apperr.Conflict) // the same again
		refused(b, a, links.DuplicateOf, apperr.Conflict) // the other way: a two-case loop
		refused(b, a, links.Related, apperr.Conflict)     // another kind between the same two
		mustLink(b, c, links.DuplicateOf)                 // a chain is fine
		refused(c, a, links.DuplicateOf, apperr.Conflict) // a → b → c → a
		mustLink(c, a, links.Related)                     // related is no chain
		mustLink(a, d, links.CausedBy)
		mustLink(d, c, links.CausedBy)
		refused(c, d, links.CausedBy, apperr.Conflict) // already linked
		e := newCase(t, cs, ctx, "Echo")
		mustLink(c, e, links.CausedBy)
		refused(e, a, links.CausedBy, apperr.Conflict) // a → d → c → e → a
		mustLink(e, a, links.DuplicateOf)              // a duplicate chain is another graph
		if _, err := ls.Create(ctx, a.ID, uuid.New(), links.Related); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("link to a case that does not exist: %v", err)
		}
		if n := auditCount(t, db, "link.create", a.ID); n != 2 {
			t.Fatalf("%d link.create events on Alpha, want 2", n)
		}
	})
}

// Two requests racing to link A→B and B→A as duplicates cannot both win,
// nor can three racing to close a loop of three.
func TestOppositeDuplicateLinksRaceOneWins(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, ls := cases.NewService(db, rec), links.NewService(db, rec)
		for round := range 5 {
			a, b := newCase(t, cs, ctx, "Race A"), newCase(t, cs, ctx, "Race B")
			race := func(pairs [][2]cases.Case) (won int) {
				var wg sync.WaitGroup
				errs := make([]error, len(pairs))
				start := make(chan struct{})
				for i, p := range pairs {
					wg.Go(func() {
						<-start
						if i%2 == 0 {
							_, errs[i] = ls.MarkDuplicate(ctx, p[0].ID, p[1].ID, "")
						} else {
							_, errs[i] = ls.Create(ctx, p[0].ID, p[1].ID, links.DuplicateOf)
						}
					})
				}
				close(start)
				wg.Wait()
				for _, err := range errs {
					switch {
					case err == nil:
						won++
					case !apperr.Is(err, apperr.Conflict):
						t.Fatalf("round %d: a losing link failed with %v, want a 409", round, err)
					}
				}
				return won
			}
			if won := race([][2]cases.Case{{a, b}, {b, a}}); won != 1 {
				t.Fatalf("round %d: %d of two opposite links won", round, won)
			}
			d, e, f := newCase(t, cs, ctx, "Loop D"), newCase(t, cs, ctx, "Loop E"), newCase(t, cs, ctx, "Loop F")
			if won := race([][2]cases.Case{{d, e}, {e, f}, {f, d}}); won != 2 {
				t.Fatalf("round %d: %d of a loop of three won, want 2", round, won)
			}
		}
	})
}

// Marking a duplicate links it and closes it in one transaction, though its
// breach status is still suspected; when another closing condition holds it
// open, the answer is a 409 naming it and neither the link nor the closing
// happens. Removing the link later does not reopen the duplicate.
func TestMarkDuplicateClosesAtomically(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, ls := cases.NewService(db, rec), links.NewService(db, rec)
		original := newCase(t, cs, ctx, "Original")
		if _, err := cs.Transition(ctx, original.ID, cases.Triage, ""); err != nil {
			t.Fatal(err)
		}
		blocked, err := cs.Create(ctx, cases.Case{Title: "Duplicate with personal data", Category: "malware", Severity: "high",
			DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour), PersonalDataInvolved: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ls.MarkDuplicate(ctx, blocked.ID, original.ID, "")
		var refused *cases.TransitionRefused
		if !apperr.Is(err, apperr.Conflict) || !asRefused(err, &refused) || len(refused.Unmet) != 1 {
			t.Fatalf("duplicate with an unmet regulator decision: %v", err)
		}
		if got, _ := cs.Get(ctx, blocked.ID); got.Status != cases.Reported || linkRows(t, db) != 0 || auditCount(t, db, "link.create", blocked.ID) != 0 {
			t.Fatalf("a refused duplicate changed: status %s, %d links", got.Status, linkRows(t, db))
		}

		dup := newCase(t, cs, ctx, "Opened twice by mistake")
		l, err := ls.MarkDuplicate(ctx, dup.ID, original.ID, "same incident")
		if err != nil {
			t.Fatal(err)
		}
		if l.Kind != links.DuplicateOf || l.RelationFrom(dup.ID) != links.IsDuplicate || l.RelationFrom(original.ID) != links.HasDuplicate {
			t.Fatalf("link %+v", l)
		}
		got, _ := cs.Get(ctx, dup.ID)
		if got.Status != cases.Closed || got.BreachStatus != cases.BreachSuspected {
			t.Fatalf("duplicate after marking: %s, %s", got.Status, got.BreachStatus)
		}
		events, err := db.CaseAudit(ctx, mustSee(t, ctx, db, dup.ID), audit.Filter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var closing string
		for _, e := range events {
			if e.Action == "case.transition" {
				closing = string(e.Changes)
			}
		}
		if closing == "" || !containsAll(closing, `"closed"`, l.ID.String(), "same incident") || strings.Contains(closing, original.ID.String()) ||
			auditCount(t, db, "link.create", dup.ID) != 1 {
			t.Fatalf("the closing does not name the original: %q", closing)
		}

		// A closed case may be linked to as the original, and a closed case
		// marked a duplicate stays as it is.
		third := newCase(t, cs, ctx, "Third report")
		if _, err := ls.MarkDuplicate(ctx, third.ID, dup.ID, ""); err != nil {
			t.Fatalf("duplicate of a closed case: %v", err)
		}
		if err := ls.Delete(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := cs.Get(ctx, dup.ID); got.Status != cases.Closed || auditCount(t, db, "link.delete", dup.ID) != 1 {
			t.Fatalf("after unmarking: %s", got.Status)
		}
		wantKind(t, ls.Delete(ctx, l.ID), apperr.NotFound, "removing it again")

		// Marking a case that is already closed only links it.
		fourth := newCase(t, cs, ctx, "Fourth report")
		transitions := auditCount(t, db, "case.transition", dup.ID)
		if _, err := ls.MarkDuplicate(ctx, dup.ID, fourth.ID, ""); err != nil {
			t.Fatalf("marking a closed case: %v", err)
		}
		if got, _ := cs.Get(ctx, dup.ID); got.Status != cases.Closed || auditCount(t, db, "case.transition", dup.ID) != transitions {
			t.Fatalf("a closed case marked again: %s, %d transitions", got.Status, auditCount(t, db, "case.transition", dup.ID))
		}
	})
}

// A link whose other case the caller may not see is not listed, not even
// counted; the caller may neither link to that case nor remove the link.
func TestLinksHideCasesTheCallerMayNotSee(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, ls := cases.NewService(db, rec), links.NewService(db, rec)
		rita, _, err := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil }).Create(ctx,
			users.NewUser{Email: "rita@example.org", Name: "Rita", Role: users.Responder, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		asRita := identity.With(context.Background(), identity.Principal{UserID: rita.ID, Email: rita.Email, Role: "responder"})
		open := newCase(t, cs, ctx, "Open to all")
		other := newCase(t, cs, ctx, "Also open")
		secret, err := cs.Create(ctx, cases.Case{Title: "Need to know", Category: "malware", Severity: "high", Restricted: true,
			DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := ls.Create(ctx, open.ID, secret.ID, links.CausedBy)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ls.Create(ctx, other.ID, open.ID, links.Related); err != nil {
			t.Fatal(err)
		}
		if all, _ := ls.List(ctx, open.ID); len(all) != 2 {
			t.Fatalf("the admin sees %d links, want 2", len(all))
		}
		seen, err := ls.List(asRita, open.ID)
		if err != nil || len(seen) != 1 || seen[0].Other.ID != other.ID || seen[0].RelationFrom(open.ID) != links.RelatedTo {
			t.Fatalf("Rita's links: %+v, %v", seen, err)
		}
		_, err = ls.List(asRita, secret.ID)
		wantKind(t, err, apperr.NotFound, "Rita listing the secret case's links")
		_, err = ls.Create(asRita, other.ID, secret.ID, links.Related)
		wantKind(t, err, apperr.NotFound, "Rita linking to the secret case")
		wantKind(t, ls.Delete(asRita, hidden.ID), apperr.NotFound, "Rita removing the hidden link")
		if linkRows(t, db) != 2 {
			t.Fatal("a refused change was stored")
		}
	})
}

func mustSee(t *testing.T, ctx context.Context, db *store.DB, id uuid.UUID) cases.Visible {
	t.Helper()
	v, err := cases.See(ctx, db, id, false)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func asRefused(err error, target **cases.TransitionRefused) bool { return errors.As(err, target) }

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// A case holds at most links.MaxPerCase links, on either side; the next is a
// 409 and is not stored.
func TestLinksPerCaseAreCapped(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs, ls := cases.NewService(db, rec), links.NewService(db, rec)
		hub := newCase(t, cs, ctx, "Hub")
		for i := range links.MaxPerCase {
			other := newCase(t, cs, ctx, "Spoke")
			from, to := hub.ID, other.ID
			if i%2 == 1 {
				from, to = to, from // both sides count
			}
			if _, err := ls.Create(ctx, from, to, links.Related); err != nil {
				t.Fatal(err)
			}
		}
		extra := newCase(t, cs, ctx, "One too many")
		_, err := ls.Create(ctx, extra.ID, hub.ID, links.Related)
		wantKind(t, err, apperr.Conflict, "the link past the cap")
		if !strings.Contains(err.Error(), "200 links") || linkRows(t, db) != links.MaxPerCase {
			t.Fatalf("past the cap: %v, %d links", err, linkRows(t, db))
		}
	})
}
