// Package schedule writes the events that time, not a change, makes true:
// regulator clocks at 24 h, 6 h and 1 h left and overdue, tasks and
// milestones overdue. It runs on the leader (package leader) and scans every
// Interval: each scan tells what crossed a threshold since the previous one
// (whose time the database keeps), so that after downtime it catches up, and
// for each due thing only the most urgent threshold crossed is told. An
// event's id derives from its kind, the thing, its due time and the
// threshold, and the outbox refuses an id twice: two scans, or two
// schedulers racing, never tell the same threshold twice, and a due time that
// moves has thresholds of its own.
package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/regimes"
)

// Store is what the scheduler needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	AppendEvent(ctx context.Context, e events.Event) error
	LockScheduleScan(ctx context.Context, name string, fresh time.Time) (time.Time, error)
	MoveScheduleScan(ctx context.Context, name string, at time.Time) error
	ClockCases(ctx context.Context, since, now time.Time, horizon time.Duration) ([]ClockCase, error)
	OverdueTasks(ctx context.Context, since, now, recent time.Time) ([]DueItem, error)
	OverdueMilestones(ctx context.Context, since, now, recent time.Time) ([]DueItem, error)
}

// ClockCase is a case whose regulator clocks may have crossed a threshold:
// what its clocks are derived from. Changed says the case or one of its
// obligation phases changed since the last scan (a due time may have moved).
type ClockCase struct {
	Case        cases.Case // only ID, AwareAt and the regulator fields are read
	Obligations []regimes.Obligation
	Changed     bool
}

// DueItem is an open task or milestone whose due time has passed.
type DueItem struct {
	ID           uuid.UUID
	CaseID       uuid.UUID
	SuspensionID *uuid.UUID // milestones only
	DueAt        time.Time
	Changed      bool // changed since the last scan
}

// Threshold is a point before a clock's due time that is told.
type Threshold struct {
	Name   string // "24h", "6h", "1h"; "overdue" at the due time
	Before time.Duration
}

// Thresholds are a regulator clock's, least urgent first.
var Thresholds = []Threshold{{"24h", 24 * time.Hour}, {"6h", 6 * time.Hour}, {"1h", time.Hour}, {"overdue", 0}}

const (
	// Interval is how often the leader scans.
	Interval = 20 * time.Second
	// PruneInterval is how often the leader prunes the outbox.
	PruneInterval = 10 * time.Minute
	// FirstLookback is how far back the first scan ever looks: a new
	// installation does not tell every old deadline at once.
	FirstLookback = 24 * time.Hour
	// scanName keys the scan's row in schedule_scans.
	scanName = "thresholds"
	// action is what the events' action field says.
	action = "schedule"
)

// namespace makes the events' ids (uuid.NewSHA1); never change it.
var namespace = uuid.MustParse("8ef0ddb7-4f62-42ec-9370-fd7f4a38d6c9")

// Scheduler scans for crossed thresholds.
type Scheduler struct {
	st Store
	// Now is the scheduler's clock; tests set it.
	Now func() time.Time
	// Memory is how long the outbox keeps an event's id (the retention): a
	// thing changed since the last scan is told again only for a threshold
	// crossed within it, so that the pruned id of an old one is not told twice.
	Memory time.Duration
}

// New returns a scheduler on the wall clock for an outbox that keeps ids
// for memory.
func New(st Store, memory time.Duration) *Scheduler {
	return &Scheduler{st: st, Now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }, Memory: memory}
}

// Crossed returns the most urgent threshold of a clock due at due that now
// has reached, and when it was reached; false before the first.
func Crossed(due, now time.Time) (Threshold, time.Time, bool) {
	for i := len(Thresholds) - 1; i >= 0; i-- {
		th := Thresholds[i]
		if at := due.Add(-th.Before); !now.Before(at) {
			return th, at, true
		}
	}
	return Threshold{}, time.Time{}, false
}

// EventID is the id of the event telling that thing (due at due) reached
// threshold: the same for every scan and every replica.
func EventID(kind, thing string, due time.Time, threshold string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"|"+thing+"|"+due.UTC().Format(time.RFC3339Nano)+"|"+threshold)).String()
}

// Scan tells what crossed a threshold since the previous scan, in one
// transaction with the scan's time, and returns how many events it offered
// the outbox (one told before is skipped there).
func (s *Scheduler) Scan(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	recent := now.Add(-s.Memory)
	var n int
	err := s.st.InTx(ctx, func(ctx context.Context) error {
		since, err := s.st.LockScheduleScan(ctx, scanName, now.Add(-FirstLookback))
		if err != nil {
			return err
		}
		if !since.Before(now) {
			return nil // another scheduler has looked this far
		}
		// tell offers e when its threshold was reached in (since, now], or
		// within memory for a thing that changed since.
		tell := func(e events.Event, changed bool) error {
			if !e.OccurredAt.After(since) && (!changed || !e.OccurredAt.After(recent)) {
				return nil
			}
			n++
			return s.st.AppendEvent(ctx, e)
		}
		if err := s.clocks(ctx, since, now, tell); err != nil {
			return err
		}
		if err := s.overdue(ctx, since, now, recent, tell); err != nil {
			return err
		}
		return s.st.MoveScheduleScan(ctx, scanName, now)
	})
	if err != nil {
		return 0, fmt.Errorf("schedule scan: %w", err)
	}
	return n, nil
}

