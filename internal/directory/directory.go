// Package directory holds the organisation Caseward protects: departments and
// the services they own.
package directory

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// Department owns services; department heads belong to one.
type Department struct {
	ID      uuid.UUID
	Name    string
	Version int64
}

// ServiceStatus is derived: suspended while any active suspension names it.
type ServiceStatus string

// The service statuses.
const (
	Operational ServiceStatus = "operational"
	Suspended   ServiceStatus = "suspended"
)

// Service is a system that can be suspended.
type Service struct {
	ID           uuid.UUID
	Name         string
	Description  string
	DepartmentID uuid.UUID
	Status       ServiceStatus
	// PublicName is the name on the public status page; empty keeps the
	// service off it.
	PublicName string
	Version    int64
}

// ServiceChange is a partial update; nil fields stay as they are.
type ServiceChange struct {
	Name         *string
	Description  *string
	DepartmentID *uuid.UUID
	PublicName   *string // empty clears it
}

// Store is what the directory needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	CreateDepartment(ctx context.Context, d Department) (Department, error)
	Department(ctx context.Context, id uuid.UUID) (Department, error)
	ListDepartments(ctx context.Context, afterName string, limit int) ([]Department, error)
	// UpdateDepartment stores d if its version is still version.
	UpdateDepartment(ctx context.Context, d Department, version int64) (Department, error)
	CreateService(ctx context.Context, s Service) (Service, error)
	Service(ctx context.Context, id uuid.UUID) (Service, error)
	ListServices(ctx context.Context, departmentID *uuid.UUID, afterName string, limit int) ([]Service, error)
	UpdateService(ctx context.Context, s Service, version int64) (Service, error)
	// PublicNameTaken reports whether a service other than except has name
	// as its public name, ignoring case.
	PublicNameTaken(ctx context.Context, name string, except uuid.UUID) (bool, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Directory holds the use cases for departments and services.
type Directory struct {
	store Store
	audit Recorder
}

// New returns a Directory.
func New(store Store, audit Recorder) *Directory { return &Directory{store: store, audit: audit} }

// cleanName trims a department's or service's name and says what is wrong
// with it, if anything.
func cleanName(name string) (string, []apperr.FieldError) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", []apperr.FieldError{{Field: "name", Message: "is required"}}
	}
	return name, apperr.MaxLength(nil, "name", name, 200)
}

// invalid is the one 422 naming every field in fields, or nil when there are none.
func invalid(fields []apperr.FieldError, what string) error {
	if len(fields) == 0 {
		return nil
	}
	return apperr.Invalidf(fields, "the %s is not valid", what)
}

// nameTaken turns a unique-index conflict into a 422 on the name field.
func nameTaken(err error, what string) error {
	if apperr.Is(err, apperr.Conflict) {
		return apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "is already used by another " + what}}, "name already in use")
	}
	return err
}

// cleanPublicName trims a public name (empty means none) and says what is
// wrong with it, if anything.
func cleanPublicName(name string) (string, []apperr.FieldError) {
	name = strings.TrimSpace(name)
	return name, apperr.MaxLength(nil, "public_name", name, 200)
}

// setPublicName checks that the caller may give s the public name name (as
// cleaned), and that no other service has it. Only administrators decide what
// the public sees; another role sending the name the service already has is
// no change.
func (d *Directory) setPublicName(ctx context.Context, s *Service, name string) error {
	if name == s.PublicName {
		return nil
	}
	if identity.From(ctx).Role != adminRole {
		return apperr.New(apperr.Forbidden, "only an administrator may set a service's public name")
	}
	if name != "" {
		taken, err := d.store.PublicNameTaken(ctx, name, s.ID)
		if err != nil {
			return err
		}
		if taken {
			return &apperr.Error{Kind: apperr.Conflict, Message: "another service already has this public name",
				Fields: []apperr.FieldError{{Field: "public_name", Message: "is already the public name of another service"}}}
		}
	}
	s.PublicName = name
	return nil
}

// adminRole is users.Admin (directory does not import users).
const adminRole = "admin"

// CreateDepartment adds a department with a unique name.
func (d *Directory) CreateDepartment(ctx context.Context, name string) (Department, error) {
	name, fields := cleanName(name)
	if err := invalid(fields, "department"); err != nil {
		return Department{}, err
	}
	var created Department
	err := d.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if created, err = d.store.CreateDepartment(ctx, Department{ID: uuid.Must(uuid.NewV7()), Name: name}); err != nil {
			return nameTaken(err, "department")
		}
		return d.audit.Record(ctx, audit.Entry{Action: "department.create", EntityType: "department", EntityID: created.ID.String(),
			Changes: audit.Changes{"name": {nil, name}}})
	})
	return created, err
}

