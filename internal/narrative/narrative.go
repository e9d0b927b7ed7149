// Package narrative tells a case's audit trail for people: one sentence per
// event, with people and things named, never an id.
package narrative

import (
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/text"
)

// Names resolves the ids an audit trail holds to what people call them
// (audit.Service.Names fills one for a page of events).
type Names = audit.Names

// Entry is one audit event told for people.
type Entry struct {
	Actor    string // who did it, by name ("Caseward" for the system)
	Sentence string // what they did, starting with a verb: "suspended Payroll: ministerial decision"
}

// Describe tells e for people: who did it, and what, in one sentence that
// names people and things and leaves out what no reader cares about
// (versions, seals, baselines). An id that no longer resolves is told as "a
// milestone", "a former user"; an action Caseward does not know is told in
// words, never raw.
func Describe(e audit.Event, n Names) Entry {
	t := teller{e: e, n: n, ch: audit.DecodeChanges(e.Changes)}
	sentence := ""
	if tell, ok := sentences[e.Action]; ok {
		sentence = tell(t)
	} else {
		sentence = "recorded an event Caseward does not describe (" + words(e.Action) + ")"
	}
	sentence = text.AsOneLine(sentence)
	if utf8.RuneCountInString(sentence) > maxSentence {
		sentence = string([]rune(sentence)[:maxSentence-1]) + "…"
	}
	return Entry{Actor: text.AsOneLine(t.actor()), Sentence: sentence}
}

// maxSentence bounds a sentence (the contract's summary holds 2000
// characters); the audit record keeps everything.
const maxSentence = 1000

// Actions lists the actions Describe has a sentence for.
func Actions() []string {
	out := make([]string, 0, len(sentences))
	for a := range sentences {
		out = append(out, a)
	}
	return out
}

// actor names who did it: a person by name, "a former user" for one who no
// longer resolves, "Someone" for a failed sign-in and "Caseward" for the
// system itself.
func (t teller) actor() string {
	if id, err := uuid.Parse(t.e.ActorID); err == nil {
		return t.person(id.String())
	}
	if t.e.Action == "auth.login_failed" {
		return "Someone"
	}
	return "Caseward"
}
