package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The store's part of a first page of cases and of one case, on each read
// path: SQLite, PostgreSQL outside a transaction and inside one.
// Run: go test -run x -bench Case ./internal/store/
func BenchmarkReadCases(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		db := dbtest.Open(b, d)
		seeded := seedCases(b, db, 200)
		list := cases.Query{Scope: cases.Scope{All: true}, Sort: cases.SortOpened, Limit: 50, Now: time.Now()}
		for _, inTx := range []bool{false, true} {
			if inTx && d == store.SQLite {
				continue
			}
			name := string(d)
			if inTx {
				name += "/in-tx"
			}
			run := func(b *testing.B, read func(ctx context.Context) error) {
				b.ReportAllocs()
				for b.Loop() {
					var err error
					if inTx {
						err = db.InTx(context.Background(), read)
					} else {
						err = read(context.Background())
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run(name+"/list50", func(b *testing.B) {
				run(b, func(ctx context.Context) error { _, err := db.ListCases(ctx, list); return err })
			})
			b.Run(name+"/case", func(b *testing.B) {
				run(b, func(ctx context.Context) error {
					_, err := db.Case(ctx, seeded[1].ID, cases.Scope{All: true}, false)
					return err
				})
			})
		}
	}
}
