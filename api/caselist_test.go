package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type caseListPage struct {
	Items       []apiCase `json:"items"`
	NextCursor  *string   `json:"next_cursor"`
	Total       *int      `json:"total"`
	TotalCapped *bool     `json:"total_capped"`
}

// Sorted by regulator deadline, the case whose clock ends soonest comes first
// and the cases without a running clock last; the first page carries the
// total of the matching cases, the next pages none; "mine" filters by owner.
func TestCaseListByRegulatorDueWithTotal(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		noClock := s.createCase(admin, caseBody("No personal data", nil))
		later := s.createCase(admin, caseBody("Clock ends later", map[string]any{"personal_data_involved": true, "aware_at": ago(time.Hour)}))
		soonest := s.createCase(admin, caseBody("Clock ends soonest", map[string]any{"personal_data_involved": true, "aware_at": ago(70 * time.Hour), "detected_at": ago(71 * time.Hour)}))
		get := func(query string) caseListPage {
			r := s.do(http.MethodGet, "/api/v1/cases?"+query, nil, bearer(admin)...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", query, r.StatusCode, r.body)
			}
			var p caseListPage
			r.json(&p)
			return p
		}
		first := get("sort=regulator_due&limit=2")
		if len(first.Items) != 2 || first.Items[0].ID != soonest.ID || first.Items[1].ID != later.ID {
			t.Fatalf("first page: %+v", first.Items)
		}
		if first.Total == nil || *first.Total != 3 || first.TotalCapped == nil || *first.TotalCapped || first.NextCursor == nil {
			t.Fatalf("first page total %v capped %v next %v", first.Total, first.TotalCapped, first.NextCursor)
		}
		next := get("sort=regulator_due&limit=2&cursor=" + *first.NextCursor)
		if len(next.Items) != 1 || next.Items[0].ID != noClock.ID || next.Total != nil || next.NextCursor != nil {
			t.Fatalf("second page: %+v total %v", next.Items, next.Total)
		}
		desc := get("sort=-regulator_due")
		if len(desc.Items) != 3 || desc.Items[0].ID != later.ID || desc.Items[2].ID != noClock.ID || *desc.Total != 3 {
			t.Fatalf("descending: %+v", desc.Items)
		}
		mine := get("owner_id=" + s.admin.ID.String() + "&breach_status=suspected")
		if mine.Total == nil || *mine.Total != len(mine.Items) {
			t.Fatalf("mine: %d items, total %v", len(mine.Items), mine.Total)
		}
		if none := get("owner_id=01890000-0000-7000-8000-000000000000"); len(none.Items) != 0 || *none.Total != 0 {
			t.Fatalf("nobody's: %+v", none)
		}
		s.do(http.MethodGet, "/api/v1/cases?sort=regulator", nil, bearer(admin)...).problem(t, http.StatusUnprocessableEntity)
	})
}
