package cases_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
)

// reader is a store holding one case, visible to scopes that see everything.
type reader struct {
	c     cases.Case
	scope cases.Scope
}

func (r *reader) Case(_ context.Context, id uuid.UUID, scope cases.Scope, _ bool) (cases.Case, error) {
	r.scope = scope
	if id != r.c.ID || !scope.All {
		return cases.Case{}, apperr.New(apperr.NotFound, "no such case")
	}
	return r.c, nil
}

func TestSeeReadsInTheCallersScope(t *testing.T) {
	r := &reader{c: cases.Case{ID: uuid.Must(uuid.NewV7()), Title: "Seen"}}
	admin := identity.With(context.Background(), identity.Principal{UserID: uuid.Must(uuid.NewV7()), Role: "admin"})
	v, err := cases.See(admin, r, r.c.ID, false)
	if err != nil || v.ID() != r.c.ID || v.Case().Title != "Seen" || r.scope != cases.ScopeFrom(admin) {
		t.Fatalf("admin: %v, %v, read in %+v", v.Case(), err, r.scope)
	}
	if id, err := v.CaseID(); err != nil || id != r.c.ID {
		t.Fatalf("CaseID: %v, %v", id, err)
	}
	responder := identity.With(context.Background(), identity.Principal{UserID: uuid.Must(uuid.NewV7()), Role: "responder"})
	v, err = cases.See(responder, r, r.c.ID, false)
	if !apperr.Is(err, apperr.NotFound) || v.ID() != uuid.Nil {
		t.Fatalf("responder: %v, %v; want NotFound and the zero Visible", v.ID(), err)
	}
	if _, err := v.CaseID(); !errors.Is(err, cases.ErrNotSeen) {
		t.Fatalf("CaseID of what a refused See gave: %v; want ErrNotSeen", err)
	}
}

func TestSeeAsSystemSeesEveryCase(t *testing.T) {
	r := &reader{c: cases.Case{ID: uuid.Must(uuid.NewV7())}}
	v, err := cases.SeeAsSystem(context.Background(), r, r.c.ID, false)
	if err != nil || v.ID() != r.c.ID || !r.scope.All {
		t.Fatalf("%v, %v, read in %+v", v.ID(), err, r.scope)
	}
}

// The zero Visible, the only one code outside the package can write down,
// names no case; and a reader that answers without a case makes none.
func TestZeroVisibleNamesNoCase(t *testing.T) {
	if id, err := (cases.Visible{}).CaseID(); !errors.Is(err, cases.ErrNotSeen) || id != uuid.Nil {
		t.Fatalf("zero Visible: %v, %v; want uuid.Nil, ErrNotSeen", id, err)
	}
	r := &reader{} // answers every scope-All read with the zero Case
	if v, err := cases.SeeAsSystem(context.Background(), r, uuid.Nil, false); !errors.Is(err, cases.ErrNotSeen) || v.ID() != uuid.Nil {
		t.Fatalf("See of no case: %v, %v; want ErrNotSeen", v.ID(), err)
	}
}
