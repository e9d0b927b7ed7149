package cases

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
)

// ReviewStore is what reviews need from the database. It is part of Store.
type ReviewStore interface {
	// Review returns the case's review with its follow-ups (NotFound when
	// none was written).
	Review(ctx context.Context, v Visible) (Review, error)
	// CreateReview inserts r.
	CreateReview(ctx context.Context, r Review) error
	// UpdateReview stores r if its version is still version (else 412) and
	// returns it as stored, its version one more.
	UpdateReview(ctx context.Context, r Review, version int64) (Review, error)
	// AddFollowUp marks task as a follow-up of its case's review.
	AddFollowUp(ctx context.Context, caseID, task uuid.UUID) error
	// IsFollowUp reports whether task is a review's follow-up.
	IsFollowUp(ctx context.Context, task uuid.UUID) (bool, error)
}

// Review returns the review of a case the caller may see; a case without
// one answers an unwritten review (version 0).
func (s *Service) Review(ctx context.Context, caseID uuid.UUID) (Review, error) {
	v, err := See(ctx, s.store, caseID, false)
	if err != nil {
		return Review{}, err
	}
	return s.readReview(ctx, v)
}

func (s *Service) readReview(ctx context.Context, v Visible) (Review, error) {
	r, err := s.store.Review(ctx, v)
	if apperr.Is(err, apperr.NotFound) {
		return Review{CaseID: v.ID(), FollowUps: []Task{}}, nil
	}
	if err != nil {
		return Review{}, fmt.Errorf("read review: %w", err)
	}
	r.Written = true
	return r, nil
}

// SaveReview writes the review of a recovering or closed case and adds its
// new follow-up actions as tasks, all in one transaction. version is the
// If-Match of the caller's last read; 0 when the caller creates the review.
func (s *Service) SaveReview(ctx context.Context, caseID uuid.UUID, version int64, d ReviewDraft) (Review, error) {
	d = d.tidy()
	var saved Review
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, old, err := s.reviewForWrite(ctx, caseID, version, mayCreate)
		if err != nil {
			return err
		}
		if old.Complete() {
			return apperr.New(apperr.Conflict, "the review is complete: reopen it to change it")
		}
		tasks, err := s.checkReview(ctx, v, d)
		if err != nil {
			return err
		}
		now := s.now(ctx).Truncate(time.Microsecond)
		me := identity.From(ctx).UserID
		next := old
		next.WhatHappened, next.WentWell, next.ToImprove = d.WhatHappened, d.WentWell, d.ToImprove
		next.UpdatedByID, next.UpdatedAt = me, now
		changes := reviewDiff(old, d)
		switch {
		case !old.Written:
			next.CaseID, next.CreatedByID, next.CreatedAt, next.Version = caseID, me, now, 1
			if err := s.store.CreateReview(ctx, next); err != nil {
				return fmt.Errorf("create review: %w", err)
			}
			if err := s.recordReview(ctx, caseID, "review.create", changes); err != nil {
				return err
			}
		case len(changes) > 0 || len(tasks) > 0:
			if next, err = s.store.UpdateReview(ctx, next, version); err != nil {
				return err
			}
			if len(changes) > 0 {
				if err := s.recordReview(ctx, caseID, "review.update", changes); err != nil {
					return err
				}
			}
		}
		for _, t := range tasks {
			t.ID, t.CaseID, t.CreatedByID = uuid.Must(uuid.NewV7()), caseID, me
			t.Version, t.CreatedAt, t.UpdatedAt = 1, now, now
			if err := s.store.CreateTask(ctx, t, MaxTasksPerCase); err != nil {
				if apperr.Is(err, apperr.Conflict) {
					return err
				}
				return fmt.Errorf("create follow-up: %w", err)
			}
			if err := s.store.AddFollowUp(ctx, caseID, t.ID); err != nil {
				return fmt.Errorf("mark follow-up: %w", err)
			}
			if err := s.audit.Record(ctx, audit.Entry{Action: "task.create", EntityType: "task", EntityID: t.ID.String(), CaseID: caseID.String(),
				Changes: taskDiff(Task{}, t)}); err != nil {
				return err
			}
		}
		saved, err = s.readReview(ctx, v)
		return err
	})
	return saved, err
}

// Whether reviewForWrite accepts a review not yet written: a save may create
// it; a completion or a reopening needs one.
const (
	mayCreate = true
	mustExist = false
)

// reviewForWrite locks the case, checks that it may be reviewed and that
// version is the review's (0 for one not yet written), and reads the review.
func (s *Service) reviewForWrite(ctx context.Context, caseID uuid.UUID, version int64, allowUnwritten bool) (Visible, Review, error) {
	v, err := See(ctx, s.store, caseID, true)
	if err != nil {
		return Visible{}, Review{}, err
	}
	if !Reviewable(v.Case().Status) {
		return Visible{}, Review{}, errNotReviewable()
	}
	r, err := s.readReview(ctx, v)
	if err != nil {
		return Visible{}, Review{}, err
	}
	switch {
	case !r.Written && !allowUnwritten:
		return Visible{}, Review{}, apperr.New(apperr.Conflict, "the review has not been written yet: write it first")
	case !r.Written && version != 0:
		return Visible{}, Review{}, apperr.New(apperr.PreconditionFailed, "the review does not exist yet: save it without If-Match to write it")
	case r.Written && version == 0:
		return Visible{}, Review{}, apperr.New(apperr.PreconditionRequired, `the review was already written: send If-Match with the ETag of your last read, such as "3"`)
	case r.Written && r.Version != version:
		return Visible{}, Review{}, apperr.New(apperr.PreconditionFailed, "the review was changed by someone else: read it again and retry")
	}
	return v, r, nil
}