// RenameDepartment changes a department's name if version is current.
func (d *Directory) RenameDepartment(ctx context.Context, id uuid.UUID, version int64, name string) (Department, error) {
	name, fields := cleanName(name)
	if err := invalid(fields, "department"); err != nil {
		return Department{}, err
	}
	var updated Department
	err := d.store.InTx(ctx, func(ctx context.Context) error {
		old, err := d.store.Department(ctx, id)
		if err != nil {
			return err
		}
		next := old
		next.Name = name
		if updated, err = d.store.UpdateDepartment(ctx, next, version); err != nil {
			return nameTaken(err, "department")
		}
		return d.audit.Record(ctx, audit.Entry{Action: "department.update", EntityType: "department", EntityID: id.String(),
			Changes: audit.Changes{"name": {old.Name, name}}})
	})
	return updated, err
}

// Department returns one department.
func (d *Directory) Department(ctx context.Context, id uuid.UUID) (Department, error) {
	return d.store.Department(ctx, id)
}

// Departments lists departments by name after the cursor name.
func (d *Directory) Departments(ctx context.Context, afterName string, limit int) ([]Department, bool, error) {
	return page.Read(limit, func(n int) ([]Department, error) { return d.store.ListDepartments(ctx, afterName, n) })
}

// CreateService registers a service in an existing department. Every invalid
// field is named in one answer.
func (d *Directory) CreateService(ctx context.Context, s Service) (Service, error) {
	name, fields := cleanName(s.Name)
	publicName, more := cleanPublicName(s.PublicName)
	fields = append(fields, more...)
	s.Name, s.Description, s.PublicName = name, strings.TrimSpace(s.Description), ""
	s.ID = uuid.Must(uuid.NewV7())
	var created Service
	err := d.store.InTx(ctx, func(ctx context.Context) error {
		more, err := d.departmentProblems(ctx, s.DepartmentID)
		if err != nil {
			return err
		}
		if err := invalid(append(fields, more...), "service"); err != nil {
			return err
		}
		if err := d.setPublicName(ctx, &s, publicName); err != nil {
			return err
		}
		if created, err = d.store.CreateService(ctx, s); err != nil {
			return nameTaken(err, "service")
		}
		changes := audit.Changes{"name": {nil, s.Name}, "description": {nil, s.Description}, "department_id": {nil, s.DepartmentID.String()}}
		if s.PublicName != "" {
			changes["public_name"] = [2]any{nil, s.PublicName}
		}
		return d.audit.Record(ctx, audit.Entry{Action: "service.create", EntityType: "service", EntityID: created.ID.String(),
			Changes: changes})
	})
	return created, err
}

// UpdateService applies a partial change if version is current. Every invalid
// field is named in one answer.
func (d *Directory) UpdateService(ctx context.Context, id uuid.UUID, version int64, ch ServiceChange) (Service, error) {
	var updated Service
	err := d.store.InTx(ctx, func(ctx context.Context) error {
		old, err := d.store.Service(ctx, id)
		if err != nil {
			return err
		}
		next, changes, fields := old, audit.Changes{}, []apperr.FieldError(nil)
		if ch.Name != nil {
			var more []apperr.FieldError
			next.Name, more = cleanName(*ch.Name)
			fields = append(fields, more...)
			changes["name"] = [2]any{old.Name, next.Name}
		}
		if ch.Description != nil {
			next.Description = strings.TrimSpace(*ch.Description)
			changes["description"] = [2]any{old.Description, next.Description}
		}
		if ch.DepartmentID != nil {
			more, err := d.departmentProblems(ctx, *ch.DepartmentID)
			if err != nil {
				return err
			}
			fields = append(fields, more...)
			next.DepartmentID = *ch.DepartmentID
			changes["department_id"] = [2]any{old.DepartmentID.String(), next.DepartmentID.String()}
		}
		var publicName string
		if ch.PublicName != nil {
			var more []apperr.FieldError
			publicName, more = cleanPublicName(*ch.PublicName)
			fields = append(fields, more...)
		}
		if err := invalid(fields, "service"); err != nil {
			return err
		}
		if ch.PublicName != nil {
			if err := d.setPublicName(ctx, &next, publicName); err != nil {
				return err
			}
			if next.PublicName != old.PublicName {
				changes["public_name"] = [2]any{orNil(old.PublicName), orNil(next.PublicName)}
			}
		}
		if updated, err = d.store.UpdateService(ctx, next, version); err != nil {
			return nameTaken(err, "service")
		}
		return d.audit.Record(ctx, audit.Entry{Action: "service.update", EntityType: "service", EntityID: id.String(), Changes: changes})
	})
	return updated, err
}

// Service returns one service.
func (d *Directory) Service(ctx context.Context, id uuid.UUID) (Service, error) {
	return d.store.Service(ctx, id)
}

// Services lists services by name, optionally of one department.
func (d *Directory) Services(ctx context.Context, departmentID *uuid.UUID, afterName string, limit int) ([]Service, bool, error) {
	return page.Read(limit, func(n int) ([]Service, error) { return d.store.ListServices(ctx, departmentID, afterName, n) })
}

// orNil is s, or nil when empty: how the audit trail writes "no public name".
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// departmentProblems names department_id when no department has id.
func (d *Directory) departmentProblems(ctx context.Context, id uuid.UUID) ([]apperr.FieldError, error) {
	_, err := d.store.Department(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return []apperr.FieldError{{Field: "department_id", Message: "no such department"}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up department %s: %w", id, err)
	}
	return nil, nil
}
