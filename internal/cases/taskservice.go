package cases

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
)

// TaskStore is what tasks need from the database, besides the case's scoped
// read. It is part of Store.
type TaskStore interface {
	// CreateTask inserts t unless its case already holds max tasks (a 409).
	CreateTask(ctx context.Context, t Task, max int) error
	// Tasks returns a case's tasks, grouped: by group, then the soonest due
	// (undated last), then the oldest.
	Tasks(ctx context.Context, v Visible) ([]Task, error)
	// TaskCaseID is the case a task belongs to (NotFound for no such task).
	TaskCaseID(ctx context.Context, id uuid.UUID) (uuid.UUID, error)
	// Task returns one of a case's tasks.
	Task(ctx context.Context, v Visible, id uuid.UUID) (Task, error)
	// UpdateTask stores t if its version is still version (else 412) and
	// returns it as stored, its version one more.
	UpdateTask(ctx context.Context, t Task, version int64) (Task, error)
	// TaskAssignable reports whether user is an enabled admin or responder
	// who may see the case.
	TaskAssignable(ctx context.Context, v Visible, user uuid.UUID) (bool, error)
}

// errClosedCase is the 409 of a change to a closed case's tasks.
func errClosedCase() error {
	return apperr.New(apperr.Conflict, "the case is closed: reopen it to change its tasks")
}

// Tasks returns the tasks of a case the caller may see, grouped.
func (s *Service) Tasks(ctx context.Context, caseID uuid.UUID) ([]Task, error) {
	v, err := See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	return s.store.Tasks(ctx, v)
}

// AddTask adds a task to an open case the caller may see.
func (s *Service) AddTask(ctx context.Context, caseID uuid.UUID, t Task) (Task, error) {
	now := s.now(ctx).Truncate(time.Microsecond)
	t = tidyTask(t)
	t.ID, t.CaseID, t.CreatedByID = uuid.Must(uuid.NewV7()), caseID, identity.From(ctx).UserID
	t.Version, t.CreatedAt, t.UpdatedAt = 1, now, now
	if t.Status == "" {
		t.Status = TaskTodo
	}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := See(ctx, s.store, caseID, true)
		if err != nil {
			return err
		}
		if err := s.checkTask(ctx, v, t, nil); err != nil {
			return err
		}
		// The store counts the task on the case's (locked) row and refuses
		// one past the cap, so concurrent creations cannot pass it.
		if err := s.store.CreateTask(ctx, t, MaxTasksPerCase); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return err
			}
			return fmt.Errorf("create task: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "task.create", EntityType: "task", EntityID: t.ID.String(), CaseID: caseID.String(),
			Changes: taskDiff(Task{}, t)})
	})
	if err != nil {
		return Task{}, err
	}
	return t, nil
}

