// Package narrative tells a case's audit trail for people: one sentence per
// event, with people and things named, never an id.
package narrative

import (
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// Names resolves the ids an audit trail holds to what people call them.
type Names struct {
	People      map[uuid.UUID]string // user names
	Cases       map[uuid.UUID]string // references
	Services    map[uuid.UUID]string // by service id
	Suspensions map[uuid.UUID]string // the suspended service's name, by suspension id
	Milestones  map[uuid.UUID]string // titles
	Evidence    map[uuid.UUID]string // titles
}

// Entry is one audit event told for people.
type Entry struct {
	Actor    string // who did it, by name ("Caseward" for the system)
	Sentence string // what they did, starting with a verb: "suspended Payroll: ministerial decision"
}

// Describe tells e for people.
func Describe(e audit.Event, n Names) Entry {
	actor := "Caseward"
	if id, err := uuid.Parse(e.ActorID); err == nil {
		if name, ok := n.People[id]; ok {
			actor = name
		}
	}
	return Entry{Actor: actor, Sentence: strings.NewReplacer(".", " ", "_", " ").Replace(e.Action)}
}
