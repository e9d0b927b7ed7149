package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
)

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

// Verification is one recorded walk of the chain: when, by whom and what it found.
type Verification struct {
	At     time.Time
	ByID   *uuid.UUID // nil when run by Caseward itself (the command line)
	Result VerifyResult
}

// VerificationRecorder keeps each walk of the chain, so that its state can be
// shown without walking it again.
type VerificationRecorder interface {
	RecordAuditVerification(ctx context.Context, v Verification) error
}

// VerifyAndRecord walks the whole chain and records the walk's result for
// the caller in ctx in rec. A walk that fails to read is not recorded.
func (s *Service) VerifyAndRecord(ctx context.Context, rec VerificationRecorder) (VerifyResult, error) {
	res, err := s.Verify(ctx)
	if err != nil {
		return res, err
	}
	v := Verification{At: clock.Now(ctx), Result: res}
	if p := identity.From(ctx); p.Authenticated() {
		v.ByID = &p.UserID
	}
	if err := rec.RecordAuditVerification(ctx, v); err != nil {
		return res, fmt.Errorf("record the audit chain's verification: %w", err)
	}
	return res, nil
}
