package cases

import (
	"context"
	"errors"

	"github.com/google/uuid"
)

// ErrNotSeen is what a read of a case's records answers when given the zero
// Visible: a bug (the case was never read in the caller's scope), refused
// rather than read unscoped.
var ErrNotSeen = errors.New("read of a case's records without a scoped read of the case")

// Visible is proof that a case was read in a scope that may see it: every
// store read of a case's records (notes, timeline, suspensions, evidence,
// people, export reads) takes one instead of a bare case id. Its field is
// unexported, so outside this package only See and SeeAsSystem make one; the
// zero Visible reads nothing.
type Visible struct {
	c Case
}

// ID is the case's id, uuid.Nil for the zero Visible.
func (v Visible) ID() uuid.UUID { return v.c.ID }

// Case is the case as its scoped read returned it.
func (v Visible) Case() Case { return v.c }

// CaseID is the id a read of the case's records is keyed by, or ErrNotSeen
// for the zero Visible: stores call it before every such read.
func (v Visible) CaseID() (uuid.UUID, error) {
	if v.c.ID == uuid.Nil {
		return uuid.Nil, ErrNotSeen
	}
	return v.c.ID, nil
}

// Reader reads one case within a scope, NotFound outside it: the store's
// scoped read.
type Reader interface {
	Case(ctx context.Context, id uuid.UUID, scope Scope, forUpdate bool) (Case, error)
}

// See reads case id in the scope of the caller in ctx; forUpdate locks it
// until the transaction ends. A case the caller may not see is NotFound.
func See(ctx context.Context, r Reader, id uuid.UUID, forUpdate bool) (Visible, error) {
	return see(ctx, r, id, ScopeFrom(ctx), forUpdate)
}

// SeeAsSystem reads case id whoever the caller is: for jobs that act for
// Caseward itself, never for a request. Grep for it to audit them.
func SeeAsSystem(ctx context.Context, r Reader, id uuid.UUID, forUpdate bool) (Visible, error) {
	return see(ctx, r, id, Scope{All: true}, forUpdate)
}

func see(ctx context.Context, r Reader, id uuid.UUID, scope Scope, forUpdate bool) (Visible, error) {
	c, err := r.Case(ctx, id, scope, forUpdate)
	if err != nil {
		return Visible{}, err
	}
	if c.ID == uuid.Nil {
		return Visible{}, ErrNotSeen
	}
	return Visible{c: c}, nil
}
