package api

import (
	"context"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
)

// ListTasks returns a case's tasks, grouped.
func (h *taskHandlers) ListTasks(ctx context.Context, req gen.ListTasksRequestObject) (gen.ListTasksResponseObject, error) {
	tasks, err := h.cases.Tasks(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	now := h.cases.Now()
	items := make([]gen.Task, len(tasks))
	for i, t := range tasks {
		items[i] = toAPITask(t, now)
	}
	return gen.ListTasks200JSONResponse{Body: gen.TaskList{Items: items}}, nil
}

// CreateTask adds a task to a case.
func (h *taskHandlers) CreateTask(ctx context.Context, req gen.CreateTaskRequestObject) (gen.CreateTaskResponseObject, error) {
	b := req.Body
	t := cases.Task{Title: b.Title, Description: deref(b.Description), Group: deref(b.Group),
		AssigneeID: optional(b.AssigneeId).Value, DueAt: optional(b.DueAt).Value, Checklist: toDomainChecklist(b.Checklist)}
	if b.Status != nil {
		t.Status = cases.TaskStatus(*b.Status)
	}
	created, err := h.cases.AddTask(ctx, req.Id, t)
	if err != nil {
		return nil, err
	}
	return gen.CreateTask201JSONResponse{Body: toAPITask(created, h.cases.Now()), Headers: gen.CreateTask201ResponseHeaders{ETag: etag(created.Version)}}, nil
}

// UpdateTask changes a task, its status or its checklist.
func (h *taskHandlers) UpdateTask(ctx context.Context, req gen.UpdateTaskRequestObject) (gen.UpdateTaskResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	p := cases.TaskPatch{Title: b.Title, Description: b.Description, Group: b.Group,
		AssigneeID: optional(b.AssigneeId), DueAt: optional(b.DueAt), Status: (*cases.TaskStatus)(b.Status)}
	if b.Checklist != nil {
		list := toDomainChecklist(b.Checklist)
		p.Checklist = &list
	}
	t, err := h.cases.UpdateTask(ctx, req.Id, version, p)
	if err != nil {
		return nil, err
	}
	return gen.UpdateTask200JSONResponse{Body: toAPITask(t, h.cases.Now()), Headers: gen.UpdateTask200ResponseHeaders{ETag: etag(t.Version)}}, nil
}

func toDomainChecklist(items *[]gen.ChecklistItem) []cases.ChecklistItem {
	if items == nil {
		return nil
	}
	out := make([]cases.ChecklistItem, len(*items))
	for i, it := range *items {
		out[i] = cases.ChecklistItem{Text: it.Text, Done: it.Done}
	}
	return out
}

func toAPITask(t cases.Task, now time.Time) gen.Task {
	list := make([]gen.ChecklistItem, len(t.Checklist))
	for i, it := range t.Checklist {
		list[i] = gen.ChecklistItem{Text: it.Text, Done: it.Done}
	}
	return gen.Task{Id: t.ID, CaseId: t.CaseID, Title: t.Title, Description: t.Description, Group: t.Group,
		AssigneeId: nullableOf(t.AssigneeID), DueAt: nullableOf(t.DueAt), Status: gen.TaskStatus(t.Status), Checklist: list,
		ChecklistDone: int32Of(t.ChecklistDone()), Overdue: t.Overdue(now), CreatedById: t.CreatedByID, Version: t.Version,
		CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}
