package restoration

import (
	"slices"
	"time"
)

// Span is a stretch of downtime, from From up to (not including) To.
type Span struct{ From, To time.Time }

// Seconds is the span's length in whole seconds.
func (s Span) Seconds() int64 { return int64(s.To.Sub(s.From) / time.Second) }

// DownSpan is the stretch during which s kept its service down, as seen at
// now: from suspended_at to restored_at, or to now while still active. A
// cancelled suspension was withdrawn and kept nothing down (as in Derive), and
// nothing counts after now; ok is false when nothing is left.
func DownSpan(s Suspension, now time.Time) (Span, bool) {
	var end time.Time
	switch {
	case s.Status == Cancelled:
		return Span{}, false
	case s.Status == Restored && s.RestoredAt != nil:
		end = *s.RestoredAt
	default:
		end = now
	}
	if end.After(now) {
		end = now
	}
	if !end.After(s.SuspendedAt) {
		return Span{}, false
	}
	return Span{From: s.SuspendedAt.UTC(), To: end.UTC()}, true
}

// DowntimeOf is how long s kept its service down so far (see DownSpan).
func DowntimeOf(s Suspension, now time.Time) time.Duration {
	if sp, ok := DownSpan(s, now); ok {
		return sp.To.Sub(sp.From)
	}
	return 0
}

// MergeSpans returns the union of spans as sorted spans that neither overlap
// nor touch: two suspensions of one service down at the same time are one
// stretch of downtime, never counted twice.
func MergeSpans(spans []Span) []Span {
	sorted := slices.Clone(spans)
	slices.SortFunc(sorted, func(a, b Span) int { return a.From.Compare(b.From) })
	var out []Span
	for _, s := range sorted {
		if !s.To.After(s.From) {
			continue
		}
		if n := len(out); n > 0 && !s.From.After(out[n-1].To) {
			if s.To.After(out[n-1].To) {
				out[n-1].To = s.To
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// MonthDowntime is a service's downtime within one calendar month (UTC).
type MonthDowntime struct {
	Month   time.Time // the first instant of the month, UTC
	Seconds int64
}

// DowntimeByMonth splits merged downtime (see MergeSpans) at UTC month
// boundaries: one entry per month from the first month with downtime through
// now's month, oldest first, months without downtime included as zero so that
// a chart shows the gaps. Nothing when there was no downtime.
func DowntimeByMonth(merged []Span, now time.Time) []MonthDowntime {
	if len(merged) == 0 {
		return nil
	}
	first, last := monthOf(merged[0].From), monthOf(now.UTC())
	if end := monthOf(merged[len(merged)-1].To); end.After(last) {
		last = end
	}
	var out []MonthDowntime
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, MonthDowntime{Month: m})
	}
	for _, s := range merged {
		for i := range out {
			out[i].Seconds += overlap(s, out[i].Month, out[i].Month.AddDate(0, 1, 0))
		}
	}
	return out
}

func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// overlap is how many seconds of s fall within [from, to).
func overlap(s Span, from, to time.Time) int64 {
	a, b := s.From, s.To
	if from.After(a) {
		a = from
	}
	if to.Before(b) {
		b = to
	}
	if !b.After(a) {
		return 0
	}
	return int64(b.Sub(a) / time.Second)
}

// DayState is how a service fared on one UTC day.
type DayState string

// The day states, as status pages colour them.
const (
	DayUp      DayState = "up"      // no downtime that day
	DayDown    DayState = "down"    // down the whole day (today: all of it so far)
	DayPartial DayState = "partial" // down part of the day
)

// AvailabilityDays is how many days the availability bar covers.
const AvailabilityDays = 90

// DayAvailability is one UTC day of the availability bar.
type DayAvailability struct {
	Day         time.Time // midnight UTC
	State       DayState
	DownSeconds int64
}

// Availability draws the last `days` UTC days, today (now's day) the last of
// them, oldest first, from merged downtime (see MergeSpans). Today counts up
// to now only. The percentage is the share of that window's seconds the
// service was up, rounded down to two decimals so that any downtime at all
// shows below 100.
func Availability(merged []Span, now time.Time, days int) ([]DayAvailability, float64) {
	now = now.UTC()
	today := dayOf(now)
	out := make([]DayAvailability, days)
	var total, down int64
	for i := range out {
		from := today.AddDate(0, 0, i-days+1)
		to := from.AddDate(0, 0, 1)
		if to.After(now) {
			to = now
		}
		length := max(int64(to.Sub(from)/time.Second), 0)
		var d int64
		for _, s := range merged {
			d += overlap(s, from, to)
		}
		state := DayUp
		switch {
		case d > 0 && d >= length:
			state = DayDown
		case d > 0:
			state = DayPartial
		}
		out[i] = DayAvailability{Day: from, State: state, DownSeconds: d}
		total += length
		down += d
	}
	if total == 0 {
		return out, 100
	}
	return out, float64((total-down)*10000/total) / 100
}

// ServiceFigures are the downtime figures of one service: per month, and the
// availability bar of the last AvailabilityDays days with its percentage.
type ServiceFigures struct {
	ByMonth             []MonthDowntime
	Days                []DayAvailability
	AvailabilityPercent float64
}

// FiguresOf computes a service's figures at now from all of its suspensions:
// cancelled ones count nothing, active ones count up to now, and overlapping
// ones count once.
func FiguresOf(suspensions []Suspension, now time.Time) ServiceFigures {
	var spans []Span
	for _, s := range suspensions {
		if sp, ok := DownSpan(s, now); ok {
			spans = append(spans, sp)
		}
	}
	merged := MergeSpans(spans)
	days, pct := Availability(merged, now, AvailabilityDays)
	return ServiceFigures{ByMonth: DowntimeByMonth(merged, now), Days: days, AvailabilityPercent: pct}
}
