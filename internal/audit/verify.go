package audit

import "context"

// VerifyResult is the outcome of walking the chain.
type VerifyResult struct {
	Valid           bool
	Checked         int64
	FirstInvalidSeq *int64
}

// BatchReader reads the trail in seq order, a batch at a time.
type BatchReader interface {
	// AuditBatch returns up to limit events with seq > after, in seq order.
	AuditBatch(ctx context.Context, after int64, limit int) ([]Event, error)
}

const verifyBatch = 1000

// Verify walks the whole chain and names the first event whose hash, link to
// its predecessor or sequence number is wrong.
func Verify(ctx context.Context, r BatchReader) (VerifyResult, error) {
	var res VerifyResult
	prev := Event{}
	for {
		batch, err := r.AuditBatch(ctx, prev.Seq, verifyBatch)
		if err != nil {
			return res, err
		}
		for _, e := range batch {
			want := GenesisHash
			if prev.Seq != 0 {
				want = prev.Hash
			}
			if e.Seq != prev.Seq+1 || e.PrevHash != want || e.ComputeHash() != e.Hash {
				seq := e.Seq
				res.FirstInvalidSeq = &seq
				return res, nil
			}
			res.Checked++
			prev = e
		}
		if len(batch) < verifyBatch {
			res.Valid = true
			return res, nil
		}
	}
}
