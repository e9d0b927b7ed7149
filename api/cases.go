package api

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
)

// ListCases returns one page of the cases the caller may see.
func (h *caseHandlers) ListCases(ctx context.Context, req gen.ListCasesRequestObject) (gen.ListCasesResponseObject, error) {
	p := req.Params
	var after cases.Cursor
	limit, err := pageArgs(p.Limit, p.Cursor, &after)
	if err != nil {
		return nil, err
	}
	q := cases.Query{
		Statuses: enumList[cases.Status](p.Status), Severities: enumList[cases.Severity](p.Severity),
		BreachStatuses: enumList[cases.BreachStatus](p.BreachStatus), Categories: enumList[cases.Category](p.Category),
		DepartmentID: p.DepartmentId, OwnerID: p.OwnerId, Text: deref(p.Q), Limit: limit, Sort: cases.SortOpened,
	}
	if p.RegulatorStatus != nil {
		q.RegulatorStatus = cases.RegulatorStatus(*p.RegulatorStatus)
	}
	if p.Clock != nil {
		q.Clock = cases.ClockFilter(*p.Clock)
	}
	if p.OpenedAfter != nil {
		q.OpenedAfter = *p.OpenedAfter
	}
	if p.OpenedBefore != nil {
		q.OpenedBefore = *p.OpenedBefore
	}
	if p.Sort != nil {
		sort := string(*p.Sort)
		q.Ascending = !strings.HasPrefix(sort, "-")
		q.Sort = cases.SortKey(strings.TrimPrefix(sort, "-"))
	}
	if after.ID != uuid.Nil {
		q.After = &after
	}
	list, more, err := h.cases.List(ctx, q)
	if err != nil {
		return nil, err
	}
	var total *listTotal
	if q.After == nil { // the first page counts, up to the cap; the next ones do not
		t := listTotal{n: len(list)}
		if more {
			if t.n, t.capped, err = h.cases.Count(ctx, q, cases.CountCap); err != nil {
				return nil, err
			}
		}
		total = &t
	}
	return caseListResponse{items: list, now: h.cases.Now(), total: total,
		next: nextCursor(list, more, func(c cases.Case) any { return cases.CursorAfter(c, q.Sort) })}, nil
}

// CreateCase opens a case.
func (h *caseHandlers) CreateCase(ctx context.Context, req gen.CreateCaseRequestObject) (gen.CreateCaseResponseObject, error) {
	b := req.Body
	c := cases.Case{
		Title: b.Title, Summary: deref(b.Summary), Category: cases.Category(b.Category), Severity: cases.Severity(b.Severity),
		DetectedAt: b.DetectedAt, AwareAt: b.AwareAt, PersonalDataInvolved: b.PersonalDataInvolved,
		DepartmentID: optional(b.DepartmentId).Value, DataSubjectsEstimate: optional(b.DataSubjectsEstimate).Value,
	}
	if b.BreachStatus != nil {
		c.BreachStatus = cases.BreachStatus(*b.BreachStatus)
	}
	if b.OwnerId != nil {
		c.OwnerID = *b.OwnerId
	}
	if b.Restricted != nil {
		c.Restricted = *b.Restricted
	}
	if b.MemberIds != nil {
		c.MemberIDs = *b.MemberIds
	}
	if b.PlaybookId != nil {
		created, ref, err := h.playbooks.CreateCase(ctx, c, *b.PlaybookId)
		if err != nil {
			return nil, err
		}
		out := h.caseWithMoves(created)
		out.Playbook = toAPIPlaybookRef(ref)
		return gen.CreateCase201JSONResponse{Body: out, Headers: gen.CreateCase201ResponseHeaders{ETag: etag(created.Version)}}, nil
	}
	created, err := h.cases.Create(ctx, c)
	if err != nil {
		return nil, err
	}
	out := h.caseWithMoves(created)
	return gen.CreateCase201JSONResponse{Body: out, Headers: gen.CreateCase201ResponseHeaders{ETag: etag(created.Version)}}, nil
}

