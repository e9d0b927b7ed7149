package api

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/users"
)

// ListUsers returns one page of accounts.
func (h *userHandlers) ListUsers(ctx context.Context, req gen.ListUsersRequestObject) (gen.ListUsersResponseObject, error) {
	var after string
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	list, more, err := h.users.List(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.User, len(list))
	for i, u := range list {
		items[i] = toAPIUser(u)
	}
	return gen.ListUsers200JSONResponse{Body: gen.UserList{Items: items, NextCursor: nextCursor(list, more, func(u users.User) any { return u.Email })}}, nil
}

// ListAssignees returns one page of the accounts that may own a case.
func (h *userHandlers) ListAssignees(ctx context.Context, req gen.ListAssigneesRequestObject) (gen.ListAssigneesResponseObject, error) {
	var after string
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	list, more, err := h.users.Assignees(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Assignee, len(list))
	for i, u := range list {
		items[i] = gen.Assignee{Id: u.ID, Email: openapi_types.Email(u.Email), Name: u.Name, Role: gen.Role(u.Role)}
	}
	return gen.ListAssignees200JSONResponse{Body: gen.AssigneeList{Items: items, NextCursor: nextCursor(list, more, func(u users.User) any { return u.Email })}}, nil
}

// CreateUser adds an account.
func (h *userHandlers) CreateUser(ctx context.Context, req gen.CreateUserRequestObject) (gen.CreateUserResponseObject, error) {
	b := req.Body
	in := users.NewUser{Email: b.Email, Name: b.Name, Role: users.Role(b.Role)}
	if id, err := b.DepartmentId.Get(); err == nil {
		in.DepartmentID = &id
	}
	if b.Password != nil {
		in.Password = *b.Password
	}
	u, generated, err := h.users.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	return gen.CreateUser201JSONResponse{
		Body:    gen.UserCreated{User: toAPIUser(u), GeneratedPassword: nullableString(generated)},
		Headers: gen.CreateUser201ResponseHeaders{ETag: etag(u.Version)},
	}, nil
}

// GetUser returns one account.
func (h *userHandlers) GetUser(ctx context.Context, req gen.GetUserRequestObject) (gen.GetUserResponseObject, error) {
	u, err := h.users.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetUser200JSONResponse{Body: toAPIUser(u), Headers: gen.GetUser200ResponseHeaders{ETag: etag(u.Version)}}, nil
}

// UpdateUser changes an account's profile or disables it.
func (h *userHandlers) UpdateUser(ctx context.Context, req gen.UpdateUserRequestObject) (gen.UpdateUserResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	ch := users.Change{Name: b.Name, Disabled: b.Disabled, Role: (*users.Role)(b.Role)}
	if b.DepartmentId.IsNull() {
		ch.ClearDepartment = true
	} else if id, err := b.DepartmentId.Get(); err == nil {
		ch.DepartmentID = &id
	}
	u, err := h.users.Update(ctx, req.Id, version, ch)
	if err != nil {
		return nil, err
	}
	return gen.UpdateUser200JSONResponse{Body: toAPIUser(u), Headers: gen.UpdateUser200ResponseHeaders{ETag: etag(u.Version)}}, nil
}

// ResetUserPassword sets a new password.
func (h *userHandlers) ResetUserPassword(ctx context.Context, req gen.ResetUserPasswordRequestObject) (gen.ResetUserPasswordResponseObject, error) {
	password := ""
	if req.Body.Password != nil {
		password = *req.Body.Password
	}
	generated, err := h.users.ResetPassword(ctx, req.Id, password)
	if err != nil {
		return nil, err
	}
	return gen.ResetUserPassword200JSONResponse{Body: gen.PasswordReset{GeneratedPassword: nullableString(generated)}}, nil
}

// UpdateMe changes the caller's own profile.
func (h *userHandlers) UpdateMe(ctx context.Context, req gen.UpdateMeRequestObject) (gen.UpdateMeResponseObject, error) {
	var ch users.ProfileChange
	if req.Body.TimeZone.IsSpecified() {
		zone := ""
		if !req.Body.TimeZone.IsNull() {
			zone = req.Body.TimeZone.MustGet()
		}
		ch.TimeZone = &zone
	}
	u, err := h.users.UpdateOwnProfile(ctx, ch)
	if err != nil {
		return nil, err
	}
	return gen.UpdateMe200JSONResponse{Body: toAPIUser(u)}, nil
}

func toAPIUser(u users.User) gen.User {
	return gen.User{
		Id:           u.ID,
		Email:        openapi_types.Email(u.Email),
		Name:         u.Name,
		Role:         gen.Role(u.Role),
		DepartmentId: nullableOf(u.DepartmentID),
		Disabled:     u.Disabled,
		TimeZone:     nullableString(u.TimeZone),
		CreatedAt:    u.CreatedAt,
		Version:      u.Version,
	}
}
