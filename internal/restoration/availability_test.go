package restoration

import (
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }

func tp(t time.Time) *time.Time { return &t }

const hour, day = int64(3600), int64(86400)

func TestDownSpan(t *testing.T) {
	now := utc(2026, 12, 5, 12)
	for _, c := range []struct {
		name string
		s    Suspension
		want int64 // seconds; 0 for none
	}{
		{"restored", Suspension{Status: Restored, SuspendedAt: utc(2026, 12, 1, 0), RestoredAt: tp(utc(2026, 12, 2, 6))}, 30 * hour},
		{"active counts up to now", Suspension{Status: Active, SuspendedAt: utc(2026, 12, 5, 0)}, 12 * hour},
		{"cancelled counts nothing", Suspension{Status: Cancelled, SuspendedAt: utc(2026, 11, 1, 0)}, 0},
		{"suspended a moment in the future (clock skew)", Suspension{Status: Active, SuspendedAt: now.Add(time.Minute)}, 0},
		{"restored the moment it was suspended", Suspension{Status: Restored, SuspendedAt: now.Add(-time.Hour), RestoredAt: tp(now.Add(-time.Hour))}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			sp, ok := DownSpan(c.s, now)
			if got := int64(DowntimeOf(c.s, now) / time.Second); got != c.want || ok != (c.want > 0) || (ok && sp.Seconds() != c.want) {
				t.Fatalf("downtime %d (span %v ok %v), want %d", got, sp, ok, c.want)
			}
		})
	}
}

func TestMergeSpansCountsOverlapsOnce(t *testing.T) {
	a, b, c := utc(2026, 1, 1, 0), utc(2026, 1, 2, 0), utc(2026, 1, 3, 0)
	for _, tc := range []struct {
		name  string
		in    []Span
		total int64
		n     int
	}{
		{"disjoint", []Span{{a, a.Add(time.Hour)}, {b, b.Add(time.Hour)}}, 2 * hour, 2},
		{"overlapping, out of order", []Span{{b, c}, {a, b.Add(time.Hour)}}, 2 * day, 1},
		{"one inside the other", []Span{{a, c}, {b, b.Add(time.Hour)}}, 2 * day, 1},
		{"touching", []Span{{a, b}, {b, c}}, 2 * day, 1},
		{"identical", []Span{{a, b}, {a, b}}, day, 1},
		{"empty spans dropped", []Span{{a, a}}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MergeSpans(tc.in)
			var total int64
			for _, s := range got {
				total += s.Seconds()
			}
			if total != tc.total || len(got) != tc.n {
				t.Fatalf("merged %v: %d s in %d spans, want %d s in %d", got, total, len(got), tc.total, tc.n)
			}
		})
	}
}

func TestDowntimeByMonth(t *testing.T) {
	type month struct {
		m string
		s int64
	}
	for _, c := range []struct {
		name  string
		spans []Span
		now   time.Time
		want  []month
	}{
		{"none", nil, utc(2026, 12, 5, 0), nil},
		{"within a month, zeros up to now", []Span{{utc(2026, 10, 3, 0), utc(2026, 10, 3, 5)}}, utc(2026, 12, 5, 0),
			[]month{{"2026-10", 5 * hour}, {"2026-11", 0}, {"2026-12", 0}}},
		{"across a year end", []Span{{utc(2025, 12, 31, 20), utc(2026, 1, 1, 4)}}, utc(2026, 1, 20, 0),
			[]month{{"2025-12", 4 * hour}, {"2026-01", 4 * hour}}},
		{"across three months and a leap February", []Span{{utc(2028, 1, 31, 0), utc(2028, 3, 1, 12)}}, utc(2028, 3, 2, 0),
			[]month{{"2028-01", day}, {"2028-02", 29 * day}, {"2028-03", 12 * hour}}},
		{"active up to now", []Span{{utc(2026, 11, 30, 0), utc(2026, 12, 2, 6)}}, utc(2026, 12, 2, 6),
			[]month{{"2026-11", day}, {"2026-12", day + 6*hour}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := DowntimeByMonth(MergeSpans(c.spans), c.now)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i, w := range c.want {
				if got[i].Month.Format("2006-01") != w.m || got[i].Seconds != w.s || got[i].Month.Location() != time.UTC {
					t.Fatalf("month %d: %s %d, want %s %d", i, got[i].Month.Format("2006-01"), got[i].Seconds, w.m, w.s)
				}
			}
		})
	}
}

