package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// clockCases stores n cases, a third without personal data (no clock), a
// sixth notified, a sixth decided against, the rest with running clocks (some
// overdue), aware at scrambled times with ties, owned by one responder.
func clockCases(t *testing.T, db *store.DB, n int) []cases.Case {
	t.Helper()
	ctx := context.Background()
	owner, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: "owner@example.org", Name: "Owner", Role: users.Responder}, "x")
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now().UTC().Add(-100 * time.Hour).Truncate(time.Second)
	cs := make([]cases.Case, n)
	for i := range cs {
		aware := base.Add(time.Duration((i*37)%n/2) * time.Hour) // pairs share a time
		c := cases.Case{ID: uuid.New(), Reference: fmt.Sprintf("INC-2026-%06d", i+1), Title: fmt.Sprintf("Case %d", i),
			Category: cases.Categories[0], Severity: cases.Severities[i%len(cases.Severities)], Status: cases.Reported,
			BreachStatus: cases.BreachStatuses[0], OwnerID: owner.ID, DetectedAt: aware, AwareAt: aware,
			PersonalDataInvolved: i%3 != 0, CreatedAt: base.Add(time.Duration(i) * time.Minute)}
		switch i % 6 {
		case 1:
			notified := aware.Add(time.Hour)
			c.RegulatorNotifiedAt = &notified
		case 2:
			c.RegulatorDecisionRationale = "No risk to anyone"
		}
		if i == 7 {
			c.Title = "Phishing wave"
		}
		cs[i] = c
	}
	stored, err := db.CreateCases(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// readAll pages through q with a small limit, each page after the cursor the
// last one ended with, as the API does.
func readAll(t *testing.T, db *store.DB, q cases.Query, limit int) []cases.Case {
	t.Helper()
	var out []cases.Case
	for range 100 {
		q.Limit = limit
		page, err := db.ListCases(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < limit {
			return out
		}
		after := cases.CursorAfter(page[len(page)-1], q.Sort)
		q.After = &after
	}
	t.Fatal("too many pages")
	return nil
}

// Sorted by regulator deadline, the cases whose clock runs come first in the
// order their clocks end (ties by id), then every other case, newest first, in
// either direction; paging by cursor (across the boundary too) gives each
// case once.
func TestListCasesSortedByRegulatorDue(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		stored := clockCases(t, db, 40)
		var running, others []cases.Case
		for _, c := range stored {
			if c.RunningClockDue() != nil {
				running = append(running, c)
			} else {
				others = append(others, c)
			}
		}
		if len(running) < 10 || len(others) < 10 {
			t.Fatalf("fixture: %d running, %d others", len(running), len(others))
		}
		slices.SortFunc(others, func(a, b cases.Case) int {
			return -(a.CreatedAt.Compare(b.CreatedAt)*2 + slices.Compare(a.ID[:], b.ID[:]))
		})
		for _, asc := range []bool{true, false} {
			want := slices.Clone(running)
			slices.SortFunc(want, func(a, b cases.Case) int {
				c := a.RunningClockDue().Compare(*b.RunningClockDue())*2 + slices.Compare(a.ID[:], b.ID[:])
				if !asc {
					return -c
				}
				return c
			})
			want = append(want, others...)
			for _, limit := range []int{1, 3, 7, 50} {
				t.Run(fmt.Sprintf("ascending=%v limit=%d", asc, limit), func(t *testing.T) {
					got := readAll(t, db, cases.Query{Scope: cases.Scope{All: true}, Sort: cases.SortRegulatorDue, Ascending: asc, Now: time.Now()}, limit)
					if caseIDs(got) != caseIDs(want) {
						t.Fatalf("order:\n got %s\nwant %s", refs(got), refs(want))
					}
				})
			}
		}
		// Filters still apply: only the overdue ones, soonest first.
		got := readAll(t, db, cases.Query{Scope: cases.Scope{All: true}, Sort: cases.SortRegulatorDue, Ascending: true, Now: time.Now(),
			RegulatorStatus: cases.RegulatorOverdue}, 2)
		for i, c := range got {
			if c.RegulatorStatusAt(time.Now()) != cases.RegulatorOverdue || (i > 0 && c.RunningClockDue().Before(*got[i-1].RunningClockDue())) {
				t.Fatalf("overdue list: %s", refs(got))
			}
		}
		if len(got) == 0 {
			t.Fatal("no overdue case in the fixture")
		}
	})
}

// The count applies the list's filters and scope and stops at its limit.
func TestCountCasesIsCapped(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		clockCases(t, db, 30)
		ctx := context.Background()
		all := cases.Query{Scope: cases.Scope{All: true}, Now: time.Now()}
		for name, tc := range map[string]struct {
			q     cases.Query
			limit int
			want  int
		}{
			"all, under the cap":  {all, 100, 30},
			"all, at the cap":     {all, 30, 30},
			"all, capped":         {all, 11, 11},
			"filtered":            {cases.Query{Scope: all.Scope, Now: all.Now, Severities: []cases.Severity{cases.Severities[0]}}, 100, 8},
			"filtered and capped": {cases.Query{Scope: all.Scope, Now: all.Now, Severities: []cases.Severity{cases.Severities[0]}}, 5, 5},
			"search":              {cases.Query{Scope: all.Scope, Now: all.Now, Text: "phishing"}, 100, 1},
			"no clock running":    {cases.Query{Scope: all.Scope, Now: all.Now, RegulatorStatus: cases.RegulatorNotRequired}, 100, 15},
			"nobody's cases":      {cases.Query{Scope: all.Scope, Now: all.Now, OwnerID: &uuid.Nil}, 100, 0},
		} {
			t.Run(name, func(t *testing.T) {
				n, err := db.CountCases(ctx, tc.q, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				if n != tc.want {
					t.Fatalf("count = %d, want %d", n, tc.want)
				}
			})
		}
	})
}

func caseIDs(cs []cases.Case) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID.String())
	}
	return fmt.Sprint(out)
}

func refs(cs []cases.Case) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Reference)
	}
	return fmt.Sprint(out)
}
