package api

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
)

// GetMyWork returns the caller's work for the landing page.
func (h *myWorkHandlers) GetMyWork(ctx context.Context, _ gen.GetMyWorkRequestObject) (gen.GetMyWorkResponseObject, error) {
	w, err := h.work.For(ctx)
	if err != nil {
		return nil, err
	}
	now := w.GeneratedAt
	out := gen.MyWork{
		Role: gen.Role(w.Role), GeneratedAt: now,
		OpenCases: nullable.NewNullNullable[gen.WorkCaseList](), RegulatorClocks: nullable.NewNullNullable[gen.WorkCaseList](),
		HeldEvidence: nullable.NewNullNullable[gen.HeldEvidenceList](), AssignedTasks: nullable.NewNullNullable[gen.WorkTaskList](),
		SuspendedServices: nullable.NewNullNullable[gen.WorkSuspensionList](),
		RecentExports:     nullable.NewNullNullable[gen.WorkExportList](), AuditChain: nullable.NewNullNullable[gen.AuditChainState](),
		Setup: nullable.NewNullNullable[gen.SetupChecklist](),
	}
	if w.Role == "admin" || w.Role == "responder" {
		out.OpenCases.Set(gen.WorkCaseList{Items: toAPICases(w.OpenCases, now), More: int32Of(w.OpenCasesMore.N), MoreCapped: w.OpenCasesMore.Capped})
		out.RegulatorClocks.Set(gen.WorkCaseList{Items: toAPICases(w.Clocks, now), More: int32Of(w.ClocksMore.N), MoreCapped: w.ClocksMore.Capped})
		held := make([]gen.HeldEvidence, len(w.Held))
		for i, it := range w.Held {
			held[i] = gen.HeldEvidence{EvidenceId: it.EvidenceID, Title: it.Title, Kind: gen.EvidenceKind(it.Kind), CaseId: it.CaseID,
				CaseReference: it.CaseReference, CaseTitle: it.CaseTitle, HeldSince: it.HeldSince}
		}
		out.HeldEvidence.Set(gen.HeldEvidenceList{Items: held, More: int32Of(w.HeldMore.N), MoreCapped: w.HeldMore.Capped})
		tasks := make([]gen.WorkTask, len(w.Tasks))
		for i, it := range w.Tasks {
			tasks[i] = gen.WorkTask{Task: toAPITask(it.Task, now), CaseReference: it.CaseReference, CaseTitle: it.CaseTitle}
		}
		out.AssignedTasks.Set(gen.WorkTaskList{Items: tasks, More: int32Of(w.TasksMore.N), MoreCapped: w.TasksMore.Capped})
	}
	if w.Role == "department_head" {
		items := make([]gen.DashboardItem, len(w.Suspended))
		for i, it := range w.Suspended {
			items[i] = toAPIDashboardItem(it, now)
		}
		out.SuspendedServices.Set(gen.WorkSuspensionList{Items: items, More: int32Of(w.SuspendedMore.N), MoreCapped: w.SuspendedMore.Capped})
	}
	if w.Role == "auditor" {
		exports := make([]gen.WorkExport, len(w.Exports))
		for i, x := range w.Exports {
			kind := gen.WorkExportKindAudit
			if x.Action == "export.case" {
				kind = gen.WorkExportKindCase
			}
			exports[i] = gen.WorkExport{Seq: x.Seq, Kind: kind, OccurredAt: x.OccurredAt, ActorId: nullableOf(x.ActorID), ActorEmail: x.ActorEmail,
				ActorName: x.ActorName, CaseId: nullableOf(x.CaseID), CaseReference: x.CaseReference}
		}
		out.RecentExports.Set(gen.WorkExportList{Items: exports, More: int32Of(w.ExportsMore.N), MoreCapped: w.ExportsMore.Capped})
	}
	if c := w.Chain; c != nil {
		st := gen.AuditChainState{LatestSeq: c.LatestSeq, LastVerifiedAt: nullable.NewNullNullable[time.Time](),
			LastVerifiedById: nullable.NewNullNullable[uuid.UUID](), Valid: nullable.NewNullNullable[bool](), FirstInvalidSeq: nullable.NewNullNullable[int64]()}
		if v := c.LastVerification; v != nil {
			st.LastVerifiedAt.Set(v.At)
			st.LastVerifiedById = nullableOf(v.ByID)
			st.Valid.Set(v.Result.Valid)
			st.Checked = v.Result.Checked
			st.FirstInvalidSeq = nullableOf(v.Result.FirstInvalidSeq)
		}
		out.AuditChain.Set(st)
	}
	if s := w.Setup; s != nil {
		out.Setup.Set(gen.SetupChecklist{Departments: s.Departments, Services: s.Services, Users: s.Users})
	}
	return gen.GetMyWork200JSONResponse{Body: out}, nil
}

func toAPICases(cs []cases.Case, now time.Time) []gen.Case {
	out := make([]gen.Case, len(cs))
	for i, c := range cs {
		out[i] = toAPICase(c, now)
	}
	return out
}
