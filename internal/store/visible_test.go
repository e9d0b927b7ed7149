package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// caseReads are the store's reads of a case's records, each answering how
// many records it read: every one takes a cases.Visible.
func caseReads(db *store.DB) map[string]func(context.Context, cases.Visible) (int, error) {
	return map[string]func(context.Context, cases.Visible) (int, error){
		"ListNotes": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.ListNotes(ctx, v, uuid.Nil, 50)
			return len(l), err
		},
		"CasePeople": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CasePeople(ctx, v)
			return len(l), err
		},
		"CaseAudit": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseAudit(ctx, v, audit.Filter{Limit: 50})
			return len(l), err
		},
		"CaseEvidence": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseEvidence(ctx, v)
			return len(l), err
		},
		"CountCaseEvidence": db.CountCaseEvidence,
		"CaseSuspensions": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseSuspensions(ctx, v)
			return len(l), err
		},
		"CaseNotes": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseNotes(ctx, v)
			return len(l), err
		},
		"CaseCustody": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseCustody(ctx, v)
			return len(l), err
		},
		"CaseServices": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseServices(ctx, v)
			return len(l), err
		},
		"CaseMilestones": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseMilestones(ctx, v)
			return len(l), err
		},
		"CaseReplans": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseReplans(ctx, v)
			return len(l), err
		},
		"CaseUpdates": func(ctx context.Context, v cases.Visible) (int, error) {
			l, err := db.CaseUpdates(ctx, v)
			return len(l), err
		},
	}
}

// Every read of a case's records refuses the zero Visible with ErrNotSeen
// and reads nothing, where the Visible of a scoped read of the same case
// reads its records.
func TestCaseRecordsReadNothingWithoutAScopedRead(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		f.grow(t, 1)
		seen, err := cases.See(f.ctx, db, f.kase.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		for name, read := range caseReads(db) {
			if got, err := read(f.ctx, seen); err != nil || got == 0 {
				t.Errorf("%s with the case's Visible: %d records, %v; want some", name, got, err)
			}
			if got, err := read(f.ctx, cases.Visible{}); !errors.Is(err, cases.ErrNotSeen) || got != 0 {
				t.Errorf("%s with the zero Visible: %d records, %v; want none, ErrNotSeen", name, got, err)
			}
		}
	})
}

// A caller outside the case's scope gets NotFound from See and no Visible,
// so every read of the case's records refuses what See gave them.
func TestSeeOutsideTheScopeGivesNothingToReadWith(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newExportCaseFixture(t, db)
		other := uuid.Must(uuid.NewV7())
		head := identity.With(context.Background(), identity.Principal{UserID: uuid.Must(uuid.NewV7()), Role: "department_head", DepartmentID: &other})
		v, err := cases.See(head, db, f.kase.ID, false)
		if !apperr.Is(err, apperr.NotFound) || v.ID() != uuid.Nil {
			t.Fatalf("See outside the scope: %v, %v; want NotFound and the zero Visible", v, err)
		}
		for name, read := range caseReads(db) {
			if got, err := read(head, v); !errors.Is(err, cases.ErrNotSeen) || got != 0 {
				t.Errorf("%s: %d records, %v; want none, ErrNotSeen", name, got, err)
			}
		}
	})
}