// checkReview names every field of d at fault at once (422), and returns the
// tasks its follow-ups become.
func (s *Service) checkReview(ctx context.Context, v Visible, d ReviewDraft) ([]Task, error) {
	f := d.textErrors()
	tasks := make([]Task, len(d.FollowUps))
	assignable := map[uuid.UUID]bool{}
	for i, fu := range d.FollowUps {
		t := followUpTask(fu)
		tasks[i] = t
		prefix := "follow_ups." + strconv.Itoa(i) + "."
		for _, e := range taskFieldErrors(t, v.Case()) {
			e.Field = prefix + e.Field
			f = append(f, e)
		}
		if t.AssigneeID == nil {
			f = append(f, apperr.FieldError{Field: prefix + "assignee_id", Message: "is required: who will see to it"})
		} else {
			ok, seen := assignable[*t.AssigneeID]
			if !seen {
				var err error
				if ok, err = s.store.TaskAssignable(ctx, v, *t.AssigneeID); err != nil {
					return nil, fmt.Errorf("check assignee: %w", err)
				}
				assignable[*t.AssigneeID] = ok
			}
			if !ok {
				f = append(f, apperr.FieldError{Field: prefix + "assignee_id", Message: "must be an enabled admin or responder who may see the case"})
			}
		}
		if t.DueAt == nil {
			f = append(f, apperr.FieldError{Field: prefix + "due_at", Message: "is required: when it should be done"})
		}
	}
	if len(f) > 0 {
		return nil, apperr.Invalidf(f, "the review is not valid")
	}
	return tasks, nil
}

// CompleteReview marks the review complete: read-only until reopened.
func (s *Service) CompleteReview(ctx context.Context, caseID uuid.UUID, version int64) (Review, error) {
	var saved Review
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, r, err := s.reviewForWrite(ctx, caseID, version, mustExist)
		if err != nil {
			return err
		}
		if r.Complete() {
			return apperr.New(apperr.Conflict, "the review is already complete")
		}
		if r.WhatHappened == "" {
			return apperr.New(apperr.Conflict, "write what happened before marking the review complete")
		}
		now, me := s.now(ctx).Truncate(time.Microsecond), identity.From(ctx).UserID
		r.CompletedAt, r.CompletedByID, r.UpdatedByID, r.UpdatedAt = &now, &me, me, now
		if _, err := s.store.UpdateReview(ctx, r, version); err != nil {
			return err
		}
		if err := s.recordReview(ctx, caseID, "review.complete", audit.Changes{"completed_at": {nil, now.UTC().Format(time.RFC3339Nano)}}); err != nil {
			return err
		}
		saved, err = s.readReview(ctx, v)
		return err
	})
	return saved, err
}

// ReopenReview makes a complete review editable again, for a reason.
func (s *Service) ReopenReview(ctx context.Context, caseID uuid.UUID, version int64, reason string) (Review, error) {
	reason = strings.TrimSpace(reason)
	var saved Review
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, r, err := s.reviewForWrite(ctx, caseID, version, mustExist)
		if err != nil {
			return err
		}
		if reason == "" || utf8.RuneCountInString(reason) > MaxReopenReason {
			return apperr.Invalidf([]apperr.FieldError{{Field: "reason", Message: fmt.Sprintf("is required (at most %d characters)", MaxReopenReason)}}, "the reopening is not valid")
		}
		if !r.Complete() {
			return apperr.New(apperr.Conflict, "the review is not complete, so there is nothing to reopen")
		}
		now, me := s.now(ctx).Truncate(time.Microsecond), identity.From(ctx).UserID
		was := r.CompletedAt.UTC().Format(time.RFC3339Nano)
		r.CompletedAt, r.CompletedByID = nil, nil
		r.ReopenedAt, r.ReopenedByID, r.ReopenReason, r.UpdatedByID, r.UpdatedAt = &now, &me, reason, me, now
		if _, err := s.store.UpdateReview(ctx, r, version); err != nil {
			return err
		}
		if err := s.recordReview(ctx, caseID, "review.reopen", audit.Changes{"completed_at": {was, nil}, "reason": {nil, reason}}); err != nil {
			return err
		}
		saved, err = s.readReview(ctx, v)
		return err
	})
	return saved, err
}

func (s *Service) recordReview(ctx context.Context, caseID uuid.UUID, action string, changes audit.Changes) error {
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "review", EntityID: caseID.String(), CaseID: caseID.String(), Changes: changes})
}

// followUpIDs are the tasks of the case v that its review's follow-ups
// became; none when it has no review.
func (s *Service) followUpIDs(ctx context.Context, v Visible) (map[uuid.UUID]bool, error) {
	r, err := s.store.Review(ctx, v)
	if apperr.Is(err, apperr.NotFound) {
		return map[uuid.UUID]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read follow-ups: %w", err)
	}
	out := make(map[uuid.UUID]bool, len(r.FollowUps))
	for _, t := range r.FollowUps {
		out[t.ID] = true
	}
	return out, nil
}
