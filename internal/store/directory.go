package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/directory"
)

type departmentRow struct {
	ID        uuid.UUID
	Name      string
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (departmentRow) TableName() string { return "departments" }

func (r departmentRow) toDomain() directory.Department {
	return directory.Department{ID: r.ID, Name: r.Name, Version: r.Version}
}

// CreateDepartment inserts d.
func (db *DB) CreateDepartment(ctx context.Context, d directory.Department) (directory.Department, error) {
	now := Now(ctx)
	row := departmentRow{ID: d.ID, Name: d.Name, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return directory.Department{}, translate(err, "department")
	}
	return row.toDomain(), nil
}

// Department returns one department.
func (db *DB) Department(ctx context.Context, id uuid.UUID) (directory.Department, error) {
	var row departmentRow
	err := db.conn(ctx).Where("id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "department")
}

// ListDepartments returns departments ordered by name, after afterName.
func (db *DB) ListDepartments(ctx context.Context, afterName string, limit int) ([]directory.Department, error) {
	var rows []departmentRow
	q := db.conn(ctx)
	if afterName != "" {
		q = q.Where("lower(name) > lower(?)", afterName)
	}
	if err := q.Order("lower(name)").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list departments")
	}
	out := make([]directory.Department, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// UpdateDepartment stores d's name if the version is still version.
func (db *DB) UpdateDepartment(ctx context.Context, d directory.Department, version int64) (directory.Department, error) {
	if _, err := db.updateVersioned(ctx, &departmentRow{}, d.ID, version, map[string]any{"name": d.Name}, "department"); err != nil {
		return directory.Department{}, err
	}
	return db.Department(ctx, d.ID)
}

type serviceRow struct {
	ID           uuid.UUID
	Name         string
	Description  string
	DepartmentID uuid.UUID
	PublicName   *string
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Suspended    bool `gorm:"->"` // derived by serviceColumns, never written
}

func (serviceRow) TableName() string { return "services" }

// serviceColumns selects a service with its derived status: suspended while any
// active suspension names it.
const serviceColumns = "services.*, EXISTS (SELECT 1 FROM suspensions s WHERE s.service_id = services.id AND s.status = 'active') AS suspended"

func (r serviceRow) toDomain() directory.Service {
	status := directory.Operational
	if r.Suspended {
		status = directory.Suspended
	}
	s := directory.Service{ID: r.ID, Name: r.Name, Description: r.Description, DepartmentID: r.DepartmentID,
		Status: status, Version: r.Version}
	if r.PublicName != nil {
		s.PublicName = *r.PublicName
	}
	return s
}

// CreateService inserts s.
func (db *DB) CreateService(ctx context.Context, s directory.Service) (directory.Service, error) {
	now := Now(ctx)
	row := serviceRow{ID: s.ID, Name: s.Name, Description: s.Description, DepartmentID: s.DepartmentID, PublicName: nullIfEmpty(s.PublicName),
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return directory.Service{}, translate(err, "service")
	}
	return row.toDomain(), nil
}

// Service returns one service.
func (db *DB) Service(ctx context.Context, id uuid.UUID) (directory.Service, error) {
	var row serviceRow
	err := db.conn(ctx).Clauses(selectSQL(serviceColumns)).Where("id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "service")
}

// ListServices returns services ordered by name, optionally of one department.
func (db *DB) ListServices(ctx context.Context, departmentID *uuid.UUID, afterName string, limit int) ([]directory.Service, error) {
	var rows []serviceRow
	q := db.conn(ctx).Clauses(selectSQL(serviceColumns))
	if departmentID != nil {
		q = q.Where("department_id = ?", *departmentID)
	}
	if afterName != "" {
		q = q.Where("lower(name) > lower(?)", afterName)
	}
	if err := q.Order("lower(name)").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list services")
	}
	out := make([]directory.Service, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// UpdateService stores s if the version is still version.
func (db *DB) UpdateService(ctx context.Context, s directory.Service, version int64) (directory.Service, error) {
	_, err := db.updateVersioned(ctx, &serviceRow{}, s.ID, version,
		map[string]any{"name": s.Name, "description": s.Description, "department_id": s.DepartmentID, "public_name": nullIfEmpty(s.PublicName)}, "service")
	if err != nil {
		return directory.Service{}, err
	}
	return db.Service(ctx, s.ID)
}

// PublicNameTaken reports whether a service other than except has name as its
// public name, ignoring case. The comparison is Go's Unicode case folding:
// SQLite's lower() folds ASCII letters only, so "Łódź" and "łódź" would both
// pass its unique index.
func (db *DB) PublicNameTaken(ctx context.Context, name string, except uuid.UUID) (bool, error) {
	var names []string
	err := db.conn(ctx).Table("services").Where("public_name IS NOT NULL AND id <> ?", except).Pluck("public_name", &names).Error
	if err != nil {
		return false, translate(err, "public names")
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true, nil
		}
	}
	return false, nil
}

// nullIfEmpty is s, or NULL when empty.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
