package store

import (
	"context"
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/apperr"
)

// maxShared bounds how many callers share one transaction.
const maxShared = 256

// sharedLeaders is how many shared transactions may run at once on
// PostgreSQL: while one waits for its COMMIT, the next runs its writes.
// SQLite has one writer, so one.
func (db *DB) sharedLeaders() int {
	if db.dialect == Postgres {
		return 2
	}
	return 1
}

// sharedWrite is one caller's write in a shared transaction. Every write
// that records an audit event takes turns at the trail's lock from its audit
// insert to the end of COMMIT, and COMMIT waits for the disk: one write at a
// time, that wait caps the whole server at a few hundred writes a second,
// however many connections it has. So concurrent writes queue (db.shared, a
// batch.Queue), and a caller that finds fewer than sharedLeaders groups
// running leads: it runs what is queued in one transaction, again and again,
// until the queue is empty; the others wait for their result.
type sharedWrite struct {
	ctx context.Context
	key string
	fn  func(ctx context.Context) error
	err error
}

// InSharedTx runs fn in a transaction like InTx, but one it may share with
// other callers of InSharedTx at the same moment: the group commits or rolls
// back as one, under one lock and one wait for the disk. The result is the
// same as if the group's writes had run one after another in key order, each
// in its own transaction:
//   - a write refused by its own rule (any apperr kind but Internal and
//     Unavailable) gets that refusal, and the rest of its group runs again
//     without it;
//   - a write that fails otherwise (the database) sends each write of its
//     group to a transaction of its own;
//   - when the group fails after its writes (its audit events, COMMIT),
//     whether it happened may not be known (a lost connection), so every
//     write of the group gets that error and none is retried behind its
//     caller.
//
// So fn may run more than once, and must change nothing but the database
// through its ctx. Keys order the group: writes that lock rows should pass the
// row's key, so that two groups never wait for each other's rows in opposite
// orders. Inside a transaction, or under a context that carries refused
// fields, fn simply runs in InTx.
func (db *DB) InSharedTx(ctx context.Context, key string, fn func(ctx context.Context) error) error {
	if db.InTransaction(ctx) || len(apperr.Refused(ctx)) > 0 {
		return db.InTx(ctx, fn)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	w := &sharedWrite{ctx: ctx, key: key, fn: fn}
	db.shared.Do(w, db.sharedLeaders(), maxShared, db.runShared)
	return w.err
}

// runShared runs batch in one transaction, as InSharedTx describes, and
// leaves each write's result in its err.
func (db *DB) runShared(group []*sharedWrite) {
	batch := slices.Clone(group)
	slices.SortStableFunc(batch, func(a, b *sharedWrite) int { return strings.Compare(a.key, b.key) })
	for len(batch) > 0 {
		failed := -1
		// The group outlives any one request: it is not cancelled with the
		// leader's, and each write runs with its own caller's values.
		err := db.InTx(context.WithoutCancel(batch[0].ctx), func(tx context.Context) error {
			st := tx.Value(txKey{}).(*txState)
			for i, w := range batch {
				if err := w.fn(context.WithValue(context.WithoutCancel(w.ctx), txKey{}, st)); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		switch {
		case err == nil:
			return
		case failed < 0 || len(batch) == 1:
			for _, w := range batch {
				w.err = err
			}
			return
		case refusal(err):
			batch[failed].err = err
			batch = slices.Delete(batch, failed, failed+1)
		default:
			for _, w := range batch {
				w.err = db.InTx(w.ctx, w.fn)
			}
			return
		}
	}
}

// refusal reports whether err is a write's own rule saying no, rather than
// the database failing.
func refusal(err error) bool {
	k := apperr.KindOf(err)
	return k != apperr.Internal && k != apperr.Unavailable
}
