package store_test

import (
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A review reads back as written, its follow-ups being only the tasks marked
// as such, oldest first; a stale version changes nothing (412); a case's
// open follow-ups do not count among the open tasks that keep it from
// closing; and nothing is read without a scoped read of the case.
func TestReviewReadsBackWithItsFollowUps(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		c := newCase(t, cs, ctx, "Reviewed")
		v, err := cases.See(ctx, db, c.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Review(ctx, v); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("no review yet: %v", err)
		}
		me := identity.From(ctx).UserID
		now := time.Now().UTC().Truncate(time.Microsecond)
		r := cases.Review{CaseID: c.ID, WhatHappened: "What", WentWell: "Well", ToImprove: "Better", CreatedByID: me, UpdatedByID: me,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := db.CreateReview(ctx, r); err != nil {
			t.Fatal(err)
		}
		plain, err := cs.AddTask(ctx, c.ID, cases.Task{Title: "Plain task"})
		if err != nil {
			t.Fatal(err)
		}
		follow, err := cs.AddTask(ctx, c.ID, cases.Task{Title: "Follow this up", Group: cases.FollowUpGroup})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddFollowUp(ctx, c.ID, follow.ID); err != nil {
			t.Fatal(err)
		}
		got, err := db.Review(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Written || got.WhatHappened != "What" || got.ToImprove != "Better" || got.Version != 1 || !got.CreatedAt.Equal(now) ||
			len(got.FollowUps) != 1 || got.FollowUps[0].ID != follow.ID || got.CompletedAt != nil {
			t.Fatalf("read back: %+v", got)
		}
		for id, want := range map[[16]byte]bool{follow.ID: true, plain.ID: false} {
			if is, err := db.IsFollowUp(ctx, id); err != nil || is != want {
				t.Errorf("IsFollowUp(%v) = %v, %v; want %v", id, is, err, want)
			}
		}
		got.CompletedAt, got.CompletedByID = &now, &me
		if _, err := db.UpdateReview(ctx, got, 1); err != nil {
			t.Fatal(err)
		}
		got.WhatHappened = "Stale"
		if _, err := db.UpdateReview(ctx, got, 1); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("stale update: %v", err)
		}
		again, err := db.Review(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if again.Version != 2 || again.WhatHappened != "What" || again.CompletedAt == nil || *again.CompletedByID != me {
			t.Fatalf("after a stale update: %+v", again)
		}
		if v2, err := cases.See(ctx, db, c.ID, false); err != nil || v2.Case().OpenTasks != 1 {
			t.Fatalf("open tasks %d (%v), want 1: the follow-up does not count", v2.Case().OpenTasks, err)
		}
		if _, err := db.Review(ctx, cases.Visible{}); err == nil {
			t.Fatal("a review read without a scoped read of the case")
		}
	})
}
