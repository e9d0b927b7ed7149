package notify

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
)

// Recipients returns everyone e reaches on channel: the followers of its
// case, of the services the case suspends and of its departments (and those
// departments' heads, unless they refused); the person it is about; admins
// for the notices about deliveries. Never its actor, never a disabled user,
// only those who may see the case now, and only where their preference for
// (kind, channel) is on. Events of kind changed reach nobody.
func (s *Service) Recipients(ctx context.Context, e events.Event, channel string) ([]Recipient, error) {
	if !e.Notable() || !events.Known(e.Kind) || !validChannel(channel) {
		return nil, nil
	}
	var people []Person
	var aud *cases.Audience
	if events.ForAdmins(e.Kind) {
		var err error
		if people, err = s.store.People(ctx, nil, nil, true); err != nil {
			return nil, err
		}
	} else {
		caseID, err := uuid.Parse(e.CaseID)
		if err != nil {
			return nil, nil // an event about no case has no followers
		}
		a, err := s.store.CaseAudience(ctx, caseID)
		if apperr.Is(err, apperr.NotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		aud = &a
		if people, err = s.concerned(ctx, e, caseID, a); err != nil {
			return nil, err
		}
	}
	ids := make([]uuid.UUID, 0, len(people))
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	stored, err := s.store.StoredPreferences(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Recipient, 0, len(people))
	seen := map[uuid.UUID]bool{}
	for _, p := range people {
		if seen[p.ID] || p.ID.String() == e.ActorID {
			continue
		}
		seen[p.ID] = true
		if aud != nil && !aud.Sees(cases.ScopeFor(identity.Principal{UserID: p.ID, Role: p.Role, DepartmentID: p.DepartmentID})) {
			continue
		}
		st := stored[p.ID]
		on, chose := st.Choices[Key{e.Kind, channel}]
		if !chose {
			on = Default(e.Kind, channel, p.Role)
		}
		if events.ForAdmins(e.Kind) && p.Role != "admin" {
			on = false
		}
		if !on {
			continue
		}
		digest := st.Digest
		if digest == "" {
			digest = DigestOff
		}
		out = append(out, Recipient{UserID: p.ID, Email: p.Email, Name: p.Name, TimeZone: p.TimeZone, Digest: digest})
	}
	return out, nil
}

// concerned returns the enabled people who follow the case, its services or
// its departments, the heads of those departments who did not refuse, and
// the person the event is about. Need-to-know and preferences come after.
func (s *Service) concerned(ctx context.Context, e events.Event, caseID uuid.UUID, a cases.Audience) ([]Person, error) {
	services, err := s.store.SuspendedServices(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var rows []FollowRow
	for _, t := range []struct {
		kind string
		ids  []uuid.UUID
	}{{TargetCase, []uuid.UUID{caseID}}, {TargetService, services}, {TargetDepartment, a.Departments}} {
		if len(t.ids) == 0 {
			continue
		}
		r, err := s.store.Followers(ctx, t.kind, t.ids)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	ids := []uuid.UUID{}
	refused := map[[2]uuid.UUID]bool{} // (user, department)
	for _, r := range rows {
		if r.Following {
			ids = append(ids, r.UserID)
		} else if r.TargetType == TargetDepartment {
			refused[[2]uuid.UUID{r.UserID, r.TargetID}] = true
		}
	}
	subject, err := s.subject(ctx, e, caseID)
	if err != nil {
		return nil, err
	}
	if subject != uuid.Nil {
		ids = append(ids, subject)
	}
	found, err := s.store.People(ctx, ids, a.Departments, false)
	if err != nil {
		return nil, err
	}
	wanted := map[uuid.UUID]bool{}
	for _, id := range ids {
		wanted[id] = true
	}
	out := found[:0]
	for _, p := range found {
		// A head found only as a head of one of the departments is told
		// unless they refused the default follow of their own.
		if wanted[p.ID] || (p.Role == "department_head" && p.DepartmentID != nil && !refused[[2]uuid.UUID{p.ID, *p.DepartmentID}]) {
			out = append(out, p)
		}
	}
	return out, nil
}

// subject returns the person e is about, uuid.Nil when nobody: the new owner
// of an assigned case, the assignee of an assigned or overdue task, the
// owner of an overdue milestone, the owner of a case whose clock runs.
func (s *Service) subject(ctx context.Context, e events.Event, caseID uuid.UUID) (uuid.UUID, error) {
	var entityType string
	var id uuid.UUID
	switch e.Kind {
	case events.CaseAssigned:
		return changedTo(e.Data, "owner_id"), nil
	case events.TaskAssigned:
		return changedTo(e.Data, "assignee_id"), nil
	case events.TaskOverdue, events.MilestoneOverdue:
		entityType = map[string]string{events.TaskOverdue: "task", events.MilestoneOverdue: "milestone"}[e.Kind]
		var err error
		if id, err = uuid.Parse(e.EntityID); err != nil {
			return uuid.Nil, nil
		}
	case events.ClockDueSoon, events.ClockOverdue:
		entityType, id = "case", caseID
	default:
		return uuid.Nil, nil
	}
	person, ok, err := s.store.PersonOf(ctx, entityType, id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("who %s %s is about: %w", entityType, id, err)
	}
	if !ok {
		return uuid.Nil, nil
	}
	return person, nil
}

// changedTo reads the new value of field from an event's {"changes": {field: [old, new]}}.
func changedTo(data json.RawMessage, field string) uuid.UUID {
	var d struct {
		Changes map[string][2]any `json:"changes"`
	}
	if json.Unmarshal(data, &d) != nil {
		return uuid.Nil
	}
	s, _ := d.Changes[field][1].(string)
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil
	}
	return id
}
