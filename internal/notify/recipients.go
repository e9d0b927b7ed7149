package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"

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
	all, err := s.RecipientsOf(ctx, []events.Event{e}, channel)
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// RecipientsOf returns whom each event of evs reaches on channel (the i-th
// list for evs[i]) by the rules of Recipients. It reads the whole batch at
// once, with at most eleven queries whatever its size: the relays hand over
// up to 500 events, and nine queries an event cost the writers 40 % of their
// throughput.
func (s *Service) RecipientsOf(ctx context.Context, evs []events.Event, channel string) ([][]Recipient, error) {
	out := make([][]Recipient, len(evs))
	if !validChannel(channel) {
		return out, nil
	}
	b, err := s.read(ctx, evs)
	if err != nil {
		return nil, err
	}
	for i, e := range evs {
		out[i] = b.recipients(i, e, channel)
	}
	return out, nil
}

// target is one thing followed.
type target struct {
	kind string
	id   uuid.UUID
}

// batch is what RecipientsOf reads about a batch of events.
type batch struct {
	told     []bool                       // per event: it reaches someone if anyone is concerned
	caseOf   []uuid.UUID                  // per event: its case, uuid.Nil for the admins' notices
	subject  []uuid.UUID                  // per event: the person it is about, uuid.Nil for nobody
	audience map[uuid.UUID]cases.Audience // per case: who may see it
	services map[uuid.UUID][]uuid.UUID    // per case: the services it suspends
	follows  map[target][]uuid.UUID       // per target: who follows it
	refused  map[[2]uuid.UUID]bool        // (head, department): a refused default follow
	people   []Person                     // every enabled person concerned by any event, by id
	stored   map[uuid.UUID]Stored         // their preferences
}

// read reads what the events of evs need, each kind of row once for all.
func (s *Service) read(ctx context.Context, evs []events.Event) (*batch, error) {
	b := &batch{told: make([]bool, len(evs)), caseOf: make([]uuid.UUID, len(evs)), subject: make([]uuid.UUID, len(evs)),
		follows: map[target][]uuid.UUID{}, refused: map[[2]uuid.UUID]bool{}}
	var caseIDs []uuid.UUID
	admins := false
	for i, e := range evs {
		if !e.Notable() || !events.Known(e.Kind) {
			continue
		}
		if events.ForAdmins(e.Kind) {
			b.told[i], admins = true, true
			continue
		}
		if id, err := uuid.Parse(e.CaseID); err == nil { // an event about no case has no followers
			b.caseOf[i] = id
			caseIDs = append(caseIDs, id)
		}
	}
	var err error
	if b.audience, err = s.store.CaseAudiences(ctx, caseIDs); err != nil {
		return nil, fmt.Errorf("who may see the cases: %w", err)
	}
	for i, id := range b.caseOf {
		if id != uuid.Nil {
			_, b.told[i] = b.audience[id] // a case that is gone has nobody to tell
		}
	}
	found := slices.Collect(maps.Keys(b.audience))
	if b.services, err = s.store.SuspendedServices(ctx, found); err != nil {
		return nil, err
	}
	if err := s.readFollows(ctx, b, found); err != nil {
		return nil, err
	}
	if err := s.readSubjects(ctx, evs, b); err != nil {
		return nil, err
	}
	var ids, heads []uuid.UUID
	for _, users := range b.follows {
		ids = append(ids, users...)
	}
	for _, id := range b.subject {
		if id != uuid.Nil {
			ids = append(ids, id)
		}
	}
	for _, a := range b.audience {
		heads = append(heads, a.Departments...)
	}
	if len(ids) > 0 || len(heads) > 0 || admins {
		if b.people, err = s.store.People(ctx, unique(ids), unique(heads), admins); err != nil {
			return nil, err
		}
	}
	everyone := make([]uuid.UUID, len(b.people))
	for i, p := range b.people {
		everyone[i] = p.ID
	}
	if b.stored, err = s.store.StoredPreferences(ctx, everyone); err != nil {
		return nil, err
	}
	return b, nil
}

// readFollows reads the rows about the cases, the services they suspend and
// their departments, in one query.
func (s *Service) readFollows(ctx context.Context, b *batch, caseIDs []uuid.UUID) error {
	var services, depts []uuid.UUID
	for _, id := range caseIDs {
		services = append(services, b.services[id]...)
		depts = append(depts, b.audience[id].Departments...)
	}
	if len(caseIDs) == 0 {
		return nil
	}
	rows, err := s.store.Followers(ctx, map[string][]uuid.UUID{
		TargetCase: caseIDs, TargetService: unique(services), TargetDepartment: unique(depts)})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Following {
			t := target{r.TargetType, r.TargetID}
			b.follows[t] = append(b.follows[t], r.UserID)
		} else if r.TargetType == TargetDepartment {
			b.refused[[2]uuid.UUID{r.UserID, r.TargetID}] = true
		}
	}
	return nil
}

