package cases

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
)

// FollowUpGroup is the task group a review's follow-up actions go in.
const FollowUpGroup = "Follow-up"

// The limits of a review: a page or two for each part, and as many new
// follow-ups in one save as the task cap allows comfortably.
const (
	MaxReviewText      = 10000
	MaxReopenReason    = 1000
	MaxFollowUpsInSave = 50
)

// Review is a case's post-incident review (docs/review.md): what happened,
// what went well, what to improve, and the follow-up actions it turned into
// tasks. A complete review is read-only until it is reopened with a reason.
type Review struct {
	CaseID       uuid.UUID
	Written      bool // false until the first save
	WhatHappened string
	WentWell     string
	ToImprove    string
	// FollowUps are the tasks the review created, oldest first.
	FollowUps     []Task
	CompletedAt   *time.Time
	CompletedByID *uuid.UUID
	ReopenedAt    *time.Time
	ReopenedByID  *uuid.UUID
	ReopenReason  string
	CreatedByID   uuid.UUID
	UpdatedByID   uuid.UUID
	Version       int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Complete reports whether the review is marked complete.
func (r Review) Complete() bool { return r.CompletedAt != nil }

// ReviewDraft is what a save of the review sends: its three texts and the
// new follow-up actions to add as tasks.
type ReviewDraft struct {
	WhatHappened string
	WentWell     string
	ToImprove    string
	FollowUps    []FollowUp
}

// FollowUp is a follow-up action to add: it becomes a task in FollowUpGroup.
type FollowUp struct {
	Title       string
	Description string
	AssigneeID  *uuid.UUID
	DueAt       *time.Time
}

// Reviewable reports whether a case in status s may have its review
// written: once it is recovering or closed.
func Reviewable(s Status) bool { return s == Recovering || s == Closed }

// errNotReviewable is the 409 of a review on a case still being handled.
func errNotReviewable() error {
	return apperr.New(apperr.Conflict, "a review can be written once the case is recovering or closed; this case is still being handled")
}

// tidy trims what people typed.
func (d ReviewDraft) tidy() ReviewDraft {
	d.WhatHappened, d.WentWell, d.ToImprove = strings.TrimSpace(d.WhatHappened), strings.TrimSpace(d.WentWell), strings.TrimSpace(d.ToImprove)
	return d
}

// textErrors names every review text over its limit.
func (d ReviewDraft) textErrors() []apperr.FieldError {
	var f []apperr.FieldError
	for _, t := range []struct{ field, text string }{{"what_happened", d.WhatHappened}, {"went_well", d.WentWell}, {"to_improve", d.ToImprove}} {
		if utf8.RuneCountInString(t.text) > MaxReviewText {
			f = append(f, apperr.FieldError{Field: t.field, Message: fmt.Sprintf("must be at most %d characters", MaxReviewText)})
		}
	}
	if len(d.FollowUps) > MaxFollowUpsInSave {
		f = append(f, apperr.FieldError{Field: "follow_ups", Message: fmt.Sprintf("may add at most %d actions in one save", MaxFollowUpsInSave)})
	}
	return f
}

// followUpTask is the task a follow-up action becomes.
func followUpTask(f FollowUp) Task {
	return tidyTask(Task{Title: f.Title, Description: f.Description, Group: FollowUpGroup, AssigneeID: f.AssigneeID, DueAt: f.DueAt, Status: TaskTodo})
}

// reviewDiff is {field: [old, new]} for the texts that differ.
func reviewDiff(old Review, d ReviewDraft) audit.Changes {
	c := audit.Changes{}
	for _, t := range []struct{ field, a, b string }{{"what_happened", old.WhatHappened, d.WhatHappened},
		{"went_well", old.WentWell, d.WentWell}, {"to_improve", old.ToImprove, d.ToImprove}} {
		if t.a != t.b {
			c[t.field] = [2]any{nilIfEmpty(t.a), t.b}
		}
	}
	return c
}
