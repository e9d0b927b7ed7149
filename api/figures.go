package api

import (
	"context"
	"math"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/figures"
)

// figureHandlers: a case's phase durations and the reporting page's figures
// (figures.go).
type figureHandlers struct{ figures *figures.Service }

// GetCasePhases returns how long a case's phases took.
func (h *figureHandlers) GetCasePhases(ctx context.Context, req gen.GetCasePhasesRequestObject) (gen.GetCasePhasesResponseObject, error) {
	p, err := h.figures.Phases(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetCasePhases200JSONResponse{Body: toAPIPhases(p)}, nil
}

// GetFigures returns the figures over the cases the caller may see.
func (h *figureHandlers) GetFigures(ctx context.Context, _ gen.GetFiguresRequestObject) (gen.GetFiguresResponseObject, error) {
	r, err := h.figures.Report(ctx)
	if err != nil {
		return nil, err
	}
	return gen.GetFigures200JSONResponse{Body: toAPIFigures(r)}, nil
}

func toAPIPhases(p figures.Phases) gen.CasePhases {
	down := make([]gen.ServiceDowntime, len(p.Downtime))
	for i, d := range p.Downtime {
		down[i] = gen.ServiceDowntime{ServiceId: d.ServiceID, ServiceName: d.ServiceName, DowntimeSeconds: seconds(d.Downtime), Running: d.Running}
	}
	return gen.CasePhases{
		DetectedAt: p.DetectedAt, AwareAt: p.AwareAt, ContainedAt: nullableOf(p.ContainedAt), ClosedAt: nullableOf(p.ClosedAt),
		ToAwarenessSeconds: seconds(p.ToAwareness), ToContainmentSeconds: nullableSeconds(p.ToContainment),
		ToClosureSeconds: nullableSeconds(p.ToClosure), Downtime: down, GeneratedAt: p.Now,
	}
}

func toAPIFigures(r figures.Report) gen.Figures {
	out := gen.Figures{GeneratedAt: r.Now, TimeZone: gen.FiguresTimeZoneUTC, Months: make([]gen.FiguresMonth, len(r.Months)),
		Severities: make([]gen.SeverityTimes, len(r.Severity)), DepartmentDowntime: make([]gen.DepartmentDowntime, len(r.Downtime)),
		Regulator: gen.RegulatorOutcomes{OnTime: int32Of(r.Regulator.OnTime), Late: int32Of(r.Regulator.Late), Overdue: int32Of(r.Regulator.Overdue),
			Running: int32Of(r.Regulator.Running), NotNotifying: int32Of(r.Regulator.NotNotifying)}}
	for i, m := range r.Months {
		out.Months[i] = gen.FiguresMonth{Month: m.Month, Opened: int32Of(m.Opened), Closed: int32Of(m.Closed)}
	}
	for i, s := range r.Severity {
		out.Severities[i] = gen.SeverityTimes{Severity: gen.Severity(s.Severity), ToContainment: toAPIStatistics(s.ToContain), ToClosure: toAPIStatistics(s.ToClose)}
	}
	for i, d := range r.Downtime {
		out.DepartmentDowntime[i] = gen.DepartmentDowntime{DepartmentId: d.DepartmentID, DepartmentName: d.DepartmentName,
			Services: int32Of(d.Services), DowntimeSeconds: d.Seconds}
	}
	return out
}

func toAPIStatistics(d figures.Duration) gen.PhaseStatistics {
	round := func(v *float64) nullable.Nullable[int64] {
		if v == nil {
			return nullable.NewNullNullable[int64]()
		}
		return nullable.NewNullableWithValue(int64(math.Round(*v)))
	}
	return gen.PhaseStatistics{Cases: int32Of(d.Count), MeanSeconds: round(d.MeanSecs), P90Seconds: round(d.P90Secs)}
}

// seconds is d in whole seconds.
func seconds(d time.Duration) int64 { return int64(d / time.Second) }

func nullableSeconds(d *time.Duration) nullable.Nullable[int64] {
	if d == nil {
		return nullable.NewNullNullable[int64]()
	}
	return nullable.NewNullableWithValue(seconds(*d))
}
