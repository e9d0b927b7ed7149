package page_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/caseward/caseward/internal/page"
)

func TestReadAsksForOneMoreAndTrims(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		limit int
		want  []int
		more  bool
	}{
		{limit: 2, want: []int{1, 2}, more: true},
		{limit: 4, want: []int{1, 2, 3, 4}, more: true},
		{limit: 5, want: all, more: false},
		{limit: 9, want: all, more: false},
	} {
		var asked int
		got, more, err := page.Read(tc.limit, func(n int) ([]int, error) {
			asked = n
			return all[:min(n, len(all))], nil
		})
		if err != nil || asked != tc.limit+1 || !slices.Equal(got, tc.want) || more != tc.more {
			t.Errorf("limit %d: asked %d, got %v more %v err %v; want asked %d, %v more %v", tc.limit, asked, got, more, err, tc.limit+1, tc.want, tc.more)
		}
	}
}

func TestReadPassesTheReadError(t *testing.T) {
	boom := errors.New("boom")
	got, more, err := page.Read(3, func(int) ([]string, error) { return []string{"x"}, boom })
	if !errors.Is(err, boom) || got != nil || more {
		t.Fatalf("got %v, %v, %v; want nil, false, boom", got, more, err)
	}
}
