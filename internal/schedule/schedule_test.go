package schedule_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/regimes"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/schedule"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var nis2 = uuid.MustParse("01900000-0000-7000-8000-000000000023")

type fixture struct {
	t     *testing.T
	db    *store.DB
	ctx   context.Context
	cases *cases.Service
	regs  *regimes.Service
	now   time.Time
	sched *schedule.Scheduler
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	rec := audit.NewRecorder(db)
	admin, _, err := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil }).Create(ctx,
		users.NewUser{Email: "admin@example.org", Name: "Admin", Role: users.Admin, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, ctx: identity.With(ctx, identity.Principal{UserID: admin.ID, Email: admin.Email, Role: "admin"}),
		cases: cases.NewService(db, rec), regs: regimes.NewService(db, rec)}
	f.sched = schedule.New(db, 7*24*time.Hour)
	f.sched.Now = func() time.Time { return f.now }
	return f
}

// newCase opens a case the organisation became aware of at aware.
func (f *fixture) newCase(title string, personal bool, aware time.Time) cases.Case {
	f.t.Helper()
	c, err := f.cases.Create(f.ctx, cases.Case{Title: title, Summary: "Opened by a test", Category: "malware", Severity: "high",
		DetectedAt: aware, AwareAt: aware, PersonalDataInvolved: personal})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// scanAt scans with the scheduler's clock at at.
func (f *fixture) scanAt(at time.Time) {
	f.t.Helper()
	f.now = at
	if _, err := f.sched.Scan(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// told is what the scheduler wrote about a case: "kind threshold" each,
// oldest first, checked for distinct ids and occurred_at at the threshold.
type toldEvent struct {
	events.Event
	Threshold string
	DueAt     time.Time
	Regime    string
}

func (f *fixture) told(caseID uuid.UUID) []toldEvent {
	f.t.Helper()
	all, err := f.db.EventsAfter(context.Background(), 0, 100_000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []toldEvent
	ids := map[string]bool{}
	for _, e := range all {
		if e.Action != "schedule" || e.CaseID != caseID.String() {
			continue
		}
		if ids[e.ID] {
			f.t.Fatalf("event id %s twice", e.ID)
		}
		ids[e.ID] = true
		var d struct {
			Threshold string    `json:"threshold"`
			DueAt     time.Time `json:"due_at"`
			Regime    string    `json:"regime"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, toldEvent{Event: e, Threshold: d.Threshold, DueAt: d.DueAt, Regime: d.Regime})
	}
	return out
}

func summary(evs []toldEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Kind + " " + e.Threshold + " " + e.Regime
	}
	return out
}

func wantTold(t *testing.T, got []toldEvent, want ...string) {
	t.Helper()
	s := summary(got)
	if len(s) != len(want) {
		t.Fatalf("told %q, want %q", s, want)
	}
	for i := range want {
		if s[i] != want[i] {
			t.Fatalf("told %q, want %q", s, want)
		}
	}
}

// A GDPR Art. 33 clock tells 24 h, 6 h, then (the 1 h threshold slept
// through) only overdue; each at the threshold's time, never twice; scans
// between thresholds tell nothing.
func TestClockThresholdsInOrderOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		c := f.newCase("Customer database exfiltrated", true, aware)
		quiet := f.newCase("Defaced intranet page", false, aware) // no personal data: no clock
		due := aware.Add(72 * time.Hour)
		f.scanAt(due.Add(-30 * time.Hour))
		wantTold(t, f.told(c.ID))
		f.scanAt(due.Add(-23 * time.Hour))
		f.scanAt(due.Add(-22 * time.Hour))
		wantTold(t, f.told(c.ID), "clock.due_soon 24h GDPR Art. 33")
		f.scanAt(due.Add(-5 * time.Hour))
		f.scanAt(due.Add(time.Hour)) // the 1 h threshold passed while down
		f.scanAt(due.Add(2 * time.Hour))
		got := f.told(c.ID)
		wantTold(t, got, "clock.due_soon 24h GDPR Art. 33", "clock.due_soon 6h GDPR Art. 33", "clock.overdue overdue GDPR Art. 33")
		for i, off := range []time.Duration{24 * time.Hour, 6 * time.Hour, 0} {
			if !got[i].OccurredAt.Equal(due.Add(-off)) || !got[i].DueAt.Equal(due) || got[i].EntityType != "case" || got[i].EntityID != c.ID.String() {
				t.Errorf("event %d: occurred %v due %v entity %s %s, want occurred %v due %v", i, got[i].OccurredAt, got[i].DueAt,
					got[i].EntityType, got[i].EntityID, due.Add(-off), due)
			}
		}
		wantTold(t, f.told(quiet.ID))
	})
}

// After a long downtime a clock 30 min from due is told as "1 h left" only.
func TestCatchUpTellsOnlyTheMostUrgent(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		c := f.newCase("Ransomware on the file server", true, aware)
		due := aware.Add(72 * time.Hour)
		f.scanAt(due.Add(-48 * time.Hour))
		f.scanAt(due.Add(-30 * time.Minute)) // down all night
		wantTold(t, f.told(c.ID), "clock.due_soon 1h GDPR Art. 33")
		f.scanAt(due.Add(-20 * time.Minute))
		wantTold(t, f.told(c.ID), "clock.due_soon 1h GDPR Art. 33")
	})
}

// Recorded obligations: a submitted phase tells nothing, a running one
// tells, and one that waits for a submission tells nothing until it runs.
func TestObligationPhasesSubmittedTellNothing(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		c := f.newCase("Outage of the payment network", false, aware)
		o, err := f.regs.Add(f.ctx, c.ID, nis2)
		if err != nil {
			t.Fatal(err)
		}
		early := o.Phases[0] // early warning, 24 h
		at, ref := time.Now().UTC(), "CSIRT-2026-114"
		if _, _, err := f.regs.UpdatePhase(f.ctx, early.ID, early.Version, regimes.PhasePatch{SubmittedAt: cases.Optional[time.Time]{Set: true, Value: &at}, Reference: &ref}); err != nil {
			t.Fatal(err)
		}
		f.scanAt(aware.Add(73 * time.Hour)) // the 72 h incident notification is overdue
		got := f.told(c.ID)
		wantTold(t, got, "clock.overdue overdue NIS2 Art. 23")
		if got[0].EntityType != "obligation_phase" || got[0].EntityID != o.Phases[1].ID.String() {
			t.Errorf("entity %s %s, want the incident notification phase %s", got[0].EntityType, got[0].EntityID, o.Phases[1].ID)
		}
	})
}

func (f *fixture) addTask(caseID uuid.UUID, title string, due time.Time) cases.Task {
	f.t.Helper()
	tk, err := f.cases.AddTask(f.ctx, caseID, cases.Task{Title: title, DueAt: &due})
	if err != nil {
		f.t.Fatal(err)
	}
	return tk
}

// An open task tells once when overdue; a done one never; a due date moved
// later tells again when the new one passes.
func TestTasksOverdueOnceAndAgainWhenMoved(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		now := time.Now().UTC().Truncate(time.Second)
		c := f.newCase("Phishing wave", false, now.Add(-time.Hour))
		open := f.addTask(c.ID, "Reset the passwords", now.Add(time.Hour))
		done := f.addTask(c.ID, "Block the sender", now.Add(time.Hour))
		st := cases.TaskDone
		if _, err := f.cases.UpdateTask(f.ctx, done.ID, done.Version, cases.TaskPatch{Status: &st}); err != nil {
			t.Fatal(err)
		}
		f.scanAt(now.Add(30 * time.Minute))
		wantTold(t, f.told(c.ID))
		f.scanAt(now.Add(2 * time.Hour))
		f.scanAt(now.Add(3 * time.Hour))
		got := f.told(c.ID)
		wantTold(t, got, "task.overdue  ")
		if got[0].EntityID != open.ID.String() || !got[0].OccurredAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("told %+v, want the open task at its due time", got[0].Event)
		}
		later := now.Add(5 * time.Hour)
		if _, err := f.cases.UpdateTask(f.ctx, open.ID, open.Version, cases.TaskPatch{DueAt: cases.Optional[time.Time]{Set: true, Value: &later}}); err != nil {
			t.Fatal(err)
		}
		f.scanAt(now.Add(4 * time.Hour))
		wantTold(t, f.told(c.ID), "task.overdue  ")
		f.scanAt(now.Add(6 * time.Hour))
		got = f.told(c.ID)
		wantTold(t, got, "task.overdue  ", "task.overdue  ")
		if !got[1].OccurredAt.Equal(later) {
			t.Fatalf("second overdue at %v, want %v", got[1].OccurredAt, later)
		}
	})
}

// A due date moved into the past (before the last scan) is told at the next
// scan: the task changed since.
func TestTaskDueMovedIntoThePastTells(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		now := time.Now().UTC().Truncate(time.Second)
		c := f.newCase("Lost laptop", false, now.Add(-5*time.Hour))
		f.scanAt(now.Add(-time.Minute))
		f.addTask(c.ID, "Wipe the laptop remotely", now.Add(-3*time.Hour))
		f.scanAt(now.Add(time.Minute))
		wantTold(t, f.told(c.ID), "task.overdue  ")
	})
}

// Two schedulers scanning at once (two replicas in a split second of
// leadership change) tell each threshold once.
func TestRacingSchedulersTellOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		aware := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		var ids []uuid.UUID
		for _, title := range []string{"Wiper on the plant network", "Credential stuffing", "Leaked backups"} {
			c := f.newCase(title, true, aware)
			f.addTask(c.ID, "Tell the board", aware.Add(71*time.Hour))
			ids = append(ids, c.ID)
		}
		at := aware.Add(71*time.Hour + 30*time.Minute)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			s := schedule.New(db, 7*24*time.Hour)
			s.Now = func() time.Time { return at }
			wg.Go(func() {
				_, err := s.Scan(context.Background())
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids {
			wantTold(t, f.told(id), "clock.due_soon 1h GDPR Art. 33", "task.overdue  ")
		}
		// A scan that forgot how far it looked (its row set back) offers
		// the same events again: the outbox refuses their ids.
		if _, err := db.SQL().Exec("UPDATE schedule_scans SET scanned_at = $1", aware.UTC()); err != nil {
			t.Fatal(err)
		}
		f.now = at.Add(time.Minute)
		if n, err := f.sched.Scan(context.Background()); err != nil || n != 2*len(ids) {
			t.Fatalf("rescan offered %d events (%v), want %d", n, err, 2*len(ids))
		}
		for _, id := range ids {
			wantTold(t, f.told(id), "clock.due_soon 1h GDPR Art. 33", "task.overdue  ")
		}
	})
}

// A milestone of a suspension tells once when overdue, with its case and
// suspension; a done one never.
func TestMilestonesOverdue(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		rec := audit.NewRecorder(db)
		dir := directory.New(db, rec)
		dept, err := dir.CreateDepartment(f.ctx, "Oddział Kardiologii")
		if err != nil {
			t.Fatal(err)
		}
		svc, err := dir.CreateService(f.ctx, directory.Service{Name: "PACS", DepartmentID: dept.ID})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Second)
		c := f.newCase("Imaging archive encrypted", false, now.Add(-time.Hour))
		rs := restoration.NewService(db, rec)
		sp, err := rs.Suspend(f.ctx, restoration.Suspension{CaseID: c.ID, ServiceID: svc.ID, Reason: "precaution", DecidedBy: "CISO"})
		if err != nil {
			t.Fatal(err)
		}
		due := now.Add(2 * time.Hour)
		m, err := rs.AddMilestone(f.ctx, sp.ID, restoration.Milestone{Title: "Restore from backup", DueAt: &due})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rs.AddMilestone(f.ctx, sp.ID, restoration.Milestone{Title: "Scan the backups", DueAt: &due, Status: restoration.Done}); err != nil {
			t.Fatal(err)
		}
		f.scanAt(now.Add(time.Hour))
		wantTold(t, f.told(c.ID))
		f.scanAt(now.Add(3 * time.Hour))
		f.scanAt(now.Add(4 * time.Hour))
		got := f.told(c.ID)
		wantTold(t, got, "milestone.overdue  ")
		var d struct {
			SuspensionID uuid.UUID `json:"suspension_id"`
		}
		if err := json.Unmarshal(got[0].Data, &d); err != nil || got[0].EntityID != m.ID.String() || d.SuspensionID != sp.ID || !got[0].OccurredAt.Equal(due) {
			t.Fatalf("told %+v, want milestone %s of suspension %s at %v", got[0].Event, m.ID, sp.ID, due)
		}
	})
}

// Pruning deletes the events older than the retention that every cursor
// has passed, and keeps the rest.
func TestPruneKeepsWhatIsRecentOrUnread(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		old, recent := now.Add(-8*24*time.Hour), now.Add(-time.Hour)
		for i, at := range []time.Time{old, old, recent} {
			if err := db.AppendEvent(ctx, events.Event{ID: uuid.NewString(), Kind: events.TaskOverdue, OccurredAt: at,
				EntityType: "task", Action: "schedule", Data: json.RawMessage(`{}`)}); err != nil {
				t.Fatal(i, err)
			}
		}
		head, err := db.LastEventSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// One delivery read everything, another only the first event.
		for name, seq := range map[string]int64{"mail": head, "webhooks": head - 2} {
			if err := db.MoveEventCursor(ctx, name, seq); err != nil {
				t.Fatal(err)
			}
		}
		prune := func(want int64) {
			t.Helper()
			if n, err := schedule.PruneOnce(ctx, db, 7*24*time.Hour); n != want || err != nil {
				t.Fatalf("pruned %d (%v), want %d", n, err, want)
			}
		}
		prune(1)
		left, err := db.EventsAfter(ctx, 0, 10)
		if err != nil || len(left) != 2 {
			t.Fatalf("after pruning with a cursor behind: %d events (%v), want 2", len(left), err)
		}
		if err := db.MoveEventCursor(ctx, "webhooks", head); err != nil {
			t.Fatal(err)
		}
		prune(1)
		left, err = db.EventsAfter(ctx, 0, 10)
		if err != nil || len(left) != 1 || !left[0].OccurredAt.Equal(recent) {
			t.Fatalf("after every cursor passed: %+v (%v), want only the recent event", left, err)
		}
	})
}

// Awareness moved earlier puts a GDPR clock 30 minutes from due: the next
// scan tells "1 h left" although its time is before the last scan (the case
// changed since); once the regulator is notified, the clock tells nothing
// more, overdue included.
func TestClockMovedIntoThePastTellsAndNotifiedTellsNothing(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		now := time.Now().UTC().Truncate(time.Second)
		c := f.newCase("Mailbox of the HR director forwarded", true, now.Add(-time.Hour))
		f.scanAt(now)
		wantTold(t, f.told(c.ID))
		earlier := now.Add(-72*time.Hour + 30*time.Minute)
		c, err := f.cases.Update(f.ctx, c.ID, c.Version, cases.Patch{DetectedAt: &earlier, AwareAt: &earlier})
		if err != nil {
			t.Fatal(err)
		}
		f.scanAt(now.Add(time.Minute))
		wantTold(t, f.told(c.ID), "clock.due_soon 1h GDPR Art. 33")
		notified, ref := time.Now().UTC(), "ICO-2026-0042"
		if _, err := f.cases.Update(f.ctx, c.ID, c.Version, cases.Patch{RegulatorNotifiedAt: cases.Optional[time.Time]{Set: true, Value: &notified},
			RegulatorReference: &ref}); err != nil {
			t.Fatal(err)
		}
		f.scanAt(now.Add(2 * time.Hour)) // past the due time
		wantTold(t, f.told(c.ID), "clock.due_soon 1h GDPR Art. 33")
	})
}

// The first scan of an installation looks back FirstLookback (24 h), not at
// every old deadline.
func TestFirstScanLooksBackADay(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		now := time.Now().UTC().Truncate(time.Second)
		c := f.newCase("Old phishing campaign", false, now.Add(-72*time.Hour))
		f.addTask(c.ID, "Collect the headers", now.Add(30*time.Minute))
		within := f.addTask(c.ID, "Block the domain", now.Add(2*time.Hour))
		// 25 h later: the tasks changed before the scan's start, one fell
		// due 24.5 h before it, the other 23 h before.
		f.scanAt(now.Add(25 * time.Hour))
		got := f.told(c.ID)
		wantTold(t, got, "task.overdue  ")
		if got[0].EntityID != within.ID.String() {
			t.Fatalf("told %s, want the task due within the last 24 h", got[0].EntityID)
		}
	})
}
