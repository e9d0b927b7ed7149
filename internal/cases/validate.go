package cases

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caseward/caseward/internal/apperr"
)

// ClockSkew is how far in the future a reported time may be before it is
// refused as a mistake.
const ClockSkew = 5 * time.Minute

// invalidFields names every field of c whose value, or its relation to
// another, is at fault; now is the server's clock.
func invalidFields(c Case, now time.Time) []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, msg string) { f = append(f, apperr.FieldError{Field: field, Message: msg}) }
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 300 {
		add("title", "is required (at most 300 characters)")
	}
	if utf8.RuneCountInString(c.Summary) > 20000 {
		add("summary", "must be at most 20000 characters")
	}
	if !slices.Contains(Categories, c.Category) {
		add("category", "is not a known category")
	}
	if c.Severity.Rank() == 0 {
		add("severity", "must be low, medium, high or critical")
	}
	if !slices.Contains(BreachStatuses, c.BreachStatus) {
		add("breach_status", "must be suspected, confirmed or ruled_out")
	}
	if c.DetectedAt.IsZero() {
		add("detected_at", "is required")
	} else if c.DetectedAt.After(now.Add(ClockSkew)) {
		add("detected_at", "is in the future")
	}
	switch { // one message for the field, the first that applies
	case c.AwareAt.IsZero():
		add("aware_at", "is required")
	case c.AwareAt.After(now.Add(ClockSkew)):
		add("aware_at", "is in the future")
	case !c.DetectedAt.IsZero() && c.AwareAt.Before(c.DetectedAt):
		add("aware_at", "cannot be before the time it was detected: nobody becomes aware of an incident before it is detected")
	}
	if c.DataSubjectsEstimate != nil && *c.DataSubjectsEstimate < 0 {
		add("data_subjects_estimate", "cannot be negative")
	}
	if c.RegulatorNotifiedAt != nil {
		switch {
		case c.RegulatorNotifiedAt.After(now.Add(ClockSkew)):
			add("regulator_notified_at", "is in the future")
		case c.RegulatorNotifiedAt.Before(c.AwareAt):
			add("regulator_notified_at", "cannot be before the time you became aware of the incident")
		}
		if strings.TrimSpace(c.RegulatorReference) == "" {
			add("regulator_reference", "is required once the regulator has been notified")
		}
		if c.RegulatorDecisionRationale != "" {
			add("regulator_decision_rationale", "cannot be set together with a notification: either the regulator was notified or it was decided not to")
		}
	}
	if c.NotifiedLate() && strings.TrimSpace(c.RegulatorDelayReason) == "" {
		add("regulator_delay_reason", "is required: the regulator was notified more than 72 hours after you became aware (Art. 33(1))")
	}
	if len(c.MemberIDs) > 100 {
		add("member_ids", "must list at most 100 people")
	}
	return f
}
