package store_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The evidence table is not append-only, so an UPDATE with Caseward's own
// grants could point an item at another stored file: its downloads and
// re-hashes would then find the file intact. verify-all cross-checks every
// row's file against what the audit trail recorded when the item was added.
func TestVerifyFileRecordsReportsEvidenceRowsChangedBehindCaseward(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		tamper string // $A and $B stand for the ids of two items
		want   map[string]int
	}{
		{"pointed at another item's file",
			`UPDATE evidence SET sha256 = (SELECT sha256 FROM evidence WHERE id = '$B'), storage_key = (SELECT storage_key FROM evidence WHERE id = '$B'),
				file_size = (SELECT file_size FROM evidence WHERE id = '$B') WHERE id = '$A'`,
			map[string]int{"altered": 1}},
		{"size changed", `UPDATE evidence SET file_size = file_size + 1 WHERE id = '$A'`, map[string]int{"altered": 1}},
		{"file taken off the row",
			`UPDATE evidence SET sha256 = NULL, storage_key = NULL, file_size = NULL, file_name = NULL, content_type = NULL WHERE id = '$A'`,
			map[string]int{"removed": 1}},
		{"row inserted without an audit event",
			`INSERT INTO evidence (id, case_id, title, kind, collected_at, collected_by_id, file_name, file_size, sha256, content_type, storage_key, created_at, updated_at)
				SELECT '01936f6e-0000-7000-8000-00000000ffff', case_id, title, kind, collected_at, collected_by_id, file_name, file_size, sha256, content_type, storage_key, created_at, updated_at
				FROM evidence WHERE id = '$A'`,
			map[string]int{"unrecorded": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
				f := newEvidenceFixture(t, db)
				a, err := f.add(t, "the original disk image")
				if err != nil {
					t.Fatal(err)
				}
				b, err := f.add(t, "something else")
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				checked, problems, err := f.svc.VerifyFileRecords(ctx)
				if err != nil || checked != 2 || len(problems) != 0 {
					t.Fatalf("before tampering: checked %d, problems %+v, err %v; want 2 clean", checked, problems, err)
				}
				stmt := strings.NewReplacer("$A", a.ID.String(), "$B", b.ID.String()).Replace(tc.tamper)
				if err := db.Exec(ctx, stmt); err != nil {
					t.Fatal(err)
				}
				_, problems, err = f.svc.VerifyFileRecords(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{}
				for _, p := range problems {
					got[p.What]++
				}
				if !maps.Equal(got, tc.want) {
					t.Fatalf("problems %+v, want %v", problems, tc.want)
				}
				// Re-hashing alone compares each file with its row, which agree.
				if _, rehash, err := f.svc.VerifyAll(ctx); err != nil || len(rehash) != 0 {
					t.Fatalf("re-hash problems %+v, err %v: the tampering is meant to get past it", rehash, err)
				}
			})
		})
	}
}
