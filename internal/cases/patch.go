package cases

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// Optional is a PATCH field that may be null: Set says it was sent, a nil Value
// means null.
type Optional[T any] struct {
	Set   bool
	Value *T
}

// Patch holds the fields a PATCH names; nil and unset fields stay as they are.
type Patch struct {
	Title                      *string
	Summary                    *string
	Category                   *Category
	Severity                   *Severity
	BreachStatus               *BreachStatus
	OwnerID                    *uuid.UUID
	DepartmentID               Optional[uuid.UUID]
	DetectedAt                 *time.Time
	AwareAt                    *time.Time
	PersonalDataInvolved       *bool
	DataSubjectsEstimate       Optional[int64]
	RegulatorNotifiedAt        Optional[time.Time]
	RegulatorReference         *string
	RegulatorDecisionRationale *string
	RegulatorDelayReason       *string
	Restricted                 *bool
	MemberIDs                  *[]uuid.UUID
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func setOptional[T any](dst **T, v Optional[T]) {
	if v.Set {
		*dst = v.Value
	}
}

func trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

func (p Patch) apply(c Case) Case {
	set(&c.Title, trimmed(p.Title))
	set(&c.Summary, trimmed(p.Summary))
	set(&c.Category, p.Category)
	set(&c.Severity, p.Severity)
	set(&c.BreachStatus, p.BreachStatus)
	set(&c.OwnerID, p.OwnerID)
	setOptional(&c.DepartmentID, p.DepartmentID)
	set(&c.DetectedAt, p.DetectedAt)
	set(&c.AwareAt, p.AwareAt)
	set(&c.PersonalDataInvolved, p.PersonalDataInvolved)
	setOptional(&c.DataSubjectsEstimate, p.DataSubjectsEstimate)
	setOptional(&c.RegulatorNotifiedAt, p.RegulatorNotifiedAt)
	set(&c.RegulatorReference, trimmed(p.RegulatorReference))
	set(&c.RegulatorDecisionRationale, trimmed(p.RegulatorDecisionRationale))
	set(&c.RegulatorDelayReason, trimmed(p.RegulatorDelayReason))
	set(&c.Restricted, p.Restricted)
	if p.MemberIDs != nil {
		c.MemberIDs = slices.Clone(*p.MemberIDs)
	}
	return c
}

// diff lists the fields that differ between old and next for the audit trail
// (and so the timeline), in the API's field names and JSON forms.
func diff(old, next Case) audit.Changes {
	return audit.Diff(fields(old), fields(next))
}

// fields renders the audited fields of c as comparable JSON-ready values; the
// zero Case renders as all nils, so a creation lists every field set.
func fields(c Case) map[string]any {
	if c.ID == uuid.Nil {
		return map[string]any{}
	}
	str, tm := audit.TextValue, audit.TimeValue
	m := map[string]any{
		"reference": c.Reference, "title": c.Title, "summary": str(c.Summary), "category": string(c.Category),
		"severity": string(c.Severity), "status": string(c.Status), "breach_status": string(c.BreachStatus),
		"owner_id": c.OwnerID.String(), "detected_at": tm(&c.DetectedAt), "aware_at": tm(&c.AwareAt),
		"personal_data_involved": c.PersonalDataInvolved, "regulator_notified_at": tm(c.RegulatorNotifiedAt),
		"regulator_reference": str(c.RegulatorReference), "regulator_decision_rationale": str(c.RegulatorDecisionRationale),
		"regulator_delay_reason": str(c.RegulatorDelayReason), "restricted": c.Restricted, "department_id": nil,
		"data_subjects_estimate": audit.IntValue(c.DataSubjectsEstimate), "member_ids": memberList(c.MemberIDs),
	}
	if c.DepartmentID != nil {
		m["department_id"] = c.DepartmentID.String()
	}
	return m
}

// memberList is a sorted, comma-joined list so that it compares as a value.
func memberList(ids []uuid.UUID) any {
	if len(ids) == 0 {
		return nil
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = id.String()
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}