// readSubjects fills b.subject: the new owner of an assigned case, the
// assignee of an assigned or overdue task, the owner of an overdue
// milestone, the owner of a case whose clock runs. The last three are read,
// one query per type of entity.
func (s *Service) readSubjects(ctx context.Context, evs []events.Event, b *batch) error {
	byType := map[string][]uuid.UUID{}
	for i, e := range evs {
		if !b.told[i] || b.caseOf[i] == uuid.Nil {
			continue
		}
		switch e.Kind {
		case events.CaseAssigned:
			b.subject[i] = changedTo(e.Data, "owner_id")
		case events.TaskAssigned:
			b.subject[i] = changedTo(e.Data, "assignee_id")
		}
		if t, id, ok := entityOf(e, b.caseOf[i]); ok {
			byType[t] = append(byType[t], id)
		}
	}
	personOf := map[string]map[uuid.UUID]uuid.UUID{}
	for t, ids := range byType {
		of, err := s.store.PeopleOf(ctx, t, ids)
		if err != nil {
			return fmt.Errorf("who the %ss are about: %w", t, err)
		}
		personOf[t] = of
	}
	for i, e := range evs {
		if t, id, ok := entityOf(e, b.caseOf[i]); ok && b.told[i] {
			b.subject[i] = personOf[t][id] // uuid.Nil when about nobody
		}
	}
	return nil
}

// entityOf returns the entity whose person e is about when that person is
// read rather than said by the event: the task or milestone overdue, the case
// whose clock runs.
func entityOf(e events.Event, caseID uuid.UUID) (string, uuid.UUID, bool) {
	switch e.Kind {
	case events.TaskOverdue, events.MilestoneOverdue:
		id, err := uuid.Parse(e.EntityID)
		if err != nil {
			return "", uuid.Nil, false
		}
		return map[string]string{events.TaskOverdue: "task", events.MilestoneOverdue: "milestone"}[e.Kind], id, true
	case events.ClockDueSoon, events.ClockOverdue:
		return "case", caseID, true
	}
	return "", uuid.Nil, false
}

// recipients applies the rules of Recipients to event i of the batch.
func (b *batch) recipients(i int, e events.Event, channel string) []Recipient {
	if !b.told[i] {
		return nil
	}
	var aud *cases.Audience
	concerned := func(p Person) bool { return p.Role == "admin" } // the notices about deliveries
	if id := b.caseOf[i]; id != uuid.Nil {
		a := b.audience[id]
		aud, concerned = &a, b.concerned(i, a)
	}
	var out []Recipient
	for _, p := range b.people {
		if !concerned(p) || p.ID.String() == e.ActorID {
			continue
		}
		if aud != nil && !aud.Sees(cases.ScopeFor(identity.Principal{UserID: p.ID, Role: p.Role, DepartmentID: p.DepartmentID})) {
			continue
		}
		st := b.stored[p.ID]
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
	return out
}

// concerned returns whether a person is concerned by event i of a case
// whose audience is a: they follow the case, a service it suspends or one of
// its departments, or head one of its departments and did not refuse, or
// the event is about them. Need-to-know and preferences come after.
func (b *batch) concerned(i int, a cases.Audience) func(Person) bool {
	caseID := b.caseOf[i]
	wanted := map[uuid.UUID]bool{}
	add := func(t target) {
		for _, u := range b.follows[t] {
			wanted[u] = true
		}
	}
	add(target{TargetCase, caseID})
	for _, id := range b.services[caseID] {
		add(target{TargetService, id})
	}
	for _, id := range a.Departments {
		add(target{TargetDepartment, id})
	}
	if b.subject[i] != uuid.Nil {
		wanted[b.subject[i]] = true
	}
	return func(p Person) bool {
		if wanted[p.ID] {
			return true
		}
		// A head found only as a head of one of the departments is told
		// unless they refused the default follow of their own.
		return p.Role == "department_head" && p.DepartmentID != nil && slices.Contains(a.Departments, *p.DepartmentID) &&
			!b.refused[[2]uuid.UUID{p.ID, *p.DepartmentID}]
	}
}

// unique returns ids without repeats.
func unique(ids []uuid.UUID) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
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
