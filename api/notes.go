package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/narrative"
)

// ListNotes returns one page of a case's notes.
func (h *noteHandlers) ListNotes(ctx context.Context, req gen.ListNotesRequestObject) (gen.ListNotesResponseObject, error) {
	var after uuid.UUID
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	notes, more, err := h.cases.Notes(ctx, req.Id, after, limit)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Note, len(notes))
	for i, n := range notes {
		items[i] = toAPINote(n)
	}
	return gen.ListNotes200JSONResponse{Body: gen.NoteList{Items: items, NextCursor: nextCursor(notes, more, func(n cases.Note) any { return n.ID })}}, nil
}

// CreateNote adds a note to a case.
func (h *noteHandlers) CreateNote(ctx context.Context, req gen.CreateNoteRequestObject) (gen.CreateNoteResponseObject, error) {
	n, err := h.cases.AddNote(ctx, req.Id, cases.NoteKind(req.Body.Kind), req.Body.Body)
	if err != nil {
		return nil, err
	}
	return gen.CreateNote201JSONResponse{Body: toAPINote(n)}, nil
}

// GetTimeline returns one page of a case's history, newest first.
func (h *noteHandlers) GetTimeline(ctx context.Context, req gen.GetTimelineRequestObject) (gen.GetTimelineResponseObject, error) {
	var before int64
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &before)
	if err != nil {
		return nil, err
	}
	events, more, err := h.cases.Timeline(ctx, req.Id, before, limit)
	if err != nil {
		return nil, err
	}
	names, err := h.audit.Names(ctx, events)
	if err != nil {
		return nil, err
	}
	items := make([]gen.TimelineItem, len(events))
	for i, e := range events {
		if items[i], err = toAPITimelineItem(e); err != nil {
			return nil, err
		}
		told := narrative.Describe(e, names)
		items[i].ActorName, items[i].Summary = told.Actor, told.Sentence
	}
	return gen.GetTimeline200JSONResponse{Body: gen.Timeline{Items: items, NextCursor: nextCursor(events, more, func(e audit.Event) any { return e.Seq })}}, nil
}

func toAPINote(n cases.Note) gen.Note {
	return gen.Note{Id: n.ID, CaseId: n.CaseID, Kind: gen.NoteKind(n.Kind), Body: n.Body, AuthorId: n.AuthorID, CreatedAt: n.CreatedAt}
}

var timelineKinds = map[string]gen.TimelineItemKind{
	"case.create":     gen.TimelineItemKindCreated,
	"case.transition": gen.TimelineItemKindStatusChange,
	"case.update":     gen.TimelineItemKindFieldChange,
	"note.create":     gen.TimelineItemKindNote,
}

// timelineKind names the kind of an event on a case's timeline.
func timelineKind(action string) gen.TimelineItemKind {
	if k, ok := timelineKinds[action]; ok {
		return k
	}
	switch {
	case strings.HasPrefix(action, "suspension."):
		return gen.TimelineItemKindSuspension
	case strings.HasPrefix(action, "milestone."):
		return gen.TimelineItemKindMilestone
	case strings.HasPrefix(action, "evidence."), strings.HasPrefix(action, "custody."):
		return gen.TimelineItemKindEvidence
	case strings.HasPrefix(action, "task."):
		return gen.TimelineItemKindTask
	case strings.HasPrefix(action, "chronology."):
		return gen.TimelineItemKindChronology
	}
	return gen.TimelineItemKindOther
}

// toAPITimelineItem is the audit record of a timeline entry; the caller tells it (ActorName, Summary).
func toAPITimelineItem(e audit.Event) (gen.TimelineItem, error) {
	changes := map[string][]any{}
	if err := json.Unmarshal(e.Changes, &changes); err != nil {
		return gen.TimelineItem{}, fmt.Errorf("timeline event %d: %w", e.Seq, err)
	}
	return gen.TimelineItem{Seq: e.Seq, OccurredAt: e.OccurredAt, Kind: timelineKind(e.Action), Action: e.Action,
		ActorId: nullableUUID(e.ActorID), ActorEmail: nullableString(e.ActorEmail), Changes: changes}, nil
}

// ListCasePeople names everyone a case refers to by user id, for whoever may see the case.
func (h *noteHandlers) ListCasePeople(ctx context.Context, req gen.ListCasePeopleRequestObject) (gen.ListCasePeopleResponseObject, error) {
	people, err := h.cases.People(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Person, len(people))
	for i, p := range people {
		items[i] = gen.Person{Id: p.ID, Name: p.Name}
	}
	return gen.ListCasePeople200JSONResponse{Body: gen.PersonList{Items: items}}, nil
}
