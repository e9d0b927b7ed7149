package export

import (
	"fmt"

	"github.com/caseward/caseward/internal/restoration"
)

// suspensions writes every suspended service with its plan: dates promised
// and met, downtime, milestones, re-plans and the updates posted.
func (r report) suspensions() {
	r.heading("Suspended services")
	if len(r.s.Suspensions) == 0 {
		r.font(sans, "", 10)
		r.text("No service was suspended.", 5)
		return
	}
	for _, sp := range r.s.Suspensions {
		r.suspension(sp)
	}
}

func (r report) suspension(sp SuspensionRecord) {
	name := r.s.serviceName(sp.ServiceID)
	r.subheading(name+": "+label(sp.Status), true)
	progress := restoration.Derive(sp.Suspension, sp.Milestones, r.s.ExportedAt)
	downtime := ""
	switch {
	case progress.Downtime != nil:
		downtime = duration(*progress.Downtime)
	case sp.Status == restoration.Active:
		downtime = "Still down: " + duration(r.s.ExportedAt.Sub(sp.SuspendedAt)) + " so far"
	}
	users := ""
	if sp.AffectedUsersEstimate != nil {
		users = thousands(*sp.AffectedUsersEstimate)
	}
	r.grid([]pair{
		{label: "Reason", value: sp.Reason},
		{label: "Decided by", value: sp.DecidedBy},
		{label: "Recorded by", value: r.who(sp.RecordedByID)},
		{label: "Suspended", value: stamp(sp.SuspendedAt)},
		{label: "First promised", value: stampPtr(sp.BaselineRestorationAt, "No date was given")},
		{label: "Now expected", value: stampPtr(sp.ExpectedRestorationAt, "No date")},
		{label: "Restored", value: stampPtr(sp.RestoredAt, "Not restored")},
		{label: "Downtime", value: downtime},
		{label: "Plan", value: label(progress.PlanStatus)},
		{label: "Users affected (estimate)", value: users},
		{label: "Impact", value: sp.Impact},
		{label: "Workaround", value: sp.Workaround},
	})
	titles := map[string]string{}
	if len(sp.Milestones) > 0 {
		r.minor(fmt.Sprintf("Milestones (%d)", len(sp.Milestones)))
		rows := make([][]string, 0, len(sp.Milestones))
		for _, m := range sp.Milestones {
			titles[m.ID.String()] = m.Title
			owner := "Nobody"
			if m.OwnerID != nil {
				owner = r.who(*m.OwnerID)
			}
			rows = append(rows, []string{fmt.Sprint(m.Position), m.Title, label(m.Status), owner,
				stampPtr(m.BaselineDueAt, "None"), stampPtr(m.DueAt, "None"), stampPtr(m.CompletedAt, "")})
		}
		r.table([]column{{"#", 7, false}, {"Milestone", 44, false}, {"Status", 18, false}, {"Owner", 27, false},
			{"First due", 26, false}, {"Due", 26, false}, {"Completed", 26, false}}, rows)
	}
	if len(sp.Replans) > 0 {
		r.minor(fmt.Sprintf("Dates moved (%d)", len(sp.Replans)))
		rows := make([][]string, 0, len(sp.Replans))
		for _, rp := range sp.Replans {
			what := "Expected restoration"
			if rp.MilestoneID != nil {
				what = "Milestone “" + valueOr(titles[rp.MilestoneID.String()], "since removed") + "”"
			}
			rows = append(rows, []string{stamp(rp.At), r.who(rp.ByID), what,
				stampPtr(rp.From, "No date") + " → " + stampPtr(rp.To, "No date"), rp.Reason})
		}
		r.table([]column{{"When", 26, false}, {"By", 26, false}, {"What moved", 32, false},
			{"From → to", 36, false}, {"Reason", textW - 120, false}}, rows)
	}
	if len(sp.Updates) > 0 {
		r.minor(fmt.Sprintf("Updates (%d)", len(sp.Updates)))
		for _, u := range sp.Updates {
			author := u.AuthorName
			if author == "" {
				author = r.s.Name(u.AuthorID)
			}
			r.font(sans, "B", 9)
			r.room(3 * 4.6)
			r.p.SetX(margin)
			head := fmt.Sprintf("%s · %s update by %s", stamp(u.At), label(u.Audience), author)
			if u.ExpectedRestorationAt != nil {
				head += " · expected back " + stamp(*u.ExpectedRestorationAt)
			}
			if u.CorrectsID != nil {
				head += " · a correction"
			}
			r.text(head, 4.6)
			r.font(sans, "", 9)
			r.text(u.Body, 4.6)
			r.p.Ln(1.5)
		}
	}
}
