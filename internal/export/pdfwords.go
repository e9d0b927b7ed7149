package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The one way a report prints a moment: day, month, year, time and zone.
const stampLayout = "2 Jan 2006, 15:04 MST"

// stamp prints t in UTC; "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stampLayout)
}

// stampPtr prints an optional moment, or ifNone when there is none.
func stampPtr(t *time.Time, ifNone string) string {
	if t == nil {
		return ifNone
	}
	return stamp(*t)
}

// zones caches the time zones custody events were recorded in.
type zones map[string]*time.Location

// local prints t in UTC and, when the event was recorded in another zone, as
// the recorder saw it on a line of its own: "5 Dec 2026, 09:30 UTC\n10:30
// Europe/Warsaw" (with the date when it differs there).
func (z zones) local(t time.Time, zone string) string {
	utc := stamp(t)
	if zone == "" || zone == "UTC" || zone == "Etc/UTC" || zone == "Z" || zone == "+00:00" {
		return utc
	}
	loc, ok := z[zone]
	if !ok {
		if l, err := time.LoadLocation(zone); err == nil {
			loc = l
		} else if off, err := time.Parse("-07:00", zone); err == nil {
			_, secs := off.Zone()
			loc = time.FixedZone(zone, secs)
		}
		z[zone] = loc
	}
	if loc == nil {
		return utc + "\nrecorded in " + zone
	}
	lt := t.In(loc)
	when := lt.Format("15:04")
	if lt.YearDay() != t.UTC().YearDay() {
		when = lt.Format("2 Jan, 15:04")
	}
	return utc + "\n" + when + " " + zone
}

// duration prints a span for people: "3 d 4 h", "5 h 20 min", "45 min".
func duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	mins := int64(d.Round(time.Minute) / time.Minute)
	days, hours, m := mins/(24*60), mins/60%24, mins%60
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d d %d h", days, hours)
	case days > 0:
		return fmt.Sprintf("%d d", days)
	case hours > 0 && m > 0:
		return fmt.Sprintf("%d h %d min", hours, m)
	case hours > 0:
		return fmt.Sprintf("%d h", hours)
	default:
		return fmt.Sprintf("%d min", m)
	}
}

// bytesize prints a file size: "1.2 MB (1 234 567 bytes)".
func bytesize(n int64) string {
	exact := thousands(n) + " bytes"
	if n == 1 {
		exact = "1 byte"
	}
	units := []string{"kB", "MB", "GB", "TB"}
	v, unit := float64(n), ""
	for _, u := range units {
		if v < 1000 {
			break
		}
		v, unit = v/1000, u
	}
	if unit == "" {
		return exact
	}
	return fmt.Sprintf("%.1f %s (%s)", v, unit, exact)
}

// thousands groups digits by three with spaces: 1 234 567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// FormatFingerprint prints a key fingerprint (hex) in groups of four, for
// people to compare it by eye or read it aloud.
func FormatFingerprint(hex string) string {
	var b strings.Builder
	for i := 0; i < len(hex); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(hex[i:min(i+4, len(hex))])
	}
	return b.String()
}

// plural: "1 note", "3 notes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}
