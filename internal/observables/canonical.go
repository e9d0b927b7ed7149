package observables

import (
	"time"

	"github.com/caseward/caseward/internal/apperr"
)

// Canonical checks drafts as adding them to a case would, apart from their
// evidence links, and returns them in canonical form (value normalised,
// markings defaulted, tags and times tidied). Each fault is named under
// prefix with the draft's index, as the contract names list items
// ("observables.2.value"). Alerts hold observables before any case does.
func Canonical(ds []Draft, prefix string, now time.Time) ([]Draft, []apperr.FieldError) {
	var s Service
	out := make([]Draft, len(ds))
	var f []apperr.FieldError
	for i, d := range ds {
		o, errs := s.fromDraft(d, itemAt(prefix, i), now)
		f = append(f, errs...)
		out[i] = Draft{Type: o.Type, Value: o.Value, TLP: o.TLP, PAP: o.PAP, IOC: o.IOC, Tags: o.Tags, Description: o.Description,
			Source: o.Source, FirstSeenAt: o.FirstSeenAt, LastSeenAt: o.LastSeenAt}
		if len(d.EvidenceIDs) > 0 {
			f = append(f, apperr.FieldError{Field: field(itemAt(prefix, i), "evidence_ids"), Message: "must be left out: there is no case yet"})
		}
	}
	return out, f
}
