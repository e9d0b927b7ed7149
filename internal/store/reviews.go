package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
)

type reviewRow struct {
	CaseID        uuid.UUID `gorm:"primaryKey"`
	WhatHappened  string
	WentWell      string
	ToImprove     string
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

func (reviewRow) TableName() string { return "case_reviews" }

func toReviewRow(r cases.Review) reviewRow {
	return reviewRow{CaseID: r.CaseID, WhatHappened: r.WhatHappened, WentWell: r.WentWell, ToImprove: r.ToImprove,
		CompletedAt: utcPtr(r.CompletedAt), CompletedByID: r.CompletedByID, ReopenedAt: utcPtr(r.ReopenedAt), ReopenedByID: r.ReopenedByID,
		ReopenReason: r.ReopenReason, CreatedByID: r.CreatedByID, UpdatedByID: r.UpdatedByID, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (r reviewRow) toDomain() cases.Review {
	return cases.Review{CaseID: r.CaseID, Written: true, WhatHappened: r.WhatHappened, WentWell: r.WentWell, ToImprove: r.ToImprove,
		CompletedAt: utcPtr(r.CompletedAt), CompletedByID: r.CompletedByID, ReopenedAt: utcPtr(r.ReopenedAt), ReopenedByID: r.ReopenedByID,
		ReopenReason: r.ReopenReason, CreatedByID: r.CreatedByID, UpdatedByID: r.UpdatedByID, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type followUpRow struct {
	TaskID uuid.UUID `gorm:"primaryKey"`
	CaseID uuid.UUID
}

func (followUpRow) TableName() string { return "review_follow_ups" }

// Review returns the case v's review with its follow-up tasks, oldest first.
func (db *DB) Review(ctx context.Context, v cases.Visible) (cases.Review, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return cases.Review{}, fmt.Errorf("read review: %w", err)
	}
	var r reviewRow
	if err := db.reader(ctx).Where("case_id = ?", caseID).Take(&r).Error; err != nil {
		return cases.Review{}, translate(err, "review")
	}
	var rows []taskRow
	err = db.reader(ctx).Where("case_id = ? AND id IN (SELECT task_id FROM review_follow_ups WHERE case_id = ?)", caseID, caseID).
		Order("created_at, id").Find(&rows).Error
	if err != nil {
		return cases.Review{}, translate(err, "review follow-ups")
	}
	out := r.toDomain()
	out.FollowUps = make([]cases.Task, len(rows))
	for i, row := range rows {
		if out.FollowUps[i], err = row.toDomain(); err != nil {
			return cases.Review{}, err
		}
	}
	return out, nil
}

// CreateReview inserts r.
func (db *DB) CreateReview(ctx context.Context, r cases.Review) error {
	row := toReviewRow(r)
	return translate(db.conn(ctx).Create(&row).Error, "review")
}

// UpdateReview stores r if its version is still version.
func (db *DB) UpdateReview(ctx context.Context, r cases.Review, version int64) (cases.Review, error) {
	row := toReviewRow(r)
	res := db.conn(ctx).Model(&reviewRow{}).Where("case_id = ? AND version = ?", r.CaseID, version).Updates(map[string]any{
		"what_happened": row.WhatHappened, "went_well": row.WentWell, "to_improve": row.ToImprove,
		"completed_at": row.CompletedAt, "completed_by_id": row.CompletedByID, "reopened_at": row.ReopenedAt,
		"reopened_by_id": row.ReopenedByID, "reopen_reason": row.ReopenReason, "updated_by_id": row.UpdatedByID,
		"updated_at": row.UpdatedAt, "version": gorm.Expr("version + 1"),
	})
	if res.Error != nil {
		return cases.Review{}, translate(res.Error, "review")
	}
	if res.RowsAffected == 0 {
		return cases.Review{}, apperr.New(apperr.PreconditionFailed, "the review was changed by someone else: read it again and retry")
	}
	r.Version = version + 1
	return r, nil
}

// AddFollowUp marks task as a follow-up of caseID's review.
func (db *DB) AddFollowUp(ctx context.Context, caseID, task uuid.UUID) error {
	return translate(db.conn(ctx).Create(&followUpRow{TaskID: task, CaseID: caseID}).Error, "follow-up")
}

// IsFollowUp reports whether task is a review's follow-up.
func (db *DB) IsFollowUp(ctx context.Context, task uuid.UUID) (bool, error) {
	var n int64
	if err := db.reader(ctx).Model(&followUpRow{}).Where("task_id = ?", task).Count(&n).Error; err != nil {
		return false, translate(err, "follow-up")
	}
	return n > 0, nil
}
