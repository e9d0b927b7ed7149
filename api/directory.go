package api

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/directory"
)

// ListDepartments returns one page of departments.
func (h *directoryHandlers) ListDepartments(ctx context.Context, req gen.ListDepartmentsRequestObject) (gen.ListDepartmentsResponseObject, error) {
	var after string
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	list, more, err := h.directory.Departments(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Department, len(list))
	for i, d := range list {
		items[i] = toAPIDepartment(d)
	}
	return gen.ListDepartments200JSONResponse{Body: gen.DepartmentList{Items: items, NextCursor: nextCursor(list, more, func(d directory.Department) any { return d.Name })}}, nil
}

// CreateDepartment adds a department.
func (h *directoryHandlers) CreateDepartment(ctx context.Context, req gen.CreateDepartmentRequestObject) (gen.CreateDepartmentResponseObject, error) {
	d, err := h.directory.CreateDepartment(ctx, req.Body.Name)
	if err != nil {
		return nil, err
	}
	return gen.CreateDepartment201JSONResponse{Body: toAPIDepartment(d), Headers: gen.CreateDepartment201ResponseHeaders{ETag: etag(d.Version)}}, nil
}

// GetDepartment returns one department.
func (h *directoryHandlers) GetDepartment(ctx context.Context, req gen.GetDepartmentRequestObject) (gen.GetDepartmentResponseObject, error) {
	d, err := h.directory.Department(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetDepartment200JSONResponse{Body: toAPIDepartment(d), Headers: gen.GetDepartment200ResponseHeaders{ETag: etag(d.Version)}}, nil
}

// UpdateDepartment renames a department.
func (h *directoryHandlers) UpdateDepartment(ctx context.Context, req gen.UpdateDepartmentRequestObject) (gen.UpdateDepartmentResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	d, err := h.directory.RenameDepartment(ctx, req.Id, version, req.Body.Name)
	if err != nil {
		return nil, err
	}
	return gen.UpdateDepartment200JSONResponse{Body: toAPIDepartment(d), Headers: gen.UpdateDepartment200ResponseHeaders{ETag: etag(d.Version)}}, nil
}

// ListServices returns one page of services.
func (h *directoryHandlers) ListServices(ctx context.Context, req gen.ListServicesRequestObject) (gen.ListServicesResponseObject, error) {
	var after string
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	list, more, err := h.directory.Services(ctx, req.Params.DepartmentId, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Service, len(list))
	for i, s := range list {
		items[i] = toAPIService(s)
	}
	return gen.ListServices200JSONResponse{Body: gen.ServiceList{Items: items, NextCursor: nextCursor(list, more, func(s directory.Service) any { return s.Name })}}, nil
}

// CreateService registers a service.
func (h *directoryHandlers) CreateService(ctx context.Context, req gen.CreateServiceRequestObject) (gen.CreateServiceResponseObject, error) {
	b := req.Body
	in := directory.Service{Name: b.Name, DepartmentID: b.DepartmentId}
	if b.Description != nil {
		in.Description = *b.Description
	}
	if v, err := b.PublicName.Get(); err == nil {
		in.PublicName = v
	}
	s, err := h.directory.CreateService(ctx, in)
	if err != nil {
		return nil, err
	}
	return gen.CreateService201JSONResponse{Body: toAPIService(s), Headers: gen.CreateService201ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// GetService returns one service.
func (h *directoryHandlers) GetService(ctx context.Context, req gen.GetServiceRequestObject) (gen.GetServiceResponseObject, error) {
	s, err := h.directory.Service(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetService200JSONResponse{Body: toAPIService(s), Headers: gen.GetService200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

// UpdateService changes a service.
func (h *directoryHandlers) UpdateService(ctx context.Context, req gen.UpdateServiceRequestObject) (gen.UpdateServiceResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	s, err := h.directory.UpdateService(ctx, req.Id, version, directory.ServiceChange{Name: b.Name, Description: b.Description, DepartmentID: b.DepartmentId,
		PublicName: publicNameChange(b.PublicName)})
	if err != nil {
		return nil, err
	}
	return gen.UpdateService200JSONResponse{Body: toAPIService(s), Headers: gen.UpdateService200ResponseHeaders{ETag: etag(s.Version)}}, nil
}

func toAPIDepartment(d directory.Department) gen.Department {
	return gen.Department{Id: d.ID, Name: d.Name, Version: d.Version}
}

func toAPIService(s directory.Service) gen.Service {
	return gen.Service{Id: s.ID, Name: s.Name, Description: s.Description, DepartmentId: s.DepartmentID,
		Status: gen.ServiceStatus(s.Status), PublicName: nullableString(s.PublicName), Version: s.Version}
}

// publicNameChange is the public name a request sets: nil when it leaves it
// alone, "" when it clears it (null or empty).
func publicNameChange(n nullable.Nullable[string]) *string {
	if !n.IsSpecified() {
		return nil
	}
	v := ""
	if !n.IsNull() {
		v = n.MustGet()
	}
	return &v
}