// UpdateTask applies a partial change to a task if version is current. A
// status change is recorded as task.status, each checklist item ticked or
// unticked as task.check, and anything else as task.update.
func (s *Service) UpdateTask(ctx context.Context, id uuid.UUID, version int64, p TaskPatch) (Task, error) {
	var updated Task
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		caseID, err := s.store.TaskCaseID(ctx, id)
		if err != nil {
			return err
		}
		v, err := See(ctx, s.store, caseID, true)
		if apperr.Is(err, apperr.NotFound) {
			// Answer as for a task that does not exist: a caller who may not
			// see the case learns nothing, not even that the id is real.
			return apperr.NotFoundf("task not found")
		}
		if err != nil {
			return err
		}
		old, err := s.store.Task(ctx, v, id)
		if err != nil {
			return err
		}
		next := p.apply(old)
		if err := s.checkTask(ctx, v, next, &old); err != nil {
			return err
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "the task was changed by someone else: read it again and retry")
		}
		entries := taskEntries(old, next)
		if len(entries) == 0 {
			updated = old
			return nil
		}
		next.UpdatedAt = s.now(ctx).Truncate(time.Microsecond)
		if updated, err = s.store.UpdateTask(ctx, next, version); err != nil {
			return err
		}
		for _, e := range entries {
			e.EntityType, e.EntityID, e.CaseID = "task", id.String(), caseID.String()
			if err := s.audit.Record(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	return updated, err
}

// checkTask refuses a task on a closed case (409), unless it is a review's
// follow-up being changed, and a task with one 422 naming every field at
// fault. old is the task before the change, nil for a new one: an assignee
// kept as it was is not checked again.
func (s *Service) checkTask(ctx context.Context, v Visible, t Task, old *Task) error {
	if v.Case().Status == Closed {
		// A review's follow-up actions outlive the case: they may be changed
		// while it is closed (and are added to it only through the review).
		followUp := false
		if old != nil {
			var err error
			if followUp, err = s.store.IsFollowUp(ctx, old.ID); err != nil {
				return fmt.Errorf("check follow-up: %w", err)
			}
		}
		if !followUp {
			return errClosedCase()
		}
	}
	f := taskFieldErrors(t, v.Case())
	if t.AssigneeID != nil && (old == nil || old.AssigneeID == nil || *old.AssigneeID != *t.AssigneeID) {
		ok, err := s.store.TaskAssignable(ctx, v, *t.AssigneeID)
		if err != nil {
			return fmt.Errorf("check assignee: %w", err)
		}
		if !ok {
			f = append(f, apperr.FieldError{Field: "assignee_id", Message: "must be an enabled admin or responder who may see the case"})
		}
	}
	if len(f) > 0 {
		return apperr.Invalidf(f, "the task is not valid")
	}
	return nil
}

// cancelOpenTasks cancels the open tasks of the case v, which the caller's
// transaction holds locked, each change audited; closing the case does it
// when asked to.
func (s *Service) cancelOpenTasks(ctx context.Context, v Visible) error {
	tasks, err := s.store.Tasks(ctx, v)
	if err != nil {
		return err
	}
	followUps, err := s.followUpIDs(ctx, v)
	if err != nil {
		return err
	}
	now := s.now(ctx).Truncate(time.Microsecond)
	for _, t := range tasks {
		if !t.Status.Open() {
			continue
		}
		if followUps[t.ID] {
			continue // a review's follow-up actions outlive the case: closing keeps them
		}
		next := t
		next.Status, next.UpdatedAt = TaskCancelled, now
		if _, err := s.store.UpdateTask(ctx, next, t.Version); err != nil {
			return fmt.Errorf("cancel task %s: %w", t.ID, err)
		}
		if err := s.audit.Record(ctx, audit.Entry{Action: "task.status", EntityType: "task", EntityID: t.ID.String(), CaseID: v.ID().String(),
			Changes: audit.Changes{"status": {string(t.Status), string(TaskCancelled)}, "note": {nil, "cancelled when the case was closed"}}}); err != nil {
			return err
		}
	}
	return nil
}

// taskEntries are the audit entries a change from old to next records.
func taskEntries(old, next Task) []audit.Entry {
	var out []audit.Entry
	if old.Status != next.Status {
		out = append(out, audit.Entry{Action: "task.status", Changes: audit.Changes{"status": {string(old.Status), string(next.Status)}}})
	}
	rest := taskDiff(old, next)
	delete(rest, "status")
	if ticks, ok := toggled(old.Checklist, next.Checklist); ok {
		delete(rest, "checklist")
		for _, it := range ticks {
			out = append(out, audit.Entry{Action: "task.check", Changes: audit.Changes{"item": {nil, it.Text}, "done": {!it.Done, it.Done}}})
		}
	}
	if len(rest) > 0 {
		out = append(out, audit.Entry{Action: "task.update", Changes: rest})
	}
	return out
}

// taskDiff is {field: [old, new]} for the fields that differ.
func taskDiff(old, next Task) audit.Changes {
	c := audit.Changes{}
	str := func(field, a, b string) {
		if a != b {
			var o any = a
			if a == "" {
				o = nil
			}
			c[field] = [2]any{o, b}
		}
	}
	str("title", old.Title, next.Title)
	str("description", old.Description, next.Description)
	str("group", old.Group, next.Group)
	str("status", string(old.Status), string(next.Status))
	if !ptrEqual(old.AssigneeID, next.AssigneeID) {
		c["assignee_id"] = [2]any{uuidOrNil(old.AssigneeID), uuidOrNil(next.AssigneeID)}
	}
	if !timeEqual(old.DueAt, next.DueAt) {
		c["due_at"] = [2]any{timeOrNil(old.DueAt), timeOrNil(next.DueAt)}
	}
	if !slices.Equal(old.Checklist, next.Checklist) && (len(old.Checklist) > 0 || len(next.Checklist) > 0) {
		c["checklist"] = [2]any{nilIfEmpty(checklistText(old.Checklist)), checklistText(next.Checklist)}
	}
	return c
}

func ptrEqual(a, b *uuid.UUID) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func timeEqual(a, b *time.Time) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && a.Equal(*b))
}

func uuidOrNil(id *uuid.UUID) any {
	if id == nil {
		return nil
	}
	return id.String()
}

func timeOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