func TestAvailability(t *testing.T) {
	now := utc(2026, 12, 5, 12) // today counts 12 hours so far
	window := 89*day + 12*hour
	first := utc(2026, 9, 7, 0) // 90 days with 5 Dec the last
	for _, c := range []struct {
		name    string
		spans   []Span
		states  map[string]DayState // days not named are up
		down    map[string]int64
		percent float64
	}{
		{"never down", nil, nil, nil, 100},
		{"a partial day and a whole day", []Span{{utc(2026, 11, 1, 6), utc(2026, 11, 3, 0)}},
			map[string]DayState{"2026-11-01": DayPartial, "2026-11-02": DayDown}, map[string]int64{"2026-11-01": 18 * hour, "2026-11-02": day},
			float64((window-42*hour)*10000/window) / 100},
		{"down since before the window, still down: every day down", []Span{{utc(2025, 1, 1, 0), now}}, allDays(first, DayDown), nil, 0},
		{"today down since this morning only", []Span{{utc(2026, 12, 5, 2), now}},
			map[string]DayState{"2026-12-05": DayPartial}, map[string]int64{"2026-12-05": 10 * hour}, float64((window-10*hour)*10000/window) / 100},
		{"today down all of it so far", []Span{{utc(2026, 12, 4, 23), now}},
			map[string]DayState{"2026-12-04": DayPartial, "2026-12-05": DayDown}, map[string]int64{"2026-12-04": hour, "2026-12-05": 12 * hour},
			float64((window-13*hour)*10000/window) / 100},
		{"overlapping suspensions count once", []Span{{utc(2026, 11, 10, 0), utc(2026, 11, 10, 12)}, {utc(2026, 11, 10, 6), utc(2026, 11, 10, 18)}},
			map[string]DayState{"2026-11-10": DayPartial}, map[string]int64{"2026-11-10": 18 * hour}, float64((window-18*hour)*10000/window) / 100},
		{"a second of downtime reads below 100", []Span{{utc(2026, 11, 10, 0), utc(2026, 11, 10, 0).Add(time.Second)}},
			map[string]DayState{"2026-11-10": DayPartial}, map[string]int64{"2026-11-10": 1}, 99.99},
		{"before the window counts nothing", []Span{{utc(2026, 9, 1, 0), utc(2026, 9, 7, 0)}}, nil, nil, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			days, pct := Availability(MergeSpans(c.spans), now, AvailabilityDays)
			if len(days) != 90 || !days[0].Day.Equal(first) || !days[89].Day.Equal(utc(2026, 12, 5, 0)) {
				t.Fatalf("days from %v to %v (%d), want 90 from %v", days[0].Day, days[len(days)-1].Day, len(days), first)
			}
			for _, d := range days {
				key := d.Day.Format(time.DateOnly)
				want, ok := c.states[key]
				if !ok {
					want = DayUp
				}
				if d.State != want {
					t.Errorf("%s: %s, want %s", key, d.State, want)
				}
				if w, ok := c.down[key]; ok && d.DownSeconds != w {
					t.Errorf("%s: %d s down, want %d", key, d.DownSeconds, w)
				}
				if (d.State == DayUp) != (d.DownSeconds == 0) {
					t.Errorf("%s: %s with %d s down", key, d.State, d.DownSeconds)
				}
			}
			if pct != c.percent {
				t.Errorf("availability %v %%, want %v", pct, c.percent)
			}
		})
	}
}

func allDays(first time.Time, s DayState) map[string]DayState {
	out := map[string]DayState{}
	for i := range AvailabilityDays {
		out[first.AddDate(0, 0, i).Format(time.DateOnly)] = s
	}
	return out
}

func TestFiguresOf(t *testing.T) {
	now := utc(2026, 12, 5, 12)
	ss := []Suspension{
		{Status: Restored, SuspendedAt: utc(2026, 11, 30, 12), RestoredAt: tp(utc(2026, 12, 1, 12))},
		{Status: Restored, SuspendedAt: utc(2026, 12, 1, 0), RestoredAt: tp(utc(2026, 12, 1, 18))}, // overlaps the first
		{Status: Cancelled, SuspendedAt: utc(2026, 10, 1, 0)},                                      // counts nothing
		{Status: Active, SuspendedAt: utc(2026, 12, 5, 6)},
	}
	f := FiguresOf(ss, now)
	if len(f.ByMonth) != 2 || f.ByMonth[0].Seconds != 12*hour || f.ByMonth[1].Seconds != 24*hour {
		t.Fatalf("by month %v: want Nov 12 h, Dec 24 h (18 h on the 1st, the overlap once, and 6 h still down); October's cancelled one not at all", f.ByMonth)
	}
	last := f.Days[len(f.Days)-1]
	if last.State != DayPartial || last.DownSeconds != 6*hour || f.Days[len(f.Days)-5].DownSeconds != 18*hour {
		t.Fatalf("days: %v", f.Days[len(f.Days)-6:])
	}
}
