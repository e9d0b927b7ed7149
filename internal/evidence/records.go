package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/caseward/caseward/internal/audit"
)

// RecordProblem is an item whose file, as its evidence row names it, is not
// the file the audit trail recorded when it was collected.
type RecordProblem struct {
	What     string // altered, removed or unrecorded
	ItemID   string
	AuditSeq int64  // the audit event that recorded the file; 0 for unrecorded
	Recorded string // "<sha256> <size>" as the trail holds it; empty for unrecorded
	Found    string // "<sha256> <size>" as the row holds it; empty for removed
}

// recordedFile is an item's file as an audit event recorded it.
type recordedFile struct {
	sha256 string
	size   int64
	seq    int64
}

func (f recordedFile) String() string { return fmt.Sprintf("%s %d", f.sha256, f.size) }

// VerifyFileRecords cross-checks every evidence row's file (sha256 and size)
// against what the hash-chained audit trail recorded when the item was added.
// Re-hashing a file only compares it with its row, and the evidence table is
// not append-only (titles change, verifications are noted): a row pointed at
// another file (altered), stripped of its file (removed) or inserted behind
// Caseward's back (unrecorded) would otherwise download and verify as intact.
// Run `audit verify` too: the records are only as good as the chain.
func (s *Service) VerifyFileRecords(ctx context.Context) (checked int, problems []RecordProblem, err error) {
	recorded := map[string]recordedFile{}
	marker := []byte(`"sha256"`)
	err = s.eachAuditEvent(ctx, func(e audit.Event) error {
		if e.EntityType != "evidence" || !bytes.Contains(e.Changes, marker) {
			return nil
		}
		var changes struct {
			SHA256 [2]*string `json:"sha256"`
			Size   [2]*int64  `json:"file_size"`
		}
		if err := json.Unmarshal(e.Changes, &changes); err != nil {
			return fmt.Errorf("read audit event %d: %w", e.Seq, err)
		}
		if changes.SHA256[1] != nil && changes.Size[1] != nil {
			recorded[e.EntityID] = recordedFile{sha256: *changes.SHA256[1], size: *changes.Size[1], seq: e.Seq}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	items, err := s.store.AllFiles(ctx)
	if err != nil {
		return 0, nil, err
	}
	withFile := map[string]bool{}
	for _, it := range items {
		checked++
		id := it.ID.String()
		withFile[id] = true
		found := recordedFile{sha256: it.File.SHA256, size: it.File.Size}
		rec, ok := recorded[id]
		switch {
		case !ok:
			problems = append(problems, RecordProblem{What: "unrecorded", ItemID: id, Found: found.String()})
		case rec.sha256 != found.sha256 || rec.size != found.size:
			problems = append(problems, RecordProblem{What: "altered", ItemID: id, AuditSeq: rec.seq, Recorded: rec.String(), Found: found.String()})
		}
	}
	for id, rec := range recorded {
		if !withFile[id] {
			problems = append(problems, RecordProblem{What: "removed", ItemID: id, AuditSeq: rec.seq, Recorded: rec.String()})
		}
	}
	slices.SortFunc(problems, func(a, b RecordProblem) int { return strings.Compare(a.ItemID, b.ItemID) })
	return checked, problems, nil
}

// eachAuditEvent calls fn for every event of the audit trail in seq order,
// reading it in batches so that memory stays flat however long the trail.
func (s *Service) eachAuditEvent(ctx context.Context, fn func(audit.Event) error) error {
	const batchSize = 1000
	var after int64
	for {
		batch, err := s.store.AuditBatch(ctx, after, batchSize)
		if err != nil {
			return fmt.Errorf("read audit trail: %w", err)
		}
		for _, e := range batch {
			after = e.Seq
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < batchSize {
			return nil
		}
	}
}
