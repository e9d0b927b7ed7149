package api

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/playbook"
)

// ListPlaybooks returns the playbooks at their current version.
func (h *playbookHandlers) ListPlaybooks(ctx context.Context, req gen.ListPlaybooksRequestObject) (gen.ListPlaybooksResponseObject, error) {
	list, err := h.playbooks.List(ctx, req.Params.IncludeRetired != nil && *req.Params.IncludeRetired)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Playbook, len(list))
	for i, p := range list {
		items[i] = toAPIPlaybook(p)
	}
	return gen.ListPlaybooks200JSONResponse{Body: gen.PlaybookList{Items: items}}, nil
}

// CreatePlaybook defines a playbook.
func (h *playbookHandlers) CreatePlaybook(ctx context.Context, req gen.CreatePlaybookRequestObject) (gen.CreatePlaybookResponseObject, error) {
	p, err := h.playbooks.Create(ctx, toDomainPlaybook(*req.Body))
	if err != nil {
		return nil, err
	}
	return gen.CreatePlaybook201JSONResponse{Body: toAPIPlaybook(p), Headers: gen.CreatePlaybook201ResponseHeaders{ETag: etag(int64(p.CurrentVersion))}}, nil
}

// GetPlaybook returns a playbook at its current or an earlier version.
func (h *playbookHandlers) GetPlaybook(ctx context.Context, req gen.GetPlaybookRequestObject) (gen.GetPlaybookResponseObject, error) {
	version := 0
	if req.Params.Version != nil {
		version = int(*req.Params.Version)
	}
	p, err := h.playbooks.Get(ctx, req.Id, version)
	if err != nil {
		return nil, err
	}
	return gen.GetPlaybook200JSONResponse{Body: toAPIPlaybook(p), Headers: gen.GetPlaybook200ResponseHeaders{ETag: etag(int64(p.CurrentVersion))}}, nil
}

// UpdatePlaybook writes a playbook's next version.
func (h *playbookHandlers) UpdatePlaybook(ctx context.Context, req gen.UpdatePlaybookRequestObject) (gen.UpdatePlaybookResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	p, err := h.playbooks.Update(ctx, req.Id, int(version), toDomainPlaybook(*req.Body))
	if err != nil {
		return nil, err
	}
	return gen.UpdatePlaybook200JSONResponse{Body: toAPIPlaybook(p), Headers: gen.UpdatePlaybook200ResponseHeaders{ETag: etag(int64(p.CurrentVersion))}}, nil
}

// RetirePlaybook retires a playbook.
func (h *playbookHandlers) RetirePlaybook(ctx context.Context, req gen.RetirePlaybookRequestObject) (gen.RetirePlaybookResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	p, err := h.playbooks.Retire(ctx, req.Id, int(version))
	if err != nil {
		return nil, err
	}
	return gen.RetirePlaybook200JSONResponse{Body: toAPIPlaybook(p), Headers: gen.RetirePlaybook200ResponseHeaders{ETag: etag(int64(p.CurrentVersion))}}, nil
}

func toDomainPlaybook(b gen.PlaybookInput) playbook.Definition {
	d := playbook.Definition{Name: b.Name, Description: deref(b.Description), Category: cases.Category(b.Category), Severity: cases.Severity(b.Severity)}
	d.Tasks = make([]playbook.TaskTemplate, len(b.Tasks))
	for i, t := range b.Tasks {
		tt := playbook.TaskTemplate{Title: t.Title, Description: deref(t.Description), Group: deref(t.Group)}
		if v, err := t.DueOffsetHours.Get(); err == nil {
			n := int(v)
			tt.DueOffsetHours = &n
		}
		if t.Checklist != nil {
			tt.Checklist = *t.Checklist
		}
		d.Tasks[i] = tt
	}
	if b.Milestones != nil {
		d.Milestones = make([]playbook.MilestoneTemplate, len(*b.Milestones))
		for i, m := range *b.Milestones {
			d.Milestones[i] = playbook.MilestoneTemplate{Title: m.Title, DueOffsetHours: int(m.DueOffsetHours)}
		}
	}
	return d
}

func toAPIPlaybook(p playbook.Playbook) gen.Playbook {
	tasks := make([]gen.PlaybookTask, len(p.Tasks))
	for i, t := range p.Tasks {
		desc, group, list := t.Description, t.Group, append([]string{}, t.Checklist...)
		due := nullable.NewNullNullable[int32]()
		if t.DueOffsetHours != nil {
			due = nullable.NewNullableWithValue(int32Of(*t.DueOffsetHours))
		}
		tasks[i] = gen.PlaybookTask{Title: t.Title, Description: &desc, Group: &group, DueOffsetHours: due, Checklist: &list}
	}
	ms := make([]gen.PlaybookMilestone, len(p.Milestones))
	for i, m := range p.Milestones {
		ms[i] = gen.PlaybookMilestone{Title: m.Title, DueOffsetHours: int32Of(m.DueOffsetHours)}
	}
	return gen.Playbook{Id: p.ID, Version: int32Of(p.Version), CurrentVersion: int32Of(p.CurrentVersion), Builtin: p.Builtin,
		RetiredAt: nullableOf(p.RetiredAt), Name: p.Name, Description: p.Description, Category: gen.Category(p.Category),
		Severity: gen.Severity(p.Severity), Tasks: tasks, Milestones: ms, CreatedById: nullableOf(p.CreatedByID), CreatedAt: p.CreatedAt}
}

func toAPIPlaybookRef(r playbook.Ref) *gen.PlaybookRef {
	return &gen.PlaybookRef{Id: r.ID, Version: int32Of(r.Version), Name: r.Name}
}
