package alerts

import (
	"context"
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/identity"
)

// maxIntakeGroup bounds how many receipts share one transaction, and
// intakeLeaders how many such transactions run at once: while one waits for
// its COMMIT, the next runs its statements. Both take their rows in key
// order, so neither waits for the other's rows in the opposite order. (On
// SQLite, with its one writer, the second simply waits.)
const (
	maxIntakeGroup = 256
	intakeLeaders  = 2
)

// pendingIntake is one receipt waiting for its group's transaction.
type pendingIntake struct {
	ctx     context.Context
	a       Alert
	out     Alert
	created bool
	err     error
}

// runIntakes stores a group of receipts in one transaction with one locking
// read and one upsert statement (one more per repeat of a pair within the
// group), each recorded in the audit trail as its own caller's. The audit
// chain makes every write take turns from its audit insert to the end of
// COMMIT, and COMMIT waits for the disk: one receipt a transaction, that
// caps the intake at a few hundred a second. If the group fails before its
// commit, each receipt is tried on its own, so one fault never fails
// another; if the commit itself fails, whether it happened is not known, so
// nothing is retried behind the callers.
func (s *Service) runIntakes(group []*pendingIntake) {
	ctx := context.WithoutCancel(group[0].ctx) // the group outlives any one request
	inside := false
	err := s.store.InTx(ctx, func(tx context.Context) error {
		err := s.receiveAll(tx, group)
		inside = err != nil
		return err
	})
	if err == nil {
		return
	}
	if len(group) == 1 || !inside {
		for _, p := range group {
			p.out, p.created, p.err = Alert{}, false, err
		}
		return
	}
	for _, p := range group {
		one := []*pendingIntake{p}
		if err := s.store.InTx(p.ctx, func(tx context.Context) error { return s.receiveAll(tx, one) }); err != nil {
			p.out, p.created, p.err = Alert{}, false, err
		}
	}
}

// receiveAll upserts the group's alerts in rounds, each pair at most once a
// round (a statement may not change one row twice), in key order.
func (s *Service) receiveAll(ctx context.Context, group []*pendingIntake) error {
	var keys []Key
	for _, p := range group {
		keys = append(keys, KeyOf(p.a))
	}
	slices.SortFunc(keys, compareKeys)
	prev, err := s.store.AlertsBySourceRef(ctx, slices.Compact(keys))
	if err != nil {
		return err
	}
	for rest := group; len(rest) > 0; {
		var round, later []*pendingIntake
		seen := map[Key]bool{}
		for _, p := range rest {
			if k := KeyOf(p.a); !seen[k] {
				seen[k] = true
				round = append(round, p)
			} else {
				later = append(later, p)
			}
		}
		slices.SortFunc(round, func(a, b *pendingIntake) int { return compareKeys(KeyOf(a.a), KeyOf(b.a)) })
		as := make([]Alert, len(round))
		for i, p := range round {
			as[i] = p.a
		}
		stored, err := s.store.UpsertAlerts(ctx, as)
		if err != nil {
			return err
		}
		for _, p := range round {
			k := KeyOf(p.a)
			out := stored[k]
			p.out, p.created, p.err = out, out.Occurrences == 1, nil
			action := "alert.repeat"
			if p.created {
				action = "alert.create"
			}
			as := identity.With(ctx, identity.From(p.ctx))
			if err := s.record(as, action, out, nil, diffAlert(prev[k], out)); err != nil {
				return err
			}
			prev[k] = out
		}
		rest = later
	}
	return nil
}

func compareKeys(a, b Key) int {
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	return strings.Compare(a.Ref, b.Ref)
}
