package cases

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// MaxNotesPerCase is the most notes one case may hold. Each note is at most
// 20 000 characters (the contract), so a case's notes stay within what its
// export, timeline and note list can carry; a case that needs more should
// continue in a related case.
const MaxNotesPerCase = 2000

// AddNote writes a note on a case the caller may see. Department heads may
// only post updates; decisions and public statements belong to the security team.
func (s *Service) AddNote(ctx context.Context, caseID uuid.UUID, kind NoteKind, body string) (Note, error) {
	p := identity.From(ctx)
	body = strings.TrimSpace(body)
	// One answer names every field at fault.
	var f []apperr.FieldError
	if kind != NoteUpdate && kind != NoteDecision && kind != NoteStatement {
		f = append(f, apperr.FieldError{Field: "kind", Message: "must be update, decision or statement"})
	}
	if body == "" || utf8.RuneCountInString(body) > 20000 { // characters, as the contract counts them
		f = append(f, apperr.FieldError{Field: "body", Message: "is required (at most 20000 characters)"})
	}
	if len(f) > 0 {
		return Note{}, apperr.Invalidf(f, "the note is not valid")
	}
	if p.Role == "department_head" && kind != NoteUpdate {
		return Note{}, apperr.New(apperr.Forbidden, "department heads may add update notes only")
	}
	n := Note{ID: uuid.Must(uuid.NewV7()), CaseID: caseID, Kind: kind, Body: body, AuthorID: p.UserID,
		CreatedAt: s.now(ctx).Truncate(time.Microsecond)}
	// Notes come in bursts from many people at once: they share
	// transactions, keyed by the case whose row they lock. The store checks
	// need-to-know and the cap, and counts the note, in the one update of the
	// case's row that locks it: the note's only statement on PostgreSQL.
	err := s.store.InSharedTx(ctx, caseID.String(), func(ctx context.Context) error {
		if err := s.store.CreateNote(ctx, n, ScopeFrom(ctx), MaxNotesPerCase); err != nil {
			if apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.NotFound) {
				return err
			}
			return fmt.Errorf("create note: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "note.create", EntityType: "note", EntityID: n.ID.String(), CaseID: caseID.String(),
			Changes: audit.Changes{"kind": {nil, string(kind)}, "body": {nil, body}}})
	})
	if err != nil {
		return Note{}, err
	}
	return n, nil
}

// Notes returns a page of a case's notes, newest first, after the note afterID.
func (s *Service) Notes(ctx context.Context, caseID, afterID uuid.UUID, limit int) ([]Note, bool, error) {
	v, err := See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, false, err
	}
	return page.Read(limit, func(n int) ([]Note, error) { return s.store.ListNotes(ctx, v, afterID, n) })
}

// Timeline returns a page of everything that happened to a case, newest first:
// its audit events, which include its notes, status and field changes.
func (s *Service) Timeline(ctx context.Context, caseID uuid.UUID, beforeSeq int64, limit int) ([]audit.Event, bool, error) {
	v, err := See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, false, err
	}
	return page.Read(limit, func(n int) ([]audit.Event, error) {
		return s.store.CaseAudit(ctx, v, audit.Filter{BeforeSeq: beforeSeq, Limit: n})
	})
}
