package api

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/directory"
)

// GetServiceHistory returns a service's page: its suspensions the caller may
// see, and the downtime figures of all of them.
func (h *restorationHandlers) GetServiceHistory(ctx context.Context, req gen.GetServiceHistoryRequestObject) (gen.GetServiceHistoryResponseObject, error) {
	hist, err := h.restoration.History(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	now := h.restoration.Now()
	status := directory.Operational
	if hist.Service.Suspended {
		status = directory.Suspended
	}
	out := gen.ServiceHistory{
		Service: gen.ServiceSummary{Id: hist.Service.ID, Name: hist.Service.Name, DepartmentId: hist.Service.DepartmentID,
			DepartmentName: hist.Service.DepartmentName, PublicName: hist.Service.PublicName, Status: gen.ServiceStatus(status)},
		Suspensions:            make([]gen.ServiceSuspension, len(hist.Items)),
		HiddenSuspensions:      int32Of(hist.Hidden),
		OmittedSuspensions:     int32Of(hist.Omitted),
		DowntimeByMonth:        make([]gen.MonthDowntime, len(hist.ByMonth)),
		Availability:           make([]gen.DayAvailability, len(hist.Days)),
		Availability90dPercent: hist.AvailabilityPercent,
		GeneratedAt:            now,
	}
	for i, it := range hist.Items {
		s, p := it.Suspension, it.Progress
		out.Suspensions[i] = gen.ServiceSuspension{
			Id: s.ID, CaseId: s.CaseID, CaseReference: it.CaseReference, Status: gen.SuspensionStatus(s.Status),
			SuspendedAt: s.SuspendedAt, BaselineRestorationAt: nullableOf(s.BaselineRestorationAt),
			ExpectedRestorationAt: nullableOf(s.ExpectedRestorationAt), RestoredAt: nullableOf(s.RestoredAt),
			ProjectedRestorationAt: nullableOf(p.ProjectedRestorationAt), PlanStatus: gen.PlanStatus(p.PlanStatus),
			ReplanCount: int32Of(s.ReplanCount), SlipSeconds: int64(p.Slip.Seconds()), DowntimeSeconds: int64(it.Downtime.Seconds()),
		}
	}
	for i, m := range hist.ByMonth {
		out.DowntimeByMonth[i] = gen.MonthDowntime{Month: m.Month.Format("2006-01"), Seconds: m.Seconds}
	}
	for i, d := range hist.Days {
		out.Availability[i] = gen.DayAvailability{Date: openapi_types.Date{Time: d.Day}, State: gen.DayAvailabilityState(d.State), DownSeconds: d.DownSeconds}
	}
	return gen.GetServiceHistory200JSONResponse{Body: out}, nil
}
