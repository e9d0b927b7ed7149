package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A search reads the same events whichever way each of its branches is
// read (one value at a time through its index, or walking the trail for
// many values) as a filter over the whole trail would, page after page.
func TestAuditMatchReadsWhatAFullScanWould(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		store.ListCasesUpTo(t, 64)
		var kases []cases.Case
		for i := range 70 { // more than a search lists by id
			kases = append(kases, newCase(t, cs, ctx, fmt.Sprint("Case ", i)))
		}
		actors := make([]string, 40) // more than are looked up one by one
		for i := range actors {
			actors[i] = uuid.NewString()
			as := identity.With(context.Background(), identity.Principal{UserID: uuid.MustParse(actors[i]), Email: fmt.Sprint("u", i, "@example.org")})
			for j := range 3 {
				err := audit.NewRecorder(db).Record(as, audit.Entry{Action: "test.write", EntityType: "thing", EntityID: fmt.Sprint(i*3 + j),
					CaseID: kases[(i*7+j)%len(kases)].ID.String()})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		all, err := db.ListAudit(ctx, audit.Filter{Limit: 10_000})
		if err != nil {
			t.Fatal(err)
		}
		m, err := db.MatchAuditText(ctx, "INC-")
		if err != nil {
			t.Fatal(err)
		}
		if m.CaseReference != "INC-" || len(m.Cases) != 0 {
			t.Fatalf("70 matching cases: listed %d, reference %q; want them walked", len(m.Cases), m.CaseReference)
		}
		if m, err = db.MatchAuditText(ctx, kases[3].Reference); err != nil || !slices.Equal(m.Cases, []string{kases[3].ID.String()}) {
			t.Fatalf("one matching case: %v, %v", m.Cases, err)
		}
		caseSet := func(cs ...cases.Case) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.ID.String())
			}
			return out
		}
		for name, tc := range map[string]struct {
			m    audit.Match
			keep func(audit.Event) bool
		}{
			"few actors":     {audit.Match{Actors: actors[:3]}, func(e audit.Event) bool { return slices.Contains(actors[:3], e.ActorID) }},
			"many actors":    {audit.Match{Actors: actors}, func(e audit.Event) bool { return slices.Contains(actors, e.ActorID) }},
			"many actions":   {audit.Match{Actions: audit.Actions}, func(e audit.Event) bool { return slices.Contains(audit.Actions, e.Action) }},
			"case reference": {audit.Match{CaseReference: "INC-"}, func(e audit.Event) bool { return e.CaseID != "" }},
			"cases and an actor": {audit.Match{Cases: caseSet(kases[1], kases[9]), Actors: actors[5:6]}, func(e audit.Event) bool {
				return e.CaseID == kases[1].ID.String() || e.CaseID == kases[9].ID.String() || e.ActorID == actors[5]
			}},
			"entities": {audit.Match{Entities: map[string][]string{"thing": {"4", "77"}, "case": caseSet(kases[2])}}, func(e audit.Event) bool {
				return (e.EntityType == "thing" && (e.EntityID == "4" || e.EntityID == "77")) || (e.EntityType == "case" && e.EntityID == kases[2].ID.String())
			}},
		} {
			t.Run(name, func(t *testing.T) {
				var want, got []int64
				for _, e := range all {
					if tc.keep(e) {
						want = append(want, e.Seq)
					}
				}
				for f := (audit.Filter{Limit: 7, Match: &tc.m}); ; {
					page, err := db.ListAudit(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, e := range page {
						got = append(got, e.Seq)
					}
					if len(page) < f.Limit {
						break
					}
					f.BeforeSeq = page[len(page)-1].Seq
				}
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Fatalf("read %v\nwant %v", got, want)
				}
			})
		}
	})
}

// Names are looked up with one statement per kind of thing, however many
// events a page holds.
func TestResolveNamesTakesOneStatementPerKind(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		c := newCase(t, cases.NewService(db, rec), ctx, "Named case")
		refs := audit.Refs{People: ids(300), Cases: ids(300), Services: ids(300), Suspensions: ids(300), Milestones: ids(300),
			Evidence: ids(300), Departments: ids(300)}
		refs.Cases[c.ID] = struct{}{}
		var n audit.Names
		var err error
		statements := db.CountStatements(func() { n, err = db.ResolveNames(ctx, refs) })
		if err != nil {
			t.Fatal(err)
		}
		if statements != 7 {
			t.Errorf("%d statements, want one per kind (7)", statements)
		}
		if n.Cases[c.ID] != c.Reference || len(n.Cases) != 1 || len(n.People) != 0 {
			t.Errorf("names %+v, want only the case's reference", n)
		}
	})
}

func ids(n int) map[uuid.UUID]struct{} {
	out := map[uuid.UUID]struct{}{}
	for range n {
		out[uuid.New()] = struct{}{}
	}
	return out
}
