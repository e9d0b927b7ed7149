package notify_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A batch of many events over several cases (open or restricted, with a
// department or none, suspending a service or not, with another
// department's head as a member, and one that is gone),
// of every kind that names a person or not, reaches on each channel exactly
// whom the same events reach one by one: reading the batch at once mixes
// nothing of one event into another.
func TestRecipientsOfABatchAreThoseOfEachEvent(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		bg := context.Background()
		owner := w.id["owner"]
		restricted, err := w.cs.Create(w.ctx["admin"], cases.Case{Title: "Restricted", Summary: "s", Category: "malware", Severity: "high",
			DepartmentID: &w.hea, OwnerID: owner, Restricted: true, DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		suspending, err := w.cs.Create(w.ctx["admin"], cases.Case{Title: "No department", Summary: "s", Category: "malware", Severity: "high",
			OwnerID: w.id["follower"], MemberIDs: []uuid.UUID{w.id["otherhead"]}, DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		sp, err := restoration.NewService(db, audit.NewRecorder(db)).Suspend(w.ctx["admin"],
			restoration.Suspension{CaseID: suspending.ID, ServiceID: w.payroll, Reason: "precaution", DecidedBy: "CISO"})
		if err != nil {
			t.Fatal(err)
		}
		quiet := w.id["quiet"]
		milestone := restoration.Milestone{ID: uuid.New(), SuspensionID: sp.ID, Title: "Restore", OwnerID: &quiet, Status: restoration.Planned, Position: 1}
		if err := db.CreateMilestone(bg, milestone); err != nil {
			t.Fatal(err)
		}
		task := cases.Task{ID: uuid.New(), CaseID: restricted.ID, Title: "Re-image", AssigneeID: &owner, Status: cases.TaskTodo,
			CreatedByID: w.id["admin"], CreatedAt: time.Now(), UpdatedAt: time.Now(), Version: 1}
		if err := db.CreateTask(bg, task, 100); err != nil {
			t.Fatal(err)
		}
		w.follow(t, "follower", notify.TargetCase, w.c.ID)
		w.follow(t, "outsider", notify.TargetCase, suspending.ID)
		w.follow(t, "servicefan", notify.TargetService, w.payroll)
		w.follow(t, "deptfan", notify.TargetDepartment, w.fin)
		if err := w.svc.Unfollow(w.ctx["refuser"], notify.TargetDepartment, w.fin); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetPreferences(w.ctx["servicefan"], []notify.Choice{{Kind: events.SuspensionStarted, Channel: notify.InApp, Enabled: false}}, notify.DigestHourly); err != nil {
			t.Fatal(err)
		}

		changes := func(field string, to uuid.UUID) json.RawMessage {
			b, _ := json.Marshal(map[string]any{"changes": map[string]any{field: []any{nil, to.String()}}})
			return b
		}
		var evs []events.Event
		for _, c := range []uuid.UUID{w.c.ID, restricted.ID, suspending.ID, uuid.New()} {
			for _, actor := range []string{"admin", "follower"} {
				for _, e := range []events.Event{
					{Kind: events.CaseAssigned, EntityType: "case", EntityID: c.String(), Data: changes("owner_id", w.id["quiet"])},
					{Kind: events.TaskAssigned, EntityType: "task", EntityID: task.ID.String(), Data: changes("assignee_id", w.id["outsider"])},
					{Kind: events.TaskOverdue, EntityType: "task", EntityID: task.ID.String()},
					{Kind: events.MilestoneOverdue, EntityType: "milestone", EntityID: milestone.ID.String()},
					{Kind: events.ClockDueSoon, EntityType: "case", EntityID: c.String()},
					{Kind: events.ClockOverdue, EntityType: "case", EntityID: c.String()},
					{Kind: events.CaseStatusChanged, EntityType: "case", EntityID: c.String()},
					{Kind: events.SuspensionStarted, EntityType: "suspension", EntityID: sp.ID.String()},
					{Kind: events.UpdatePublished, EntityType: "update", EntityID: uuid.NewString()},
					{Kind: events.Changed, EntityType: "case", EntityID: c.String()},
				} {
					e.CaseID, e.ActorID = c.String(), w.id[actor].String()
					evs = append(evs, e)
				}
			}
		}
		evs = append(evs,
			events.Event{Kind: events.WebhookDisabled, EntityType: "webhook", EntityID: uuid.NewString(), ActorID: w.id["admin2"].String()},
			events.Event{Kind: events.MailUndeliverable, EntityType: "mail", EntityID: uuid.NewString()},
			events.Event{Kind: events.CaseStatusChanged, EntityType: "case"}, // about no case
		)
		for i := range evs {
			evs[i].ID, evs[i].Seq, evs[i].Action, evs[i].OccurredAt = uuid.NewString(), int64(i+1), "test.event", time.Now()
		}

		told := map[string]bool{}
		for _, channel := range notify.Channels {
			all, err := w.svc.RecipientsOf(bg, evs, channel)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(evs) {
				t.Fatalf("%d lists for %d events", len(all), len(evs))
			}
			for i, e := range evs {
				one, err := w.svc.Recipients(bg, e, channel)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(all[i], one) {
					t.Errorf("%s %s of case %s by %s: in the batch %v, alone %v", channel, e.Kind, e.CaseID, e.ActorID, all[i], one)
				}
				for _, r := range all[i] {
					told[channel+" "+e.Kind+" "+r.Name] = true
				}
			}
		}
		// Not a comparison of two empty sets: the batch reached people by
		// each rule.
		for _, want := range []string{
			"in_app task.overdue Łucja owner",           // the assignee of a task of a restricted case
			"email milestone.overdue Łucja quiet",       // the owner of a milestone
			"in_app suspension.started Łucja deptfan",   // a follower of a suspended service's department
			"email suspension.started Łucja servicefan", // a follower of the service, by mail only
			"in_app clock.due_soon Łucja head",          // a head's default follow
			"email webhook.disabled Łucja admin",        // an admin's notice
		} {
			if !told[want] {
				t.Errorf("nobody told: %s", want)
			}
		}
		for _, never := range []string{
			"in_app suspension.started Łucja servicefan", // turned off
			"in_app clock.due_soon Łucja refuser",        // refused the default follow
			"in_app clock.due_soon Łucja gone",           // disabled
			"email webhook.disabled Łucja admin2",        // its actor
			"in_app clock.due_soon Łucja otherhead",      // a member of one case, but not one of its department's heads
		} {
			if told[never] {
				t.Errorf("told: %s", never)
			}
		}
	})
}
