// Package directory holds the organisation Caseward protects: departments and
// the services they own.
package directory

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

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

func cleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return "", apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "is required (at most 200 characters)"}}, "invalid name")
	}
	return name, nil
}

// nameTaken turns a unique-index conflict into a 422 on the name field.
func nameTaken(err error, what string) error {
	if apperr.Is(err, apperr.Conflict) {
		return apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "is already used by another " + what}}, "name already in use")
	}
	return err
}

// cleanPublicName trims a public name; empty means none.
func cleanPublicName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		return "", apperr.Invalidf([]apperr.FieldError{{Field: "public_name", Message: "must be at most 200 characters"}}, "invalid public name")
	}
	return name, nil
}

// setPublicName checks that the caller may give s the public name name, and
// that no other service has it. Only administrators decide what the public
// sees; another role sending the name the service already has is no change.
func (d *Directory) setPublicName(ctx context.Context, s *Service, name string) error {
	name, err := cleanPublicName(name)
	if err != nil || name == s.PublicName {
		return err
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
	name, err := cleanName(name)
	if err != nil {
		return Department{}, err
	}
	var created Department
	err = d.store.InTx(ctx, func(ctx context.Context) error {
		created, err = d.store.CreateDepartment(ctx, Department{ID: uuid.Must(uuid.NewV7()), Name: name})
		if err != nil {
			return nameTaken(err, "department")
		}
		return d.audit.Record(ctx, audit.Entry{Action: "department.create", EntityType: "department", EntityID: created.ID.String(),
			Changes: audit.Changes{"name": {nil, name}}})
	})
	return created, err
}

// RenameDepartment changes a department's name if version is current.
func (d *Directory) RenameDepartment(ctx context.Context, id uuid.UUID, version int64, name string) (Department, error) {
	name, err := cleanName(name)
	if err != nil {
		return Department{}, err
	}
	var updated Department
	err = d.store.InTx(ctx, func(ctx context.Context) error {
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

// CreateService registers a service in an existing department.
func (d *Directory) CreateService(ctx context.Context, s Service) (Service, error) {
	name, err := cleanName(s.Name)
	if err != nil {
		return Service{}, err
	}
	s.Name, s.Description = name, strings.TrimSpace(s.Description)
	s.ID = uuid.Must(uuid.NewV7())
	publicName := s.PublicName
	s.PublicName = ""
	var created Service
	err = d.store.InTx(ctx, func(ctx context.Context) error {
		if err := d.departmentExists(ctx, s.DepartmentID); err != nil {
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

// UpdateService applies a partial change if version is current.
func (d *Directory) UpdateService(ctx context.Context, id uuid.UUID, version int64, ch ServiceChange) (Service, error) {
	var updated Service
	err := d.store.InTx(ctx, func(ctx context.Context) error {
		old, err := d.store.Service(ctx, id)
		if err != nil {
			return err
		}
		next, changes := old, audit.Changes{}
		if ch.Name != nil {
			if next.Name, err = cleanName(*ch.Name); err != nil {
				return err
			}
			changes["name"] = [2]any{old.Name, next.Name}
		}
		if ch.Description != nil {
			next.Description = strings.TrimSpace(*ch.Description)
			changes["description"] = [2]any{old.Description, next.Description}
		}
		if ch.DepartmentID != nil {
			if err := d.departmentExists(ctx, *ch.DepartmentID); err != nil {
				return err
			}
			next.DepartmentID = *ch.DepartmentID
			changes["department_id"] = [2]any{old.DepartmentID.String(), next.DepartmentID.String()}
		}
		if ch.PublicName != nil {
			if err := d.setPublicName(ctx, &next, *ch.PublicName); err != nil {
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

func (d *Directory) departmentExists(ctx context.Context, id uuid.UUID) error {
	_, err := d.store.Department(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.Invalidf([]apperr.FieldError{{Field: "department_id", Message: "no such department"}}, "unknown department")
	}
	if err != nil {
		return fmt.Errorf("look up department %s: %w", id, err)
	}
	return nil
}
