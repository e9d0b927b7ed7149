package export

import (
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/restoration"
)

// Every value the domain defines has words in the table; a raw value would
// reach the regulator otherwise.
func TestEveryEnumValueHasALabel(t *testing.T) {
	var values []string
	add := func(vs ...string) { values = append(values, vs...) }
	for _, v := range cases.Statuses {
		add(string(v))
	}
	for _, v := range cases.Severities {
		add(string(v))
	}
	for _, v := range cases.Categories {
		add(string(v))
	}
	for _, v := range cases.BreachStatuses {
		add(string(v))
	}
	for _, v := range cases.RegulatorStatuses {
		add(string(v))
	}
	add(string(cases.NoteUpdate), string(cases.NoteDecision), string(cases.NoteStatement))
	add(string(restoration.Active), string(restoration.Restored), string(restoration.Cancelled))
	for _, v := range restoration.MilestoneStatuses {
		add(string(v))
	}
	add(string(restoration.MilestoneCancelled), string(restoration.NoPlan), string(restoration.OnTrack),
		string(restoration.AtRisk), string(restoration.Slipping), string(restoration.Recovered), string(restoration.Withdrawn),
		string(restoration.Internal), string(restoration.Public))
	for _, v := range evidence.Kinds {
		add(string(v))
	}
	add(string(evidence.Collected), string(evidence.Verified), string(evidence.IntegrityFailure))
	for _, v := range evidence.RecordableActions {
		add(string(v))
	}
	for _, v := range values {
		if _, ok := labels[v]; !ok {
			t.Errorf("no label for %q", v)
		}
	}
	if got := label("something_new"); got != "Something new" {
		t.Errorf("an unknown value reads %q", got)
	}
}

func TestVisualOrder(t *testing.T) {
	for _, c := range []struct {
		logical string
		rtl     bool
		drawn   string
	}{
		{"plain text", false, "plain text"},
		{"محمد العلي", true, "يلعلا دمحم"},
		{"Owner: محمد العلي (IT)", false, "Owner: يلعلا دمحم (IT)"},
		{"שלום, this is דוד כהן.", true, ".ןהכ דוד this is ,םולש"},
		// digits after Arabic travel with it
		{"محمد 12 abc", false, "12 دمحم abc"},
		// a line that starts in Arabic keeps its left-to-right paragraph's order
		{"محمد said hi", false, "دمحم said hi"},
		// brackets inside right-to-left text are mirrored
		{"(محمد)", true, "(دمحم)"},
	} {
		if got := visual(c.logical, c.rtl); got != c.drawn {
			t.Errorf("visual(%q, %v) = %q, want %q", c.logical, c.rtl, got, c.drawn)
		}
	}
	if !rtl("  «محمد» and more") || rtl("Mohammed محمد") {
		t.Error("a paragraph's direction is its first strong character's")
	}
}

func TestWordsForPeople(t *testing.T) {
	at := time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)
	for _, c := range [][2]string{
		{stamp(at), "5 Dec 2026, 09:30 UTC"},
		{stamp(at.In(time.FixedZone("X", 3600))), "5 Dec 2026, 09:30 UTC"},
		{duration(76 * time.Hour), "3 d 4 h"},
		{duration(48 * time.Hour), "2 d"},
		{duration(5*time.Hour + 20*time.Minute), "5 h 20 min"},
		{duration(45 * time.Minute), "45 min"},
		{bytesize(1234567), "1.2 MB (1 234 567 bytes)"},
		{bytesize(999), "999 bytes"},
		{thousands(-1234), "-1 234"},
		{FormatFingerprint("0123456789abcdef0123"), "0123 4567 89ab cdef 0123"},
		{zones{}.local(at, "Europe/Warsaw"), "5 Dec 2026, 09:30 UTC\n10:30 Europe/Warsaw"},
		{zones{}.local(at, "-10:00"), "5 Dec 2026, 09:30 UTC\n4 Dec, 23:30 -10:00"},
		{zones{}.local(at, "Mars/Olympus"), "5 Dec 2026, 09:30 UTC\nrecorded in Mars/Olympus"},
		{zones{}.local(at, "UTC"), "5 Dec 2026, 09:30 UTC"},
	} {
		if got, want := c[0], c[1]; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// A word wider than its column (a hash, a path) breaks by characters and
// nothing is lost; lines never run wider than asked.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	d := newDoc()
	d.p.AddPage()
	d.font(sans, "", 9)
	text := "short words then " + strings.Repeat("0123456789abcdef", 8) + " and Łukasz Żółkiewski\nnew paragraph"
	lines := d.wrap(text, 30)
	var joined []string
	for _, l := range lines {
		if w := d.p.GetStringWidth(l.text); w > 30 {
			t.Errorf("line %q is %.1f mm wide", l.text, w)
		}
		joined = append(joined, l.text)
	}
	if strings.ReplaceAll(strings.Join(joined, ""), " ", "") != strings.ReplaceAll(strings.ReplaceAll(text, "\n", ""), " ", "") {
		t.Errorf("wrap lost text: %q", joined)
	}
}
