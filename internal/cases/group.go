package cases

import (
	"context"

	"github.com/caseward/caseward/internal/batch"
)

// maxGroup bounds how many creations share one transaction.
const maxGroup = 256

// createGroup lets concurrent creations share transactions. Gap-free
// references and the audit chain make creations take turns from the reference
// counter to the end of COMMIT, and COMMIT waits for the disk: one at a time,
// that wait alone caps creation near a thousand a second. The first creation
// that finds no group running leads: it runs what is queued in one
// transaction, again and again, until the queue is empty; the others wait for
// their result. If a group fails, each of its creations is tried on its own,
// so one refusal never fails another.
type createGroup struct {
	queue batch.Queue[*pendingCreate]
}

type pendingCreate struct {
	ctx  context.Context
	c    Case
	year int // of its reference
	out  Case
	err  error
}

// inserter inserts a group of creations in the transaction in ctx and returns
// them as created, in order; an error fails them all.
type inserter func(ctx context.Context, group []*pendingCreate) ([]Case, error)

// do inserts c with insert, grouped with the creations queued beside it. One
// group runs at a time: each takes the next references.
func (g *createGroup) do(ctx context.Context, c Case, year int, inTx func(context.Context, func(context.Context) error) error, insert inserter) (Case, error) {
	p := &pendingCreate{ctx: ctx, c: c, year: year}
	g.queue.Do(p, 1, maxGroup, func(group []*pendingCreate) { run(group, inTx, insert) })
	return p.out, p.err
}

func run(batch []*pendingCreate, inTx func(context.Context, func(context.Context) error) error, insert inserter) {
	// The group outlives any one request: it is not cancelled with the leader's.
	ctx := context.WithoutCancel(batch[0].ctx)
	refused := false
	err := inTx(ctx, func(tx context.Context) error {
		created, err := insert(tx, batch)
		if err != nil {
			refused = true
			return err
		}
		for i, p := range batch {
			p.out = created[i]
		}
		return nil
	})
	if err == nil {
		return
	}
	if len(batch) == 1 || !refused {
		// Alone, or the commit itself failed: whether it happened is not
		// known (a lost connection), so nothing is retried behind the callers.
		for _, p := range batch {
			p.out, p.err = Case{}, err
		}
		return
	}
	for _, p := range batch {
		var out Case
		err := inTx(p.ctx, func(tx context.Context) error {
			created, err := insert(tx, []*pendingCreate{p})
			if err == nil {
				out = created[0]
			}
			return err
		})
		if err != nil {
			out = Case{}
		}
		p.out, p.err = out, err
	}
}
