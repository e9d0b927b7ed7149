package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/mywork"
)

type taskRow struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	Title       string
	Description string
	TaskGroup   string
	AssigneeID  *uuid.UUID
	DueAt       *time.Time
	Status      string
	Checklist   string // a JSON array of {text, done}
	CreatedByID uuid.UUID
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (taskRow) TableName() string { return "tasks" }

func toTaskRow(t cases.Task) (taskRow, error) {
	list := t.Checklist
	if list == nil {
		list = []cases.ChecklistItem{}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return taskRow{}, fmt.Errorf("task checklist: %w", err)
	}
	return taskRow{ID: t.ID, CaseID: t.CaseID, Title: t.Title, Description: t.Description, TaskGroup: t.Group,
		AssigneeID: t.AssigneeID, DueAt: utcPtr(t.DueAt), Status: string(t.Status), Checklist: string(b),
		CreatedByID: t.CreatedByID, Version: t.Version, CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC()}, nil
}

func (r taskRow) toDomain() (cases.Task, error) {
	list := []cases.ChecklistItem{}
	if err := json.Unmarshal([]byte(r.Checklist), &list); err != nil {
		return cases.Task{}, fmt.Errorf("task %s checklist: %w", r.ID, err)
	}
	return cases.Task{ID: r.ID, CaseID: r.CaseID, Title: r.Title, Description: r.Description, Group: r.TaskGroup,
		AssigneeID: r.AssigneeID, DueAt: utcPtr(r.DueAt), Status: cases.TaskStatus(r.Status), Checklist: list,
		CreatedByID: r.CreatedByID, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

// taskOrder groups a case's tasks: by group, then the soonest due (undated
// last, on both databases), then the oldest.
const taskOrder = "task_group, CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, created_at, id"

// CreateTask inserts t, counts it on its case and touches the case's
// updated_at, unless the case already holds max tasks: then it is a 409 and
// nothing is written. The count sits on the case's row, so the check is the
// update that locks it.
func (db *DB) CreateTask(ctx context.Context, t cases.Task, max int) error {
	res := db.conn(ctx).Model(&caseRow{}).Where("id = ? AND task_count < ?", t.CaseID, max).
		Updates(map[string]any{"task_count": gorm.Expr("task_count + 1"), "updated_at": Now(ctx)})
	if res.Error != nil {
		return translate(res.Error, "case")
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, fmt.Sprintf("the case already holds %d tasks, the most one case may: finish or regroup some before adding more", max))
	}
	row, err := toTaskRow(t)
	if err != nil {
		return err
	}
	return translate(db.conn(ctx).Create(&row).Error, "task")
}

// Tasks returns a case's tasks in taskOrder.
func (db *DB) Tasks(ctx context.Context, v cases.Visible) ([]cases.Task, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	var rows []taskRow
	if err := db.reader(ctx).Where("case_id = ?", caseID).Order(taskOrder).Find(&rows).Error; err != nil {
		return nil, translate(err, "list tasks")
	}
	out := make([]cases.Task, len(rows))
	for i, r := range rows {
		if out[i], err = r.toDomain(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TaskCaseID is the case task id belongs to.
func (db *DB) TaskCaseID(ctx context.Context, id uuid.UUID) (uuid.UUID, error) {
	var r taskRow
	if err := db.reader(ctx).Select("case_id").Where("id = ?", id).Take(&r).Error; err != nil {
		return uuid.Nil, translate(err, "task")
	}
	return r.CaseID, nil
}

// Task returns one of the case v's tasks.
func (db *DB) Task(ctx context.Context, v cases.Visible, id uuid.UUID) (cases.Task, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return cases.Task{}, fmt.Errorf("read task: %w", err)
	}
	var r taskRow
	if err := db.reader(ctx).Where("id = ? AND case_id = ?", id, caseID).Take(&r).Error; err != nil {
		return cases.Task{}, translate(err, "task")
	}
	return r.toDomain()
}

// UpdateTask stores t if its version is still version.
func (db *DB) UpdateTask(ctx context.Context, t cases.Task, version int64) (cases.Task, error) {
	row, err := toTaskRow(t)
	if err != nil {
		return cases.Task{}, err
	}
	res := db.conn(ctx).Model(&taskRow{}).Where("id = ? AND version = ?", t.ID, version).Updates(map[string]any{
		"title": row.Title, "description": row.Description, "task_group": row.TaskGroup, "assignee_id": row.AssigneeID,
		"due_at": row.DueAt, "status": row.Status, "checklist": row.Checklist, "version": gorm.Expr("version + 1"), "updated_at": row.UpdatedAt,
	})
	if res.Error != nil {
		return cases.Task{}, translate(res.Error, "task")
	}
	if res.RowsAffected == 0 {
		return cases.Task{}, apperr.New(apperr.PreconditionFailed, "the task was changed by someone else: read it again and retry")
	}
	t.Version = version + 1
	t.DueAt, t.UpdatedAt = row.DueAt, row.UpdatedAt
	return t, nil
}

// TaskAssignable reports whether user is an enabled admin or responder who
// may see the case v: on a restricted case, an admin, its owner or a member.
func (db *DB) TaskAssignable(ctx context.Context, v cases.Visible, user uuid.UUID) (bool, error) {
	c := v.Case()
	if _, err := v.CaseID(); err != nil {
		return false, fmt.Errorf("check assignee: %w", err)
	}
	q := db.reader(ctx).Model(&userRow{}).Where("id = ? AND disabled = ? AND role IN ?", user, false, cases.OwnerRoles)
	if c.Restricted {
		q = q.Where("(role = 'admin' OR id = ? OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ? AND m.user_id = users.id))", c.OwnerID, c.ID)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return false, translate(err, "check assignee")
	}
	return n > 0, nil
}

type workTaskRow struct {
	Task          taskRow `gorm:"embedded"`
	CaseReference string
	CaseTitle     string
}

// AssignedTasks lists the open tasks assigned to user on cases scope may see,
// the soonest due first (undated last), then the oldest
// (tasks_assignee_idx).
func (db *DB) AssignedTasks(ctx context.Context, scope cases.Scope, user uuid.UUID, limit int) ([]mywork.WorkTask, int, error) {
	matching := func() *gorm.DB {
		q := db.reader(ctx).Table("tasks").Joins("JOIN cases ON cases.id = tasks.case_id").
			Where("tasks.assignee_id = ? AND tasks.status IN ('todo', 'in_progress')", user)
		return visible(q, scope)
	}
	var rows []workTaskRow
	err := matching().Select("tasks.*, cases.reference AS case_reference, cases.title AS case_title").
		Order("CASE WHEN tasks.due_at IS NULL THEN 1 ELSE 0 END, tasks.due_at, tasks.created_at, tasks.id").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, translate(err, "tasks assigned")
	}
	out := make([]mywork.WorkTask, len(rows))
	for i, r := range rows {
		t, err := r.Task.toDomain()
		if err != nil {
			return nil, 0, err
		}
		out[i] = mywork.WorkTask{Task: t, CaseReference: r.CaseReference, CaseTitle: r.CaseTitle}
	}
	n, err := db.countUpTo(ctx, matching(), "count tasks assigned")
	return out, n, err
}
