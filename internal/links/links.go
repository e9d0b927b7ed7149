// Package links relates cases to one another: related, duplicate of, caused
// by. A link is stored once and worded from whichever side it is read; the
// other case of a link is shown only to callers who may see it.
package links

import (
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// Kind is how a link was made, read from its From case.
type Kind string

// The kinds of link.
const (
	Related     Kind = "related"      // symmetric
	DuplicateOf Kind = "duplicate_of" // From duplicates To
	CausedBy    Kind = "caused_by"    // From was caused by To
)

// Kinds lists the valid kinds.
var Kinds = []Kind{Related, DuplicateOf, CausedBy}

// Relation is a link worded from the case it is listed on.
type Relation string

// The relations, two for each directed kind.
const (
	RelatedTo    Relation = "related"
	IsDuplicate  Relation = "duplicate_of"
	HasDuplicate Relation = "has_duplicate"
	WasCausedBy  Relation = "caused_by"
	Caused       Relation = "caused"
)

// MaxPerCase is the most links one case may hold, on either side, so that a
// case's links are one short list.
const MaxPerCase = 200

// Link is one link between two cases.
type Link struct {
	ID          uuid.UUID
	FromCaseID  uuid.UUID
	ToCaseID    uuid.UUID
	Kind        Kind
	CreatedByID uuid.UUID
	CreatedAt   time.Time
}

// Other is the case of l that is not caseID.
func (l Link) Other(caseID uuid.UUID) uuid.UUID {
	if l.FromCaseID == caseID {
		return l.ToCaseID
	}
	return l.FromCaseID
}

// RelationFrom words l from caseID's side.
func (l Link) RelationFrom(caseID uuid.UUID) Relation {
	from := l.FromCaseID == caseID
	switch {
	case l.Kind == DuplicateOf && from:
		return IsDuplicate
	case l.Kind == DuplicateOf:
		return HasDuplicate
	case l.Kind == CausedBy && from:
		return WasCausedBy
	case l.Kind == CausedBy:
		return Caused
	}
	return RelatedTo
}

// Brief is what a link shows of its other case.
type Brief struct {
	ID        uuid.UUID
	Reference string
	Title     string
	Status    cases.Status
}

// Listed is a link as read from one case: the link and its other case.
type Listed struct {
	Link
	Other Brief
}
