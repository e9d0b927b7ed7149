package cases

import "time"

// PhaseStamp is what a move to another status records of the case's phases
// (docs/figures.md): the first time it was contained (a move to contained, or
// past it to recovering or closed, sets it once and for good), and its last
// closing (set by each closing, cleared by a reopening).
type PhaseStamp struct {
	At       time.Time
	Contains bool // sets contained_at to At unless it is already set
	Closes   bool // sets closed_at to At; when false, closed_at is cleared
}

// StampFor is the PhaseStamp of a move to status to at at.
func StampFor(to Status, at time.Time) PhaseStamp {
	return PhaseStamp{At: at.UTC(), Contains: to == Contained || to == Recovering || to == Closed, Closes: to == Closed}
}