// GetCase returns one case with the moves open to it, and the playbook it came from.
func (h *caseHandlers) GetCase(ctx context.Context, req gen.GetCaseRequestObject) (gen.GetCaseResponseObject, error) {
	c, ref, ok, err := h.playbooks.GetCase(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	if ok { // the rarer case: written by encoding/json, with its playbook
		out := h.caseWithMoves(c)
		out.Playbook = toAPIPlaybookRef(ref)
		return gen.GetCase200JSONResponse{Body: out, Headers: gen.GetCase200ResponseHeaders{ETag: etag(c.Version)}}, nil
	}
	return caseResponse{c: c, now: h.cases.Now(), etag: *etag(c.Version)}, nil
}

// UpdateCase changes a case's fields.
func (h *caseHandlers) UpdateCase(ctx context.Context, req gen.UpdateCaseRequestObject) (gen.UpdateCaseResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	patch := cases.Patch{
		Title: b.Title, Summary: b.Summary, Category: (*cases.Category)(b.Category), Severity: (*cases.Severity)(b.Severity),
		BreachStatus: (*cases.BreachStatus)(b.BreachStatus), OwnerID: b.OwnerId, DepartmentID: optional(b.DepartmentId),
		DetectedAt: b.DetectedAt, AwareAt: b.AwareAt, PersonalDataInvolved: b.PersonalDataInvolved,
		DataSubjectsEstimate: optional(b.DataSubjectsEstimate), RegulatorNotifiedAt: optional(b.RegulatorNotifiedAt),
		RegulatorReference: b.RegulatorReference, RegulatorDecisionRationale: b.RegulatorDecisionRationale,
		RegulatorDelayReason: b.RegulatorDelayReason, Restricted: b.Restricted, MemberIDs: b.MemberIds,
	}
	c, err := h.cases.Update(ctx, req.Id, version, patch)
	if err != nil {
		return nil, err
	}
	out := h.caseWithMoves(c)
	return gen.UpdateCase200JSONResponse{Body: out, Headers: gen.UpdateCase200ResponseHeaders{ETag: etag(c.Version)}}, nil
}

// TransitionCase moves a case along its workflow.
func (h *caseHandlers) TransitionCase(ctx context.Context, req gen.TransitionCaseRequestObject) (gen.TransitionCaseResponseObject, error) {
	opt := cases.TransitionOptions{CancelOpenTasks: req.Body.OpenTasks != nil && *req.Body.OpenTasks == gen.TransitionRequestOpenTasksCancel}
	c, err := h.cases.TransitionWith(ctx, req.Id, cases.Status(req.Body.To), deref(req.Body.Note), opt)
	if err != nil {
		return nil, err
	}
	out := h.caseWithMoves(c)
	return gen.TransitionCase200JSONResponse{Body: out, Headers: gen.TransitionCase200ResponseHeaders{ETag: etag(c.Version)}}, nil
}

func (h *caseHandlers) caseWithMoves(c cases.Case) gen.Case {
	return toAPICaseWithMoves(c, h.cases.Now())
}

// toAPICaseWithMoves is the case with the moves open to it now.
func toAPICaseWithMoves(c cases.Case, now time.Time) gen.Case {
	out := toAPICase(c, now)
	allowed, unmet := cases.AllowedMoves(c)
	moves := make([]gen.CaseStatus, len(allowed))
	for i, m := range allowed {
		moves[i] = gen.CaseStatus(m)
	}
	if unmet == nil {
		unmet = []string{}
	}
	out.AllowedTransitions, out.ClosingBlockers = &moves, &unmet
	open := int32Of(c.OpenTasks)
	out.OpenTasks = &open
	return out
}

func toAPICase(c cases.Case, now time.Time) gen.Case {
	members := c.MemberIDs
	if members == nil {
		members = []uuid.UUID{}
	}
	return gen.Case{
		Id: c.ID, Reference: c.Reference, Title: c.Title, Summary: c.Summary, Category: gen.Category(c.Category),
		Severity: gen.Severity(c.Severity), Status: gen.CaseStatus(c.Status), BreachStatus: gen.BreachStatus(c.BreachStatus),
		OwnerId: c.OwnerID, DepartmentId: nullableOf(c.DepartmentID), DetectedAt: c.DetectedAt, AwareAt: c.AwareAt,
		PersonalDataInvolved: c.PersonalDataInvolved, DataSubjectsEstimate: nullableOf(c.DataSubjectsEstimate),
		RegulatorNotificationDueAt: nullableOf(c.NotificationDueAt()), RegulatorNotifiedAt: nullableOf(c.RegulatorNotifiedAt),
		RegulatorReference: c.RegulatorReference, RegulatorStatus: gen.RegulatorStatus(c.RegulatorStatusAt(now)),
		RegulatorDecisionRationale: c.RegulatorDecisionRationale, RegulatorDelayReason: c.RegulatorDelayReason,
		NextClockDueAt: nullableOf(c.NextClockDueAt), NextClockLabel: c.NextClockLabel,
		Restricted: c.Restricted, MemberIds: members, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

// enumList converts an optional list of generated enum values to domain values.
func enumList[D ~string, G ~string](in *[]G) []D {
	if in == nil {
		return nil
	}
	out := make([]D, len(*in))
	for i, v := range *in {
		out[i] = D(v)
	}
	return out
}
