package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Names resolves the ids an audit trail holds to what people call them. A
// missing id is one that no longer resolves (a deleted row), never shown raw.
type Names struct {
	People      map[uuid.UUID]string // user names
	Cases       map[uuid.UUID]string // references
	Services    map[uuid.UUID]string // by service id
	Suspensions map[uuid.UUID]string // the suspended service's name, by suspension id
	Milestones  map[uuid.UUID]string // titles
	Evidence    map[uuid.UUID]string // titles
	Departments map[uuid.UUID]string // by department id
	Tasks       map[uuid.UUID]string // titles
}

// Refs are the ids a set of events refers to, by what they name.
type Refs struct {
	People, Cases, Services, Suspensions, Milestones, Evidence, Departments map[uuid.UUID]struct{}
	Tasks                                                                   map[uuid.UUID]struct{}
}

// Empty reports whether r names nothing.
func (r Refs) Empty() bool {
	return len(r.People)+len(r.Cases)+len(r.Services)+len(r.Suspensions)+len(r.Milestones)+len(r.Evidence)+len(r.Departments)+len(r.Tasks) == 0
}

// entity says which of Refs' sets an entity type's ids belong in.
func (r *Refs) entity(entityType string) map[uuid.UUID]struct{} {
	switch entityType {
	case "case":
		return r.Cases
	case "evidence":
		return r.Evidence
	case "service":
		return r.Services
	case "department":
		return r.Departments
	case "user":
		return r.People
	case "milestone":
		return r.Milestones
	case "suspension":
		return r.Suspensions
	case "task":
		return r.Tasks
	}
	return nil
}

// change says which set the ids a changed field holds belong in; a
// value may be a comma-joined list (member_ids, a reorder's order).
func (r *Refs) change(field string) map[uuid.UUID]struct{} {
	switch field {
	case "owner_id", "member_ids", "assignee_id", "user_id": // user_id: a session's or an API key's account
		return r.People
	case "department_id":
		return r.Departments
	case "service_id":
		return r.Services
	case "suspension_id":
		return r.Suspensions
	case "from_case_id", "to_case_id": // a link's two cases
		return r.Cases
	case "order":
		return r.Milestones
	}
	return nil
}

// RefsOf collects every id the events name: actors, cases, entities and the
// ids their changes hold, so that one lookup per kind names them all.
func RefsOf(events []Event) Refs {
	r := Refs{People: set(), Cases: set(), Services: set(), Suspensions: set(), Milestones: set(), Evidence: set(), Departments: set(), Tasks: set()}
	add := func(into map[uuid.UUID]struct{}, s string) {
		if into == nil {
			return
		}
		for _, part := range strings.Split(s, ",") {
			if id, err := uuid.Parse(strings.TrimSpace(part)); err == nil {
				into[id] = struct{}{}
			}
		}
	}
	for _, e := range events {
		add(r.People, e.ActorID)
		add(r.Cases, e.CaseID)
		add(r.entity(e.EntityType), e.EntityID)
		for field, pair := range DecodeChanges(e.Changes) {
			into := r.change(field)
			for _, v := range pair {
				if s, ok := v.(string); ok {
					add(into, s)
				}
			}
		}
	}
	return r
}

func set() map[uuid.UUID]struct{} { return map[uuid.UUID]struct{}{} }

// DecodeChanges reads an event's {field: [old, new]}; a malformed value (no
// writer makes one) reads as no changes.
func DecodeChanges(raw json.RawMessage) map[string][2]any {
	out := map[string][2]any{}
	if len(raw) == 0 {
		return out
	}
	var m map[string][]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return out
	}
	for k, v := range m {
		var pair [2]any
		copy(pair[:], v)
		out[k] = pair
	}
	return out
}

// Names resolves what events name, with one query per kind of thing,
// however many events there are.
func (s *Service) Names(ctx context.Context, events []Event) (Names, error) {
	r := RefsOf(events)
	if r.Empty() {
		return Names{}, nil
	}
	n, err := s.store.ResolveNames(ctx, r)
	if err != nil {
		return Names{}, fmt.Errorf("resolve names: %w", err)
	}
	return n, nil
}

// EntityName names what an event is about: a case's reference, an evidence
// item's or a milestone's title, a service's, department's or person's name,
// a suspension's service. Empty when the event names nothing nameable.
func EntityName(e Event, n Names) string {
	id, err := uuid.Parse(e.EntityID)
	if err != nil {
		return ""
	}
	var m map[uuid.UUID]string
	switch e.EntityType {
	case "case":
		m = n.Cases
	case "evidence":
		m = n.Evidence
	case "service":
		m = n.Services
	case "department":
		m = n.Departments
	case "user":
		m = n.People
	case "milestone":
		m = n.Milestones
	case "suspension":
		m = n.Suspensions
	case "task":
		m = n.Tasks
	}
	return m[id]
}
