package store_test

import (
	"bytes"
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Every way a case is read gives the same cases.Case as was stored: one case
// and a list, outside a transaction (pgx on PostgreSQL, database/sql on
// SQLite's readers) and inside one (database/sql on either), with every
// nullable column null and set, members, restricted cases, Polish and Arabic.
func TestEveryCaseReadPathGivesTheStoredCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		seeded := seedCases(t, db, 12)
		want := make(map[uuid.UUID]cases.Case, len(seeded))
		for i, c := range seeded {
			c.MemberIDs = slices.Clone(c.MemberIDs)
			slices.SortFunc(c.MemberIDs, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
			if i == 0 {
				c.ActiveSuspensions = 1 // read with one case only
			}
			want[c.ID] = c
		}
		// Created together, the cases are listed in the order of their ids.
		inOrder := slices.Collect(maps.Keys(want))
		slices.SortFunc(inOrder, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		all := cases.Scope{All: true}
		list := cases.Query{Scope: all, Sort: cases.SortOpened, Ascending: true, Limit: 50, Now: time.Now()}
		check := func(t *testing.T, got cases.Case, inList bool) {
			t.Helper()
			w := want[got.ID]
			if inList {
				w.ActiveSuspensions = 0 // lists leave it 0
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("read  %+v\nstored %+v", got, w)
			}
		}
		reads := map[string]func(ctx context.Context, t *testing.T){
			"one case": func(ctx context.Context, t *testing.T) {
				for _, s := range seeded {
					c, err := db.Case(ctx, s.ID, all, false)
					if err != nil {
						t.Fatal(err)
					}
					check(t, c, false)
				}
			},
			"one case for update": func(ctx context.Context, t *testing.T) {
				for _, s := range seeded {
					c, err := db.Case(ctx, s.ID, all, true)
					if err != nil {
						t.Fatal(err)
					}
					check(t, c, false)
				}
			},
			"list": func(ctx context.Context, t *testing.T) {
				got, err := db.ListCases(ctx, list)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(seeded) {
					t.Fatalf("listed %d cases, want %d", len(got), len(seeded))
				}
				for i, c := range got {
					if c.ID != inOrder[i] {
						t.Errorf("case %d listed is %s, want %s", i, c.ID, inOrder[i])
					}
					check(t, c, true)
				}
			},
		}
		for name, read := range reads {
			t.Run(name, func(t *testing.T) { read(context.Background(), t) })
			t.Run(name+" in a transaction", func(t *testing.T) {
				err := db.InTx(context.Background(), func(ctx context.Context) error {
					read(ctx, t)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}
