package mywork

import (
	"slices"
	"time"

	"github.com/caseward/caseward/internal/restoration"
)

// sortByPlannedRestoration orders suspensions by their planned restoration
// (the projection when there is one, else the expected time), those without a
// plan last, then by service name.
func sortByPlannedRestoration(items []restoration.DashboardItem) {
	planned := func(it restoration.DashboardItem) *time.Time {
		if it.Progress.ProjectedRestorationAt != nil {
			return it.Progress.ProjectedRestorationAt
		}
		return it.Suspension.ExpectedRestorationAt
	}
	slices.SortStableFunc(items, func(a, b restoration.DashboardItem) int {
		pa, pb := planned(a), planned(b)
		switch {
		case pa != nil && pb != nil && !pa.Equal(*pb):
			return pa.Compare(*pb)
		case pa != nil && pb == nil:
			return -1
		case pa == nil && pb != nil:
			return 1
		}
		if a.ServiceName < b.ServiceName {
			return -1
		}
		if a.ServiceName > b.ServiceName {
			return 1
		}
		return 0
	})
}