type clockData struct {
	Threshold    string     `json:"threshold"`
	DueAt        time.Time  `json:"due_at"`
	Regime       string     `json:"regime"`
	RegimeID     uuid.UUID  `json:"regime_id"`
	ObligationID *uuid.UUID `json:"obligation_id"` // null for GDPR Art. 33 (the case's own fields)
	Phase        string     `json:"phase"`
}

func (s *Scheduler) clocks(ctx context.Context, since, now time.Time, tell func(events.Event, bool) error) error {
	ccs, err := s.st.ClockCases(ctx, since, now, Thresholds[0].Before)
	if err != nil {
		return err
	}
	for _, cc := range ccs {
		all := cc.Obligations
		if gdpr, ok := regimes.FromCaseObligation(cc.Case, now); ok {
			all = append([]regimes.Obligation{gdpr}, all...)
		}
		for _, o := range all {
			o.Derive(cc.Case, now)
			for _, p := range o.Phases {
				if !p.Running() || p.DueAt == nil {
					continue
				}
				th, at, ok := Crossed(*p.DueAt, now)
				if !ok {
					continue
				}
				kind := events.ClockDueSoon
				if th.Before == 0 {
					kind = events.ClockOverdue
				}
				entityType, entityID, thing := "obligation_phase", p.ID.String(), p.ID.String()
				var obligationID *uuid.UUID
				if o.FromCase {
					entityType, entityID, thing = "case", cc.Case.ID.String(), "gdpr33/"+cc.Case.ID.String()
				} else {
					id := o.ID
					obligationID = &id
				}
				data, err := json.Marshal(clockData{Threshold: th.Name, DueAt: p.DueAt.UTC(), Regime: o.RegimeName, RegimeID: o.RegimeID,
					ObligationID: obligationID, Phase: p.Def.Name})
				if err != nil {
					return err
				}
				e := events.Event{ID: EventID(kind, thing, *p.DueAt, th.Name), Kind: kind, OccurredAt: at, CaseID: cc.Case.ID.String(),
					EntityType: entityType, EntityID: entityID, Action: action, Data: data}
				if err := tell(e, cc.Changed); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

type dueData struct {
	DueAt        time.Time  `json:"due_at"`
	SuspensionID *uuid.UUID `json:"suspension_id,omitempty"`
}

func (s *Scheduler) overdue(ctx context.Context, since, now, recent time.Time, tell func(events.Event, bool) error) error {
	for _, src := range []struct {
		kind, entity string
		read         func(ctx context.Context, since, now, recent time.Time) ([]DueItem, error)
	}{
		{events.TaskOverdue, "task", s.st.OverdueTasks},
		{events.MilestoneOverdue, "milestone", s.st.OverdueMilestones},
	} {
		items, err := src.read(ctx, since, now, recent)
		if err != nil {
			return err
		}
		for _, it := range items {
			data, err := json.Marshal(dueData{DueAt: it.DueAt, SuspensionID: it.SuspensionID})
			if err != nil {
				return err
			}
			e := events.Event{ID: EventID(src.kind, it.ID.String(), it.DueAt, "overdue"), Kind: src.kind, OccurredAt: it.DueAt,
				CaseID: it.CaseID.String(), EntityType: src.entity, EntityID: it.ID.String(), Action: action, Data: data}
			if err := tell(e, it.Changed); err != nil {
				return err
			}
		}
	}
	return nil
}

// Run scans at once (the catch-up after downtime) and then every interval
// until ctx ends. A failed scan is logged and tried at the next tick.
func (s *Scheduler) Run(ctx context.Context, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := s.Scan(ctx); err != nil && ctx.Err() == nil {
			log.Warn("scan for due times", "err", err)
		} else if n > 0 {
			log.Debug("told due times", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Pruner is what pruning needs from the database.
type Pruner interface {
	PruneEvents(ctx context.Context, cutoff time.Time) (int64, error)
}

// PruneOnce deletes the outbox events that occurred more than retention ago
// and that every delivery has passed, and returns how many went.
func PruneOnce(ctx context.Context, st Pruner, retention time.Duration) (int64, error) {
	return st.PruneEvents(ctx, time.Now().Add(-retention))
}

// Prune runs PruneOnce at once and then every interval until ctx ends.
func Prune(ctx context.Context, st Pruner, retention, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := PruneOnce(ctx, st, retention); err != nil && ctx.Err() == nil {
			log.Warn("prune the outbox", "err", err)
		} else if n > 0 {
			log.Info("pruned the outbox", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
