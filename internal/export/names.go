package export

import (
	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/narrative"
)

// Names resolves the ids of the case's audit trail to what people call them,
// from what the snapshot holds.
func (s Snapshot) Names() narrative.Names {
	n := narrative.Names{
		People:      s.People,
		Cases:       map[uuid.UUID]string{s.Case.ID: s.Case.Reference},
		Services:    make(map[uuid.UUID]string, len(s.Services)),
		Suspensions: make(map[uuid.UUID]string, len(s.Suspensions)),
		Milestones:  map[uuid.UUID]string{},
		Evidence:    make(map[uuid.UUID]string, len(s.Evidence)),
	}
	for id, svc := range s.Services {
		n.Services[id] = svc.Name
	}
	for _, sp := range s.Suspensions {
		n.Suspensions[sp.ID] = s.serviceName(sp.ServiceID)
		for _, m := range sp.Milestones {
			n.Milestones[m.ID] = m.Title
		}
	}
	for _, e := range s.Evidence {
		n.Evidence[e.ID] = e.Title
	}
	if d := s.Department; d != nil {
		n.Departments = map[uuid.UUID]string{d.ID: d.Name}
	}
	return n
}

// serviceName is the name of a suspended service ("a removed service" when
// the snapshot does not hold it: never an id).
func (s Snapshot) serviceName(id uuid.UUID) string {
	if svc, ok := s.Services[id]; ok && svc.Name != "" {
		return svc.Name
	}
	return "a removed service"
}
