package api

import (
	"context"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/restoration"
)

// ListCaseSuspensions returns a case's suspensions with their plans.
func (h *suspensionHandlers) ListCaseSuspensions(ctx context.Context, req gen.ListCaseSuspensionsRequestObject) (gen.ListCaseSuspensionsResponseObject, error) {
	list, milestones, err := h.restoration.ForCase(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	now := h.restoration.Now()
	items := make([]gen.Suspension, len(list))
	for i, s := range list {
		items[i] = toAPISuspension(s, milestones[s.ID], now)
	}
	return gen.ListCaseSuspensions200JSONResponse{Body: gen.SuspensionList{Items: items}}, nil
}

// SuspendService takes a service offline within a case.
func (h *suspensionHandlers) SuspendService(ctx context.Context, req gen.SuspendServiceRequestObject) (gen.SuspendServiceResponseObject, error) {
	b := req.Body
	in := restoration.Suspension{
		CaseID: req.Id, ServiceID: b.ServiceId, Reason: b.Reason, DecidedBy: b.DecidedBy,
		ExpectedRestorationAt: optional(b.ExpectedRestorationAt).Value, AffectedUsersEstimate: optional(b.AffectedUsersEstimate).Value,
		Impact: deref(b.Impact), Workaround: deref(b.Workaround),
	}
	if b.SuspendedAt != nil {
		in.SuspendedAt = *b.SuspendedAt
	}
	if b.PlaybookMilestones != nil && *b.PlaybookMilestones {
		s, err := h.playbooks.SuspendWithPlan(ctx, in)
		if err != nil {
			return nil, err
		}
		return gen.SuspendService201JSONResponse{Body: h.suspensionWithPlan(ctx, s), Headers: gen.SuspendService201ResponseHeaders{ETag: etag(s.Version)}}, nil
	}
	s, err := h.restoration.Suspend(ctx, in)
	if err != nil {
		return nil, err
	}
	return gen.SuspendService201JSONResponse{Body: toAPISuspension(s, nil, h.restoration.Now()),
		Headers: gen.SuspendService201ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// GetSuspension returns one suspension with its plan.
func (h *suspensionHandlers) GetSuspension(ctx context.Context, req gen.GetSuspensionRequestObject) (gen.GetSuspensionResponseObject, error) {
	s, ms, err := h.restoration.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetSuspension200JSONResponse{Body: toAPISuspension(s, ms, h.restoration.Now()),
		Headers: gen.GetSuspension200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// UpdateSuspension changes a suspension's details.
func (h *suspensionHandlers) UpdateSuspension(ctx context.Context, req gen.UpdateSuspensionRequestObject) (gen.UpdateSuspensionResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	s, err := h.restoration.Update(ctx, req.Id, version, restoration.SuspensionPatch{
		Reason: b.Reason, DecidedBy: b.DecidedBy, SuspendedAt: b.SuspendedAt,
		ExpectedRestorationAt: optional(b.ExpectedRestorationAt), AffectedUsersEstimate: optional(b.AffectedUsersEstimate),
		Impact: b.Impact, Workaround: b.Workaround, ReplanReason: b.ReplanReason,
	})
	if err != nil {
		return nil, err
	}
	return gen.UpdateSuspension200JSONResponse{Body: h.suspensionWithPlan(ctx, s), Headers: gen.UpdateSuspension200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// RestoreSuspension records that the service is back.
func (h *suspensionHandlers) RestoreSuspension(ctx context.Context, req gen.RestoreSuspensionRequestObject) (gen.RestoreSuspensionResponseObject, error) {
	var at time.Time
	if req.Body.RestoredAt != nil {
		at = *req.Body.RestoredAt
	}
	var open restoration.OpenMilestones
	if req.Body.OpenMilestones != nil {
		open = restoration.OpenMilestones(*req.Body.OpenMilestones)
	}
	s, err := h.restoration.Restore(ctx, req.Id, at, deref(req.Body.Note), open)
	if err != nil {
		return nil, err
	}
	return gen.RestoreSuspension200JSONResponse{Body: h.suspensionWithPlan(ctx, s), Headers: gen.RestoreSuspension200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// CancelSuspension withdraws a suspension.
func (h *suspensionHandlers) CancelSuspension(ctx context.Context, req gen.CancelSuspensionRequestObject) (gen.CancelSuspensionResponseObject, error) {
	s, err := h.restoration.Cancel(ctx, req.Id, deref(req.Body.Note))
	if err != nil {
		return nil, err
	}
	return gen.CancelSuspension200JSONResponse{Body: h.suspensionWithPlan(ctx, s), Headers: gen.CancelSuspension200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// suspensionWithPlan renders s with its current milestones; a failure to read
// them after a committed change leaves the plan out rather than failing.
func (h *suspensionHandlers) suspensionWithPlan(ctx context.Context, s restoration.Suspension) gen.Suspension {
	_, ms, _ := h.restoration.Get(ctx, s.ID)
	return toAPISuspension(s, ms, h.restoration.Now())
}

// ListMilestones returns a suspension's plan.
func (h *suspensionHandlers) ListMilestones(ctx context.Context, req gen.ListMilestonesRequestObject) (gen.ListMilestonesResponseObject, error) {
	_, ms, err := h.restoration.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.ListMilestones200JSONResponse{Body: gen.MilestoneList{Items: toAPIMilestones(ms, h.restoration.Now())}}, nil
}

// CreateMilestone adds a step to a plan.
func (h *suspensionHandlers) CreateMilestone(ctx context.Context, req gen.CreateMilestoneRequestObject) (gen.CreateMilestoneResponseObject, error) {
	b := req.Body
	m := restoration.Milestone{Title: b.Title, OwnerID: optional(b.OwnerId).Value, DueAt: optional(b.DueAt).Value}
	if b.Status != nil {
		m.Status = restoration.MilestoneStatus(*b.Status)
	}
	created, err := h.restoration.AddMilestone(ctx, req.Id, m)
	if err != nil {
		return nil, err
	}
	return gen.CreateMilestone201JSONResponse{Body: toAPIMilestone(created, h.restoration.Now()),
		Headers: gen.CreateMilestone201ResponseHeaders{ETag: etag(created.Version)}}, nil
}

// ReorderMilestones sets the order of a plan.
func (h *suspensionHandlers) ReorderMilestones(ctx context.Context, req gen.ReorderMilestonesRequestObject) (gen.ReorderMilestonesResponseObject, error) {
	ms, err := h.restoration.Reorder(ctx, req.Id, req.Body.MilestoneIds)
	if err != nil {
		return nil, err
	}
	return gen.ReorderMilestones200JSONResponse{Body: gen.MilestoneList{Items: toAPIMilestones(ms, h.restoration.Now())}}, nil
}

// UpdateMilestone changes a step of a plan.
func (h *suspensionHandlers) UpdateMilestone(ctx context.Context, req gen.UpdateMilestoneRequestObject) (gen.UpdateMilestoneResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	m, err := h.restoration.UpdateMilestone(ctx, req.Id, version, restoration.MilestonePatch{
		Title: b.Title, OwnerID: optional(b.OwnerId), DueAt: optional(b.DueAt), Status: (*restoration.MilestoneStatus)(b.Status),
		ReplanReason: b.ReplanReason,
	})
	if err != nil {
		return nil, err
	}
	return gen.UpdateMilestone200JSONResponse{Body: toAPIMilestone(m, h.restoration.Now()), Headers: gen.UpdateMilestone200ResponseHeaders{ETag: etag(m.Version)}}, nil
}

// GetRestorationDashboard returns every suspension the caller follows, rendered
// at most once a second for each group of readers who see the same (see
// dashboardCache).
func (h *suspensionHandlers) GetRestorationDashboard(ctx context.Context, _ gen.GetRestorationDashboardRequestObject) (gen.GetRestorationDashboardResponseObject, error) {
	rendered, err := h.dashboards.get(ctx, func(ctx context.Context) (any, error) { return h.restorationDashboard(ctx) })
	if err != nil {
		return nil, err
	}
	gz := httpx.TakesGzip(httpRequest(ctx))
	return renderedDashboardResponse{rendered: rendered, gzip: gz}, nil
}

// restorationDashboard reads and derives the dashboard.
func (h *suspensionHandlers) restorationDashboard(ctx context.Context) (gen.RestorationDashboard, error) {
	items, err := h.restoration.Dashboard(ctx)
	if err != nil {
		return gen.RestorationDashboard{}, err
	}
	now := h.restoration.Now()
	out := make([]gen.DashboardItem, len(items))
	for i, it := range items {
		out[i] = toAPIDashboardItem(it, now)
	}
	return gen.RestorationDashboard{Items: out, GeneratedAt: now}, nil
}

// toAPIDashboardItem is one row of the restoration dashboard (and of a
// department head's My work).
func toAPIDashboardItem(it restoration.DashboardItem, now time.Time) gen.DashboardItem {
	next := nullable.NewNullNullable[gen.Milestone]()
	if it.Progress.NextMilestone != nil {
		next = nullable.NewNullableWithValue(toAPIMilestone(*it.Progress.NextMilestone, now))
	}
	return gen.DashboardItem{
		Suspension: toAPISuspension(it.Suspension, it.Milestones, now), ServiceName: it.ServiceName,
		DepartmentId: it.DepartmentID, DepartmentName: it.DepartmentName, CaseReference: it.CaseReference, NextMilestone: next, LatestUpdate: latestUpdate(it.LatestUpdate),
	}
}

func toAPISuspension(s restoration.Suspension, ms []restoration.Milestone, now time.Time) gen.Suspension {
	p := restoration.Derive(s, ms, now)
	var downtime *int64
	if p.Downtime != nil {
		secs := int64(p.Downtime.Seconds())
		downtime = &secs
	}
	return gen.Suspension{
		Id: s.ID, CaseId: s.CaseID, ServiceId: s.ServiceID, Reason: s.Reason, DecidedBy: s.DecidedBy, RecordedById: s.RecordedByID,
		SuspendedAt: s.SuspendedAt, ExpectedRestorationAt: nullableOf(s.ExpectedRestorationAt), RestoredAt: nullableOf(s.RestoredAt),
		AffectedUsersEstimate: nullableOf(s.AffectedUsersEstimate), Impact: s.Impact, Workaround: s.Workaround,
		Status: gen.SuspensionStatus(s.Status), Version: s.Version,
		DaysSuspended: int32Of(p.DaysSuspended), MilestonesDone: int32Of(p.MilestonesDone), MilestonesTotal: int32Of(p.MilestonesTotal),
		ProjectedRestorationAt: nullableOf(p.ProjectedRestorationAt), Slipping: p.Slipping, OverdueMilestones: int32Of(p.OverdueMilestones),
		DowntimeSeconds: nullableOf(downtime), Milestones: toAPIMilestones(ms, now),
		BaselineRestorationAt: nullableOf(s.BaselineRestorationAt), ReplanCount: int32Of(s.ReplanCount),
		SlipSeconds: int64(p.Slip.Seconds()), PlanStatus: gen.PlanStatus(p.PlanStatus),
	}
}

func toAPIMilestones(ms []restoration.Milestone, now time.Time) []gen.Milestone {
	out := make([]gen.Milestone, len(ms))
	for i, m := range ms {
		out[i] = toAPIMilestone(m, now)
	}
	return out
}

func toAPIMilestone(m restoration.Milestone, now time.Time) gen.Milestone {
	overdue := !m.Closed() && m.DueAt != nil && m.DueAt.Before(now)
	status := gen.MilestoneStatus(m.Status)
	return gen.Milestone{
		Id: m.ID, SuspensionId: m.SuspensionID, Title: m.Title, OwnerId: nullableOf(m.OwnerID), DueAt: nullableOf(m.DueAt), BaselineDueAt: nullableOf(m.BaselineDueAt),
		CompletedAt: nullableOf(m.CompletedAt), Status: status, Position: int32Of(m.Position), Version: m.Version, Overdue: &overdue,
		CreatedAt: m.CreatedAt,
	}
}
