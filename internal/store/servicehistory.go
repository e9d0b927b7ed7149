package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/restoration"
)

// ServiceInfo returns a service with its department's name, its public name
// and whether an active suspension names it.
func (db *DB) ServiceInfo(ctx context.Context, id uuid.UUID) (restoration.ServiceInfo, error) {
	var row struct {
		ID             uuid.UUID
		Name           string
		DepartmentID   uuid.UUID
		DepartmentName string
		PublicName     *string
		Suspended      bool
	}
	err := db.reader(ctx).Table("services").
		Select("services.id, services.name, services.department_id, departments.name AS department_name, services.public_name, "+
			"EXISTS (SELECT 1 FROM suspensions s WHERE s.service_id = services.id AND s.status = 'active') AS suspended").
		Joins("JOIN departments ON departments.id = services.department_id").
		Where("services.id = ?", id).Take(&row).Error
	if err != nil {
		return restoration.ServiceInfo{}, translate(err, "service")
	}
	return restoration.ServiceInfo{ID: row.ID, Name: row.Name, DepartmentID: row.DepartmentID, DepartmentName: row.DepartmentName,
		PublicName: row.PublicName, Suspended: row.Suspended}, nil
}

// ServiceDowntime returns every suspension of the service with its status and
// times only: what the downtime figures need, whatever case it belongs to.
func (db *DB) ServiceDowntime(ctx context.Context, serviceID uuid.UUID) ([]restoration.Suspension, error) {
	var rows []struct {
		ID          uuid.UUID
		Status      string
		SuspendedAt time.Time
		RestoredAt  *time.Time
	}
	err := db.reader(ctx).Table("suspensions").Select("id, status, suspended_at, restored_at").
		Where("service_id = ?", serviceID).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "service downtime")
	}
	out := make([]restoration.Suspension, len(rows))
	for i, r := range rows {
		out[i] = restoration.Suspension{ID: r.ID, ServiceID: serviceID, Status: restoration.SuspensionStatus(r.Status),
			SuspendedAt: r.SuspendedAt.UTC(), RestoredAt: utcPtr(r.RestoredAt)}
	}
	return out, nil
}

type serviceHistoryRow struct {
	Suspension    suspensionRow `gorm:"embedded"`
	CaseReference string
	VisibleTotal  int
}

// ServiceSuspensions returns the newest suspensions of the service whose case
// is within scope, at most limit, with the count of all of them within scope,
// in one query.
func (db *DB) ServiceSuspensions(ctx context.Context, serviceID uuid.UUID, scope cases.Scope, limit int) ([]restoration.HistoryRow, int, error) {
	tx := db.reader(ctx).Table("suspensions").
		Select(suspensionColumns + ", cases.reference AS case_reference, count(*) OVER () AS visible_total").
		Joins("JOIN cases ON cases.id = suspensions.case_id")
	tx = visible(tx, scope).Where("suspensions.service_id = ?", serviceID)
	var rows []serviceHistoryRow
	if err := tx.Order("suspensions.suspended_at DESC, suspensions.id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, translate(err, "service suspensions")
	}
	out := make([]restoration.HistoryRow, len(rows))
	total := 0
	for i, r := range rows {
		out[i] = restoration.HistoryRow{Suspension: r.Suspension.toDomain(), CaseReference: r.CaseReference}
		total = r.VisibleTotal
	}
	return out, total, nil
}
