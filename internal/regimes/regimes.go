// Package regimes holds the notification regimes a case may fall under (GDPR
// Art. 33 and 34, NIS2 Art. 23, PECR, and whatever an administrator adds),
// the obligations a case carries under them, and their clocks.
package regimes

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
)

// GDPRArt33 is the seeded regime that the case's own regulator_* fields are:
// it applies whenever personal data is involved and is never stored as an
// obligation row (migration 00033).
var GDPRArt33 = uuid.MustParse("01900000-0000-7000-8000-000000000033")

// GDPRLabel names the GDPR Art. 33 clock where the nearest clock is shown.
const GDPRLabel = "GDPR Art. 33 · Notify the supervisory authority"

// RuleKind is how a phase's deadline is set.
type RuleKind string

// The deadline rules.
const (
	// FromAwareness: an offset after the case's aware_at.
	FromAwareness RuleKind = "from_awareness"
	// AfterPhase: an offset after another phase of the same regime was submitted.
	AfterPhase RuleKind = "after_phase"
	// NoDeadline: no fixed deadline (e.g. "without undue delay").
	NoDeadline RuleKind = "none"
)

// Rule is a phase's deadline rule. A timed rule has exactly one of Hours and
// Months (calendar months, for "one month after").
type Rule struct {
	Kind          RuleKind
	Hours         *int
	Months        *int
	AfterPosition *int // AfterPhase: the position of the phase it follows
}

// PhaseDef is one phase of a regime.
type PhaseDef struct {
	Position int // 1, 2, … in order
	Name     string
	Audience string // who is told, e.g. regulator, csirt, data_subjects
	Rule     Rule
	Guidance string
}

// Regime is a set of phased notification deadlines.
type Regime struct {
	ID          uuid.UUID
	Name        string
	Description string
	Phases      []PhaseDef
	RetiredAt   *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

// Audiences are who a phase may notify.
var Audiences = []string{"regulator", "csirt", "data_subjects", "other"}

// MaxOffsetHours and MaxOffsetMonths bound a phase's offset (a year).
const (
	MaxOffsetHours  = 8760
	MaxOffsetMonths = 12
)

// due is when a phase with rule r is due, given the case's awareness and the
// submissions of the regime's phases by position; nil when it has no fixed
// deadline or waits for the phase it follows.
func (r Rule) due(awareAt time.Time, submitted map[int]*time.Time) *time.Time {
	var from time.Time
	switch r.Kind {
	case FromAwareness:
		from = awareAt
	case AfterPhase:
		if r.AfterPosition == nil || submitted[*r.AfterPosition] == nil {
			return nil
		}
		from = *submitted[*r.AfterPosition]
	default:
		return nil
	}
	var t time.Time
	switch {
	case r.Hours != nil:
		t = from.Add(time.Duration(*r.Hours) * time.Hour)
	case r.Months != nil:
		t = from.UTC().AddDate(0, *r.Months, 0)
	default:
		return nil
	}
	t = t.UTC()
	return &t
}

// Describe says the rule in words, for the card and the docs.
func (r Rule) Describe() string {
	offset := ""
	switch {
	case r.Hours != nil:
		offset = fmt.Sprintf("%d h", *r.Hours)
	case r.Months != nil && *r.Months == 1:
		offset = "1 month"
	case r.Months != nil:
		offset = fmt.Sprintf("%d months", *r.Months)
	}
	switch r.Kind {
	case FromAwareness:
		return offset + " from awareness"
	case AfterPhase:
		return fmt.Sprintf("%s after phase %d is submitted", offset, deref(r.AfterPosition))
	}
	return "no fixed deadline"
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Validate checks a new regime: its name and every phase's rule, naming every
// field at fault (phases[i].field).
func (g Regime) Validate() []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, msg string) { f = append(f, apperr.FieldError{Field: field, Message: msg}) }
	if n := utf8.RuneCountInString(strings.TrimSpace(g.Name)); n == 0 || n > 100 {
		add("name", "is required (at most 100 characters)")
	}
	if utf8.RuneCountInString(g.Description) > 2000 {
		add("description", "is at most 2000 characters")
	}
	if len(g.Phases) == 0 || len(g.Phases) > 10 {
		add("phases", "must hold between 1 and 10 phases")
	}
	for i, p := range g.Phases {
		at := func(field string) string { return fmt.Sprintf("phases[%d].%s", i, field) }
		if n := utf8.RuneCountInString(strings.TrimSpace(p.Name)); n == 0 || n > 100 {
			add(at("name"), "is required (at most 100 characters)")
		}
		if !contains(Audiences, p.Audience) {
			add(at("audience"), "must be regulator, csirt, data_subjects or other")
		}
		if utf8.RuneCountInString(p.Guidance) > 1000 {
			add(at("guidance"), "is at most 1000 characters")
		}
		r := p.Rule
		switch r.Kind {
		case FromAwareness, AfterPhase:
			switch {
			case (r.Hours == nil) == (r.Months == nil):
				add(at("rule"), "needs an offset: a number of hours or of months, not both")
			case r.Hours != nil && (*r.Hours < 1 || *r.Hours > MaxOffsetHours):
				add(at("rule.offset_hours"), fmt.Sprintf("must be between 1 and %d", MaxOffsetHours))
			case r.Months != nil && (*r.Months < 1 || *r.Months > MaxOffsetMonths):
				add(at("rule.offset_months"), fmt.Sprintf("must be between 1 and %d", MaxOffsetMonths))
			}
			if r.Kind == AfterPhase && (r.AfterPosition == nil || *r.AfterPosition < 1 || *r.AfterPosition > i) {
				add(at("rule.after_phase"), "must name an earlier phase of this regime (1 for the first)")
			} else if r.Kind == FromAwareness && r.AfterPosition != nil {
				add(at("rule.after_phase"), "is only for a deadline after another phase")
			}
		case NoDeadline:
			if r.Hours != nil || r.Months != nil || r.AfterPosition != nil {
				add(at("rule"), "a phase with no fixed deadline takes no offset and no phase to follow")
			}
		default:
			add(at("rule.kind"), "must be from_awareness, after_phase or none")
		}
	}
	return f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
