package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Who is told of a relay batch costs the same statements whatever its size:
// a batch of one event of each kind that reads something (a case's clock, an
// overdue task and milestone, a notice for admins) and one of the same
// kinds over 200 cases, followed, run the same number, at most eleven.
func TestRecipientsOfReadsABatchWithAFixedNumberOfStatements(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		svc := notify.NewService(db, rec)
		now := cs.Now()
		var evs []events.Event
		for range 200 {
			c, err := cs.Create(ctx, cases.Case{Title: "Batch", Category: "malware", Severity: "high",
				DetectedAt: now.Add(-time.Hour), AwareAt: now.Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.Follow(ctx, notify.TargetCase, c.ID); err != nil {
				t.Fatal(err)
			}
			for _, e := range []events.Event{
				{Kind: events.ClockDueSoon, EntityType: "case", EntityID: c.ID.String()},
				{Kind: events.TaskOverdue, EntityType: "task", EntityID: uuid.NewString()},
				{Kind: events.MilestoneOverdue, EntityType: "milestone", EntityID: uuid.NewString()},
				{Kind: events.WebhookDisabled, EntityType: "webhook", EntityID: uuid.NewString()},
			} {
				e.ID, e.Seq, e.CaseID, e.Action, e.OccurredAt = uuid.NewString(), int64(len(evs)+1), c.ID.String(), "test.event", now
				e.ActorID = uuid.NewString() // nobody known: the admin who follows is told
				evs = append(evs, e)
			}
		}
		statements := func(evs []events.Event) int64 {
			return db.CountAllStatements(func() {
				all, err := svc.RecipientsOf(context.Background(), evs, notify.InApp)
				if err != nil {
					t.Fatal(err)
				}
				if len(all[0]) == 0 {
					t.Fatal("nobody told of the clock of a followed case")
				}
			})
		}
		one, many := statements(evs[:4]), statements(evs)
		if one != many || many > 11 {
			t.Fatalf("%d statements for 4 events, %d for %d: want the same, at most 11", one, many, len(evs))
		}
		t.Logf("%d statements for 4 events and for %d", one, len(evs))
	})
}
