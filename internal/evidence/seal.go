package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/caseward/caseward/internal/audit"
)

// SealField is the key, in the changes of the audit event that records custody
// events, of the map from each custody event's id to its ContentHash: so the
// hash-chained audit trail seals the chain of custody, and a custody row
// deleted, altered or slipped in later no longer matches it.
const SealField = "custody_sha256"

// ContentHash is the hex SHA-256 of the event's canonical JSON: every field
// but created_at, in a fixed order, occurred_at as audit.TimeLayout.
func (e CustodyEvent) ContentHash() string {
	b, _ := json.Marshal(struct {
		ID         string `json:"id"`
		EvidenceID string `json:"evidence_id"`
		Action     string `json:"action"`
		ActorID    string `json:"actor_id"`
		FromParty  string `json:"from_party"`
		ToParty    string `json:"to_party"`
		Location   string `json:"location"`
		Purpose    string `json:"purpose"`
		OccurredAt string `json:"occurred_at"`
		TimeZone   string `json:"time_zone"`
		Note       string `json:"note"`
	}{e.ID.String(), e.EvidenceID.String(), string(e.Action), e.ActorID.String(), e.FromParty, e.ToParty, e.Location, e.Purpose,
		e.OccurredAt.UTC().Format(audit.TimeLayout), e.TimeZone, e.Note})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendCustody adds custody events and the audit event en that records them,
// in the transaction in ctx, with each event's ContentHash in en's changes
// under SealField. Every custody event is written through here.
func (s *Service) appendCustody(ctx context.Context, en audit.Entry, evs ...*CustodyEvent) error {
	sealed := make(map[string]string, len(evs))
	for _, ev := range evs {
		// Microseconds, as PostgreSQL keeps them: the hash of the row read back
		// must be the hash sealed now.
		ev.OccurredAt = ev.OccurredAt.UTC().Truncate(time.Microsecond)
		if err := s.store.AddCustody(ctx, *ev); err != nil {
			return fmt.Errorf("record custody event %s: %w", ev.Action, err)
		}
		sealed[ev.ID.String()] = ev.ContentHash()
	}
	if en.Changes == nil {
		en.Changes = audit.Changes{}
	}
	en.Changes[SealField] = [2]any{nil, sealed}
	return s.audit.Record(ctx, en)
}

// CustodyProblem is a custody row that does not match the audit trail's seal.
type CustodyProblem struct {
	CustodyID  string
	EvidenceID string // empty when the row is missing
	What       string // missing, altered or unsealed
}

// VerifyCustody cross-checks every custody row against the hashes sealed in
// the audit trail: a sealed event without its row was deleted (missing), a row
// whose hash differs was altered, a row the trail never sealed was inserted
// behind Caseward's back (unsealed). Run `audit verify` too: the seals are
// only as good as the chain that holds them.
func (s *Service) VerifyCustody(ctx context.Context) (checked int, problems []CustodyProblem, err error) {
	sealed := map[string]string{}
	marker := []byte(`"` + SealField + `"`)
	var after int64
	for {
		batch, err := s.store.AuditBatch(ctx, after, 1000)
		if err != nil {
			return 0, nil, fmt.Errorf("read audit trail: %w", err)
		}
		for _, e := range batch {
			after = e.Seq
			if !bytes.Contains(e.Changes, marker) {
				continue
			}
			var changes map[string][2]json.RawMessage
			if err := json.Unmarshal(e.Changes, &changes); err != nil {
				return 0, nil, fmt.Errorf("read audit event %d: %w", e.Seq, err)
			}
			var hashes map[string]string
			if err := json.Unmarshal(changes[SealField][1], &hashes); err != nil {
				return 0, nil, fmt.Errorf("read custody seal of audit event %d: %w", e.Seq, err)
			}
			for id, h := range hashes {
				sealed[id] = h
			}
		}
		if len(batch) < 1000 {
			break
		}
	}
	rows, err := s.store.AllCustody(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, ev := range rows {
		id := ev.ID.String()
		want, ok := sealed[id]
		switch {
		case !ok:
			problems = append(problems, CustodyProblem{CustodyID: id, EvidenceID: ev.EvidenceID.String(), What: "unsealed"})
		case want != ev.ContentHash():
			problems = append(problems, CustodyProblem{CustodyID: id, EvidenceID: ev.EvidenceID.String(), What: "altered"})
		}
		delete(sealed, id)
		checked++
	}
	for id := range sealed {
		problems = append(problems, CustodyProblem{CustodyID: id, What: "missing"})
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].CustodyID < problems[j].CustodyID })
	return checked, problems, nil
}
