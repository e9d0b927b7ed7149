package export

import (
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/figures"
)

// review prints the post-incident review next to the phase durations it is
// read with: how long the team took to become aware, to contain and to close,
// each service's downtime, then what happened, what went well, what to
// improve, and the follow-up actions with who owns them and when they are due.
func (r report) review() {
	r.heading("Post-incident review")
	r.font(sans, "", 10)
	r.subheading("Phase durations", false)
	r.pairs(phasePairs(r.s.Phases))
	if len(r.s.Phases.Downtime) > 0 {
		down := slices.Clone(r.s.Phases.Downtime)
		slices.SortFunc(down, func(a, b figures.ServiceDowntime) int { return strings.Compare(a.ServiceName, b.ServiceName) })
		rows := make([][]string, 0, len(down))
		for _, d := range down {
			state := "Restored"
			if d.Running {
				state = "Still suspended"
			}
			rows = append(rows, []string{valueOr(d.ServiceName, "A service"), duration(d.Downtime), state})
		}
		r.p.Ln(1)
		r.table([]column{{"Service", 70, false}, {"Downtime", 40, false}, {"", textW - 110, false}}, rows)
	}
	rv := r.s.Review
	if rv == nil {
		r.p.Ln(2)
		r.font(sans, "", 10)
		r.text("No post-incident review was written for this case.", 5)
		return
	}
	r.p.Ln(2)
	r.font(sans, "", 10)
	switch {
	case rv.CompletedAt != nil && rv.CompletedByID != nil:
		r.text("Review complete: marked complete "+stamp(*rv.CompletedAt)+" by "+r.s.Name(*rv.CompletedByID)+".", 5)
	default:
		r.text("Review in progress: last edited "+stamp(rv.UpdatedAt)+" by "+r.s.Name(rv.UpdatedByID)+".", 5)
	}
	if rv.ReopenedAt != nil && rv.ReopenedByID != nil {
		r.text("Reopened "+stamp(*rv.ReopenedAt)+" by "+r.s.Name(*rv.ReopenedByID)+" because: "+rv.ReopenReason, 5)
	}
	for _, part := range []struct{ title, text string }{{"What happened", rv.WhatHappened}, {"What went well", rv.WentWell}, {"What to improve", rv.ToImprove}} {
		r.subheading(part.title, false)
		r.font(sans, "", 10)
		r.text(valueOr(part.text, "Not written."), 5)
	}
	r.subheading("Follow-up actions", false)
	r.font(sans, "", 10)
	if len(rv.FollowUps) == 0 {
		r.text("No follow-up action was recorded.", 5)
		return
	}
	rows := make([][]string, 0, len(rv.FollowUps))
	for _, t := range rv.FollowUps {
		assignee := "Unassigned"
		if t.AssigneeID != nil {
			assignee = r.who(*t.AssigneeID)
		}
		due := "No due date"
		if t.DueAt != nil {
			due = stamp(*t.DueAt)
		}
		text := t.Title
		if t.Description != "" {
			text += "\n" + t.Description
		}
		rows = append(rows, []string{text, assignee, due, label(t.Status)})
	}
	r.table([]column{{"Action", textW - 112, false}, {"Assignee", 40, false}, {"Due", 44, false}, {"Status", 28, false}}, rows)
}

// phasePairs are the phase durations, each from the incident's detection.
func phasePairs(p figures.Phases) []pair {
	contained, closed := "Not yet contained", "Not yet closed"
	if p.ToContainment != nil {
		contained = duration(*p.ToContainment)
	}
	if p.ToClosure != nil {
		closed = duration(*p.ToClosure)
	}
	return []pair{
		{label: "Time to awareness", value: duration(p.ToAwareness)},
		{label: "Time to containment", value: contained},
		{label: "Time to closure", value: closed},
	}
}
