package mywork

import (
	"testing"
	"time"

	"github.com/caseward/caseward/internal/restoration"
)

func TestMoreOfCountsTheRestUpToTheCap(t *testing.T) {
	for _, c := range []struct {
		shown, total int
		want         More
	}{
		{0, 0, More{}},
		{3, 3, More{}},
		{8, 20, More{N: 12}},
		{8, CountCap, More{N: CountCap - 8}},
		{8, CountCap + 1, More{N: CountCap - 8, Capped: true}},
	} {
		if got := MoreOf(c.shown, c.total); got != c.want {
			t.Errorf("MoreOf(%d, %d) = %+v, want %+v", c.shown, c.total, got, c.want)
		}
	}
}

func TestSuspensionsSoonestPlannedRestorationFirstUnplannedLast(t *testing.T) {
	at := func(h int) *time.Time {
		x := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
		return &x
	}
	item := func(name string, expected, projected *time.Time) restoration.DashboardItem {
		it := restoration.DashboardItem{DashboardRow: restoration.DashboardRow{ServiceName: name}}
		it.Suspension.ExpectedRestorationAt = expected
		it.Progress.ProjectedRestorationAt = projected
		return it
	}
	items := []restoration.DashboardItem{
		item("Unplanned B", nil, nil), item("Late", at(1), at(50)), item("Unplanned A", nil, nil), item("Soon", at(10), nil),
	}
	sortByPlannedRestoration(items)
	var got []string
	for _, it := range items {
		got = append(got, it.ServiceName)
	}
	if want := []string{"Soon", "Late", "Unplanned A", "Unplanned B"}; len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("order %v, want %v (the projection counts over the plan)", got, want)
	}
}
