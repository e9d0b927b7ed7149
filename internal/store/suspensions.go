package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/restoration"
)

type suspensionRow struct {
	ID                    uuid.UUID
	CaseID                uuid.UUID
	ServiceID             uuid.UUID
	Reason                string
	DecidedBy             string
	RecordedByID          uuid.UUID
	SuspendedAt           time.Time
	ExpectedRestorationAt *time.Time
	BaselineRestorationAt *time.Time
	ReplanCount           int `gorm:"->;column:replan_count"` // read with suspensionColumns
	RestoredAt            *time.Time
	AffectedUsersEstimate *int64
	Impact                string
	Workaround            string
	Status                string
	Version               int64
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

func (suspensionRow) TableName() string { return "suspensions" }

// suspensionColumns selects a suspension with how often its expected date
// moved, counted from the re-plans (indexed by suspension and kind).
const suspensionColumns = `suspensions.*, (SELECT count(*) FROM replans r WHERE r.suspension_id = suspensions.id AND r.kind = 'suspension') AS replan_count`

func toSuspensionRow(s restoration.Suspension) suspensionRow {
	return suspensionRow{
		ID: s.ID, CaseID: s.CaseID, ServiceID: s.ServiceID, Reason: s.Reason, DecidedBy: s.DecidedBy,
		RecordedByID: s.RecordedByID, SuspendedAt: s.SuspendedAt.UTC(), ExpectedRestorationAt: utcPtr(s.ExpectedRestorationAt),
		BaselineRestorationAt: utcPtr(s.BaselineRestorationAt), RestoredAt: utcPtr(s.RestoredAt), AffectedUsersEstimate: s.AffectedUsersEstimate, Impact: s.Impact,
		Workaround: s.Workaround, Status: string(s.Status), Version: s.Version, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
}

func (r suspensionRow) toDomain() restoration.Suspension {
	return restoration.Suspension{
		ID: r.ID, CaseID: r.CaseID, ServiceID: r.ServiceID, Reason: r.Reason, DecidedBy: r.DecidedBy,
		RecordedByID: r.RecordedByID, SuspendedAt: r.SuspendedAt.UTC(), ExpectedRestorationAt: utcPtr(r.ExpectedRestorationAt),
		BaselineRestorationAt: utcPtr(r.BaselineRestorationAt), ReplanCount: r.ReplanCount, RestoredAt: utcPtr(r.RestoredAt), AffectedUsersEstimate: r.AffectedUsersEstimate, Impact: r.Impact,
		Workaround: r.Workaround, Status: restoration.SuspensionStatus(r.Status), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// CreateSuspension inserts s; a second active suspension of one service breaks
// a unique index and is a Conflict.
func (db *DB) CreateSuspension(ctx context.Context, s restoration.Suspension) error {
	now := Now(ctx)
	s.CreatedAt, s.UpdatedAt, s.Version = now, now, 1
	row := toSuspensionRow(s)
	return translate(db.conn(ctx).Create(&row).Error, "active suspension of this service")
}

// Suspension returns one suspension whose case is within scope.
func (db *DB) Suspension(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (restoration.Suspension, error) {
	q := visible(db.conn(ctx).Model(&suspensionRow{}).Select(suspensionColumns).
		Joins("JOIN cases ON cases.id = suspensions.case_id"), scope).Where("suspensions.id = ?", id)
	if forUpdate {
		q = q.Clauses(db.forUpdate()...)
	}
	var row suspensionRow
	if err := q.Take(&row).Error; err != nil {
		return restoration.Suspension{}, translate(err, "suspension")
	}
	return row.toDomain(), nil
}

// CaseSuspensions returns a case's suspensions, newest first.
func (db *DB) CaseSuspensions(ctx context.Context, v cases.Visible) ([]restoration.Suspension, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("suspensions: %w", err)
	}
	var rows []suspensionRow
	if err := db.conn(ctx).Select(suspensionColumns).Where("case_id = ?", caseID).Order("suspended_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, translate(err, "suspensions")
	}
	out := make([]restoration.Suspension, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// UpdateSuspension stores s if its version is still version.
func (db *DB) UpdateSuspension(ctx context.Context, s restoration.Suspension, version int64) (restoration.Suspension, error) {
	r := toSuspensionRow(s)
	_, err := db.updateVersioned(ctx, &suspensionRow{}, s.ID, version, map[string]any{
		"reason": r.Reason, "decided_by": r.DecidedBy, "suspended_at": r.SuspendedAt,
		"expected_restoration_at": r.ExpectedRestorationAt, "baseline_restoration_at": r.BaselineRestorationAt, "restored_at": r.RestoredAt,
		"affected_users_estimate": r.AffectedUsersEstimate, "impact": r.Impact, "workaround": r.Workaround, "status": r.Status,
	}, "suspension")
	if err != nil {
		return restoration.Suspension{}, err
	}
	return db.Suspension(ctx, s.ID, cases.Scope{All: true}, false)
}

type milestoneRow struct {
	ID            uuid.UUID
	SuspensionID  uuid.UUID
	Title         string
	OwnerID       *uuid.UUID
	DueAt         *time.Time
	BaselineDueAt *time.Time
	CompletedAt   *time.Time
	Status        string
	Position      int
	Version       int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (milestoneRow) TableName() string { return "milestones" }

func (r milestoneRow) toDomain() restoration.Milestone {
	return restoration.Milestone{
		ID: r.ID, SuspensionID: r.SuspensionID, Title: r.Title, OwnerID: r.OwnerID, DueAt: utcPtr(r.DueAt),
		BaselineDueAt: utcPtr(r.BaselineDueAt), CompletedAt: utcPtr(r.CompletedAt), Status: restoration.MilestoneStatus(r.Status), Position: r.Position,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// CreateMilestone inserts m.
func (db *DB) CreateMilestone(ctx context.Context, m restoration.Milestone) error {
	now := Now(ctx)
	row := milestoneRow{ID: m.ID, SuspensionID: m.SuspensionID, Title: m.Title, OwnerID: m.OwnerID, DueAt: utcPtr(m.DueAt),
		BaselineDueAt: utcPtr(m.BaselineDueAt), CompletedAt: utcPtr(m.CompletedAt), Status: string(m.Status), Position: m.Position, Version: 1, CreatedAt: now, UpdatedAt: now}
	return translate(db.conn(ctx).Create(&row).Error, "milestone")
}

// Milestone returns one milestone (its suspension decides who may see it).
func (db *DB) Milestone(ctx context.Context, id uuid.UUID) (restoration.Milestone, error) {
	var row milestoneRow
	err := db.conn(ctx).Where("id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "milestone")
}

// Milestones returns the milestones of the suspensions named, in one query.
func (db *DB) Milestones(ctx context.Context, suspensionIDs []uuid.UUID) (map[uuid.UUID][]restoration.Milestone, error) {
	out := map[uuid.UUID][]restoration.Milestone{}
	if len(suspensionIDs) == 0 {
		return out, nil
	}
	var rows []milestoneRow
	if err := db.conn(ctx).Where("suspension_id IN ?", suspensionIDs).Order("suspension_id, position, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "milestones")
	}
	for _, r := range rows {
		out[r.SuspensionID] = append(out[r.SuspensionID], r.toDomain())
	}
	return out, nil
}

// UpdateMilestone stores m if its version is still version.
func (db *DB) UpdateMilestone(ctx context.Context, m restoration.Milestone, version int64) (restoration.Milestone, error) {
	_, err := db.updateVersioned(ctx, &milestoneRow{}, m.ID, version, map[string]any{
		"title": m.Title, "owner_id": m.OwnerID, "due_at": utcPtr(m.DueAt), "baseline_due_at": utcPtr(m.BaselineDueAt), "completed_at": utcPtr(m.CompletedAt), "status": string(m.Status),
	}, "milestone")
	if err != nil {
		return restoration.Milestone{}, err
	}
	return db.Milestone(ctx, m.ID)
}

// SetMilestonePositions numbers a suspension's milestones in the order of ids.
func (db *DB) SetMilestonePositions(ctx context.Context, suspensionID uuid.UUID, ids []uuid.UUID) error {
	for i, id := range ids {
		err := db.conn(ctx).Model(&milestoneRow{}).Where("id = ? AND suspension_id = ?", id, suspensionID).
			Updates(map[string]any{"position": i + 1, "updated_at": Now(ctx)}).Error
		if err != nil {
			return translate(err, "reorder milestones")
		}
	}
	return nil
}

type dashboardRow struct {
	Suspension     suspensionRow `gorm:"embedded"`
	ServiceName    string
	DepartmentID   uuid.UUID
	DepartmentName string
	CaseReference  string
}

// Dashboard returns the active and recently restored suspensions within the
// query's scope, with their service, department and case, in one query.
func (db *DB) Dashboard(ctx context.Context, q restoration.DashboardQuery) ([]restoration.DashboardRow, error) {
	tx := db.conn(ctx).Table("suspensions").
		Select(suspensionColumns+", services.name AS service_name, departments.id AS department_id, departments.name AS department_name, cases.reference AS case_reference").
		Joins("JOIN services ON services.id = suspensions.service_id").
		Joins("JOIN departments ON departments.id = services.department_id").
		Joins("JOIN cases ON cases.id = suspensions.case_id").
		Where("(suspensions.status = ? OR (suspensions.status = ? AND suspensions.restored_at >= ?))",
			string(restoration.Active), string(restoration.Restored), q.RestoredSince.UTC())
	// A restricted case stays hidden from the dashboard too; its service still
	// shows as suspended in the service list.
	tx = visible(tx, q.Scope)
	if q.DepartmentID != nil {
		tx = tx.Where("services.department_id = ?", *q.DepartmentID)
	}
	var rows []dashboardRow
	if err := tx.Order("suspensions.status, suspensions.suspended_at, suspensions.id").Find(&rows).Error; err != nil {
		return nil, translate(err, "restoration dashboard")
	}
	out := make([]restoration.DashboardRow, len(rows))
	for i, r := range rows {
		out[i] = restoration.DashboardRow{Suspension: r.Suspension.toDomain(), ServiceName: r.ServiceName,
			DepartmentID: r.DepartmentID, DepartmentName: r.DepartmentName, CaseReference: r.CaseReference}
	}
	return out, nil
}

type replanRow struct {
	ID           uuid.UUID
	SuspensionID uuid.UUID
	MilestoneID  *uuid.UUID
	Kind         string
	FromAt       *time.Time
	ToAt         *time.Time
	Reason       string
	ByID         uuid.UUID
	CreatedAt    time.Time
}

func (replanRow) TableName() string { return "replans" }

// CreateReplan inserts r.
func (db *DB) CreateReplan(ctx context.Context, r restoration.Replan) error {
	row := replanRow{ID: r.ID, SuspensionID: r.SuspensionID, MilestoneID: r.MilestoneID, Kind: string(r.Kind),
		FromAt: utcPtr(r.From), ToAt: utcPtr(r.To), Reason: r.Reason, ByID: r.ByID, CreatedAt: r.At.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "re-plan")
}

// Replans returns a suspension's re-plans oldest first (ids are time-ordered),
// after afterID.
func (db *DB) Replans(ctx context.Context, suspensionID, afterID uuid.UUID, limit int) ([]restoration.Replan, error) {
	q := db.conn(ctx).Where("suspension_id = ?", suspensionID)
	if afterID != uuid.Nil {
		q = q.Where("id > ?", afterID)
	}
	var rows []replanRow
	if err := q.Order("id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "re-plans")
	}
	out := make([]restoration.Replan, len(rows))
	for i, r := range rows {
		out[i] = restoration.Replan{ID: r.ID, SuspensionID: r.SuspensionID, MilestoneID: r.MilestoneID, Kind: restoration.ReplanKind(r.Kind),
			From: utcPtr(r.FromAt), To: utcPtr(r.ToAt), Reason: r.Reason, ByID: r.ByID, At: r.CreatedAt.UTC()}
	}
	return out, nil
}
