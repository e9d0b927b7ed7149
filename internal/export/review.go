package export

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// ReviewJSON is the case's post-incident review (docs/review.md), with its
// follow-up actions as the tasks they became.
type ReviewJSON struct {
	WhatHappened  string         `json:"what_happened"`
	WentWell      string         `json:"went_well"`
	ToImprove     string         `json:"to_improve"`
	FollowUps     []FollowUpJSON `json:"follow_ups"`
	CompletedAt   *time.Time     `json:"completed_at"`
	CompletedByID *uuid.UUID     `json:"completed_by_id"`
	ReopenedAt    *time.Time     `json:"reopened_at"`
	ReopenedByID  *uuid.UUID     `json:"reopened_by_id"`
	ReopenReason  *string        `json:"reopen_reason"`
	UpdatedAt     time.Time      `json:"updated_at"`
	UpdatedByID   uuid.UUID      `json:"updated_by_id"`
	Version       int64          `json:"version"`
}

// FollowUpJSON is a follow-up action: its task as it now stands.
type FollowUpJSON struct {
	TaskID      uuid.UUID  `json:"task_id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	AssigneeID  *uuid.UUID `json:"assignee_id"`
	DueAt       *time.Time `json:"due_at"`
	Status      string     `json:"status"`
}

// reviewJSON is the review of s, nil when none was written.
func reviewJSON(s Snapshot) *ReviewJSON {
	r := s.Review
	if r == nil {
		return nil
	}
	out := &ReviewJSON{WhatHappened: r.WhatHappened, WentWell: r.WentWell, ToImprove: r.ToImprove, FollowUps: make([]FollowUpJSON, len(r.FollowUps)),
		CompletedAt: r.CompletedAt, CompletedByID: r.CompletedByID, ReopenedAt: r.ReopenedAt, ReopenedByID: r.ReopenedByID,
		UpdatedAt: r.UpdatedAt, UpdatedByID: r.UpdatedByID, Version: r.Version}
	if r.ReopenReason != "" {
		out.ReopenReason = &r.ReopenReason
	}
	for i, t := range r.FollowUps {
		out.FollowUps[i] = FollowUpJSON{TaskID: t.ID, Title: t.Title, Description: t.Description, AssigneeID: t.AssigneeID, DueAt: t.DueAt, Status: string(t.Status)}
	}
	return out
}

// reviewTables are review.csv (the review, one row; none when it was not
// written) and follow_ups.csv (one row a follow-up action).
func reviewTables(s Snapshot) []table {
	rev := table{name: "review.csv", header: []string{"what_happened", "went_well", "to_improve", "completed_at", "completed_by_name",
		"reopened_at", "reopened_by_name", "reopen_reason", "updated_at", "updated_by_name", "version"}}
	fus := table{name: "follow_ups.csv", header: []string{"task_id", "title", "description", "assignee_id", "assignee_name", "due_at", "status"}}
	if r := s.Review; r != nil {
		rev.rows = append(rev.rows, []any{r.WhatHappened, r.WentWell, r.ToImprove, r.CompletedAt, s.nameOf(r.CompletedByID), r.ReopenedAt,
			s.nameOf(r.ReopenedByID), r.ReopenReason, r.UpdatedAt, s.Name(r.UpdatedByID), r.Version})
		for _, t := range r.FollowUps {
			fus.rows = append(fus.rows, []any{t.ID, t.Title, t.Description, t.AssigneeID, s.nameOf(t.AssigneeID), t.DueAt, string(t.Status)})
		}
	}
	return []table{rev, fus}
}

// reviewOf keeps a written review for the snapshot; nil for none.
func reviewOf(r cases.Review) *cases.Review {
	if !r.Written {
		return nil
	}
	return &r
}
