package alerts

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// record appends action on a to the audit trail, on the case's trail too
// when it names one. The title and source go with every event, changed or
// not, so that the trail (and the timeline's sentence) names the alert.
func (s *Service) record(ctx context.Context, action string, a Alert, caseID *uuid.UUID, changes audit.Changes) error {
	for _, k := range []string{"title", "source"} {
		if _, ok := changes[k]; !ok {
			v := fields(a)[k]
			changes[k] = [2]any{v, v}
		}
	}
	e := audit.Entry{Action: action, EntityType: "alert", EntityID: a.ID.String(), Changes: changes}
	if caseID != nil {
		e.CaseID = caseID.String()
	}
	return s.audit.Record(ctx, e)
}

// diffAlert is what changed from old (the zero Alert for none) to next.
func diffAlert(old, next Alert) audit.Changes {
	if old.ID == uuid.Nil {
		return audit.Diff(map[string]any{}, fields(next))
	}
	return audit.Diff(fields(old), fields(next))
}

// fields is what the audit trail keeps of an alert: not its raw payload,
// which it names by hash, nor when it was last seen, which is when the
// event happened.
func fields(a Alert) map[string]any {
	values := make([]string, len(a.Observables))
	for i, o := range a.Observables {
		values[i] = string(o.Type) + " " + o.Value
	}
	caseID := ""
	if a.CaseID != nil {
		caseID = a.CaseID.String()
	}
	return map[string]any{"source": a.Source, "source_ref": a.SourceRef, "title": a.Title, "description": audit.TextValue(a.Description),
		"severity": string(a.Severity), "status": string(a.Status), "observables": audit.TextValue(strings.Join(values, "\n")),
		"raw_sha256": a.RawSHA256, "occurrences": a.Occurrences, "case_id": audit.TextValue(caseID),
		"ignore_reason": audit.TextValue(a.IgnoreReason)}
}
