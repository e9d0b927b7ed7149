package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/schedule"
)

type scheduleScanRow struct {
	Name      string `gorm:"primaryKey"`
	ScannedAt time.Time
}

func (scheduleScanRow) TableName() string { return "schedule_scans" }

// LockScheduleScan returns when the scan called name last looked (fresh for
// one that never has) and holds its row until the caller's transaction ends,
// so that two schedulers racing take turns: the second sees the first's time.
func (db *DB) LockScheduleScan(ctx context.Context, name string, fresh time.Time) (time.Time, error) {
	if !db.InTransaction(ctx) {
		return time.Time{}, errors.New("lock schedule scan: not in a transaction")
	}
	row := scheduleScanRow{Name: name, ScannedAt: fresh.UTC()}
	if err := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return time.Time{}, fmt.Errorf("start schedule scan %s: %w", name, err)
	}
	if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("name = ?", name).Take(&row).Error; err != nil {
		return time.Time{}, fmt.Errorf("lock schedule scan %s: %w", name, err)
	}
	return row.ScannedAt.UTC(), nil
}

// MoveScheduleScan records that the scan called name has looked up to at.
func (db *DB) MoveScheduleScan(ctx context.Context, name string, at time.Time) error {
	err := db.conn(ctx).Model(&scheduleScanRow{}).Where("name = ? AND scanned_at < ?", name, at.UTC()).
		Update("scanned_at", at.UTC()).Error
	if err != nil {
		return fmt.Errorf("move schedule scan %s: %w", name, err)
	}
	return nil
}

// ClockCases returns the cases with a running clock that may have crossed a
// threshold in (since, now], for one that lies at most horizon before its
// due time: a GDPR Art. 33 clock due in (since, now+horizon], a case with an
// open obligation phase whose nearest clock is due by now+horizon, and a case
// or obligation phase changed since. Every query walks an index.
func (db *DB) ClockCases(ctx context.Context, since, now time.Time, horizon time.Duration) ([]schedule.ClockCase, error) {
	since, until := since.UTC(), now.UTC().Add(horizon)
	ids := map[uuid.UUID]bool{}
	add := func(what string, q func(dst *[]uuid.UUID) error) error {
		var got []uuid.UUID
		if err := q(&got); err != nil {
			return fmt.Errorf("clock cases (%s): %w", what, err)
		}
		for _, id := range got {
			ids[id] = true
		}
		return nil
	}
	r := db.reader(ctx)
	err := errors.Join(
		add("GDPR Art. 33", func(dst *[]uuid.UUID) error {
			return r.Table("cases").Where("regulator_due_at > ? AND regulator_due_at <= ? AND regulator_notified_at IS NULL AND regulator_decision_rationale = ''",
				since, until).Pluck("id", dst).Error
		}),
		add("open phases", func(dst *[]uuid.UUID) error {
			return r.Table("obligation_phases op").Joins("JOIN cases c ON c.id = op.case_id").
				Where("op.submitted_at IS NULL AND op.decision_rationale = '' AND c.next_clock_due_at <= ?", until).
				Distinct().Pluck("op.case_id", dst).Error
		}),
		add("changed cases", func(dst *[]uuid.UUID) error {
			return r.Table("cases").Where("updated_at > ? AND next_clock_due_at IS NOT NULL", since).Pluck("id", dst).Error
		}),
		add("changed phases", func(dst *[]uuid.UUID) error {
			return r.Table("obligation_phases").Where("updated_at > ?", since).Distinct().Pluck("case_id", dst).Error
		}),
	)
	if err != nil {
		return nil, err
	}
	list := make([]uuid.UUID, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	var out []schedule.ClockCase
	for start := 0; start < len(list); start += 500 {
		chunk := list[start:min(start+500, len(list))]
		var rows []struct {
			ID                         uuid.UUID
			AwareAt                    time.Time
			PersonalDataInvolved       bool
			RegulatorNotifiedAt        *time.Time
			RegulatorDecisionRationale string
			UpdatedAt                  time.Time
		}
		err := r.Table("cases").Select("id, aware_at, personal_data_involved, regulator_notified_at, regulator_decision_rationale, updated_at").
			Where("id IN ?", chunk).Order("id").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("clock cases: %w", err)
		}
		for _, row := range rows {
			obligations, err := db.obligationsOf(ctx, row.ID)
			if err != nil {
				return nil, err
			}
			cc := schedule.ClockCase{Case: cases.Case{ID: row.ID, AwareAt: row.AwareAt.UTC(), PersonalDataInvolved: row.PersonalDataInvolved,
				RegulatorNotifiedAt: utcPtr(row.RegulatorNotifiedAt), RegulatorDecisionRationale: row.RegulatorDecisionRationale},
				Obligations: obligations, Changed: row.UpdatedAt.After(since)}
			for _, o := range obligations {
				for _, p := range o.Phases {
					cc.Changed = cc.Changed || p.UpdatedAt.After(since)
				}
			}
			out = append(out, cc)
		}
	}
	return out, nil
}

// OverdueTasks returns the open tasks that fell due in (since, now], and
// those changed since that fell due in (recent, now] (a due date moved into
// the past, or a task reopened).
func (db *DB) OverdueTasks(ctx context.Context, since, now, recent time.Time) ([]schedule.DueItem, error) {
	return db.overdue(ctx, "tasks t", "t", "t.case_id", "NULL", "t.status IN ('todo', 'in_progress')", since, now, recent)
}

// OverdueMilestones is OverdueTasks for the milestones of suspensions.
func (db *DB) OverdueMilestones(ctx context.Context, since, now, recent time.Time) ([]schedule.DueItem, error) {
	return db.overdue(ctx, "milestones m JOIN suspensions s ON s.id = m.suspension_id", "m", "s.case_id", "m.suspension_id",
		"m.status IN ('planned', 'in_progress', 'blocked')", since, now, recent)
}

func (db *DB) overdue(ctx context.Context, from, alias, caseCol, suspensionCol, open string, since, now, recent time.Time) ([]schedule.DueItem, error) {
	since, now, recent = since.UTC(), now.UTC(), recent.UTC()
	type row struct {
		ID           uuid.UUID
		CaseID       uuid.UUID
		SuspensionID *uuid.UUID
		DueAt        time.Time
		UpdatedAt    time.Time
	}
	sel := fmt.Sprintf("%[1]s.id, %[2]s AS case_id, %[3]s AS suspension_id, %[1]s.due_at, %[1]s.updated_at", alias, caseCol, suspensionCol)
	base := func() *gorm.DB {
		return db.reader(ctx).Table(from).Select(sel).Where(open + " AND " + alias + ".due_at IS NOT NULL")
	}
	var fell, changed []row
	if err := base().Where(alias+".due_at > ? AND "+alias+".due_at <= ?", since, now).Scan(&fell).Error; err != nil {
		return nil, fmt.Errorf("overdue %s: %w", alias, err)
	}
	if err := base().Where(alias+".updated_at > ? AND "+alias+".due_at > ? AND "+alias+".due_at <= ?", since, recent, now).Scan(&changed).Error; err != nil {
		return nil, fmt.Errorf("overdue %s changed: %w", alias, err)
	}
	seen := map[uuid.UUID]bool{}
	var out []schedule.DueItem
	for _, r := range append(fell, changed...) {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		out = append(out, schedule.DueItem{ID: r.ID, CaseID: r.CaseID, SuspensionID: r.SuspensionID, DueAt: r.DueAt.UTC(), Changed: r.UpdatedAt.After(since)})
	}
	return out, nil
}
