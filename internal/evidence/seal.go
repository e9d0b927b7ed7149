package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// SealField is the key, in the changes of the audit event written with custody
// events, of their seal: "<seal id> <count> <digest>", where the digest is
// SealDigest of the events that carry that seal id. The hash-chained audit
// trail so seals the chain of custody: a custody row deleted, altered, moved
// to another seal or slipped in later no longer matches it.
const SealField = "custody_seal"

// LegacySeal is the seal id migration 00014 gave the custody events written
// before custody was sealed; SealLegacyCustody records it once.
var LegacySeal = uuid.Nil

// ContentHash is the hex SHA-256 of the event's canonical JSON: every field
// but created_at and the seal, in a fixed order, occurred_at as
// audit.TimeLayout.
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

// SealDigest is the hex SHA-256 over one line "<id> <ContentHash>\n" per
// event, in id order.
func SealDigest(evs []CustodyEvent) string {
	lines := make([]string, len(evs))
	for i, e := range evs {
		lines[i] = e.ID.String() + " " + e.ContentHash() + "\n"
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "")))
	return hex.EncodeToString(sum[:])
}

func sealValue(id uuid.UUID, evs []CustodyEvent) string {
	return fmt.Sprintf("%s %d %s", id, len(evs), SealDigest(evs))
}

// appendCustody adds custody events and the audit event en that records them,
// in the transaction in ctx, with their seal in en's changes under SealField.
// Every custody event the evidence service writes is written through here;
// other use cases (a case export) write theirs through Seal.
func (s *Service) appendCustody(ctx context.Context, en audit.Entry, evs ...*CustodyEvent) error {
	sealed, en := Seal(en, evs...)
	for _, ev := range sealed {
		if err := s.store.AddCustody(ctx, ev); err != nil {
			return fmt.Errorf("record custody event %s: %w", ev.Action, err)
		}
	}
	return s.audit.Record(ctx, en)
}

// Seal gives custody events one new seal and puts it in the changes of en,
// the audit event to record with them (see SealField); it returns the events
// as they must be stored, in the same transaction as en.
func Seal(en audit.Entry, evs ...*CustodyEvent) ([]CustodyEvent, audit.Entry) {
	seal := uuid.Must(uuid.NewV7())
	sealed := make([]CustodyEvent, len(evs))
	for i, ev := range evs {
		// Microseconds, as PostgreSQL keeps them: the row read back must hash
		// as the event sealed now.
		ev.OccurredAt = ev.OccurredAt.UTC().Truncate(time.Microsecond)
		ev.Seal = &seal
		sealed[i] = *ev
	}
	if en.Changes == nil {
		en.Changes = audit.Changes{}
	}
	en.Changes[SealField] = [2]any{nil, sealValue(seal, sealed)}
	return sealed, en
}

// SealLegacyCustody records, once, the seal of the custody events written
// before custody was sealed (LegacySeal, given by migration 00014), so that
// from then on they are held to it like every other. It reports whether it
// wrote the seal. Run at start, after migrating.
func SealLegacyCustody(ctx context.Context, store Store, rec Recorder) (bool, error) {
	done, err := store.ListAudit(ctx, audit.Filter{Action: legacySealAction, Limit: 1})
	if err != nil || len(done) > 0 {
		return false, err
	}
	all, err := store.AllCustody(ctx)
	if err != nil {
		return false, err
	}
	var legacy []CustodyEvent
	for _, ev := range all {
		if ev.Seal != nil && *ev.Seal == LegacySeal {
			legacy = append(legacy, ev)
		}
	}
	if len(legacy) == 0 {
		return false, nil
	}
	err = store.InTx(ctx, func(ctx context.Context) error {
		return rec.Record(ctx, audit.Entry{Action: legacySealAction, EntityType: "custody", ActorEmail: "caseward",
			Changes: audit.Changes{SealField: {nil, sealValue(LegacySeal, legacy)}}})
	})
	return err == nil, err
}

const legacySealAction = "custody.seal_legacy"

// CustodyProblem is custody that does not match the audit trail's seals.
type CustodyProblem struct {
	What     string // missing, extra, altered or unsealed
	Seal     string // the seal id; empty for an unsealed row
	AuditSeq int64  // the audit event holding the seal; 0 for an unsealed row
	Sealed   int    // events the seal counts
	Found    int    // rows found with that seal
	RowID    string // the unsealed row
}

// VerifyCustody cross-checks every custody row against the seals in the audit
// trail: fewer rows than a seal counts were deleted (missing), more were
// slipped in (extra), the same number with another digest were altered, and a
// row with no seal the trail knows was inserted behind Caseward's back
// (unsealed). Run `audit verify` too: the seals are only as good as the chain
// that holds them.
func (s *Service) VerifyCustody(ctx context.Context) (checked int, problems []CustodyProblem, err error) {
	type seal struct {
		count  int
		digest string
		seq    int64
	}
	seals := map[string]seal{}
	marker := []byte(`"` + SealField + `"`)
	err = s.eachAuditEvent(ctx, func(e audit.Event) error {
		if !bytes.Contains(e.Changes, marker) {
			return nil
		}
		var changes map[string][2]any
		if err := json.Unmarshal(e.Changes, &changes); err != nil {
			return fmt.Errorf("read audit event %d: %w", e.Seq, err)
		}
		v, _ := changes[SealField][1].(string)
		var id, digest string
		var n int
		if _, err := fmt.Sscanf(v, "%s %d %s", &id, &n, &digest); err != nil {
			return fmt.Errorf("read the custody seal of audit event %d: %w", e.Seq, err)
		}
		seals[id] = seal{count: n, digest: digest, seq: e.Seq}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	rows, err := s.store.AllCustody(ctx)
	if err != nil {
		return 0, nil, err
	}
	groups := map[string][]CustodyEvent{}
	for _, ev := range rows {
		checked++
		if ev.Seal == nil {
			problems = append(problems, CustodyProblem{What: "unsealed", RowID: ev.ID.String()})
			continue
		}
		id := ev.Seal.String()
		if _, ok := seals[id]; !ok {
			problems = append(problems, CustodyProblem{What: "unsealed", RowID: ev.ID.String(), Seal: id})
			continue
		}
		groups[id] = append(groups[id], ev)
	}
	for id, sl := range seals {
		got := groups[id]
		p := CustodyProblem{Seal: id, AuditSeq: sl.seq, Sealed: sl.count, Found: len(got)}
		switch {
		case len(got) < sl.count:
			p.What = "missing"
		case len(got) > sl.count:
			p.What = "extra"
		case SealDigest(got) != sl.digest:
			p.What = "altered"
		default:
			continue
		}
		problems = append(problems, p)
	}
	slices.SortFunc(problems, func(a, b CustodyProblem) int {
		if a.AuditSeq != b.AuditSeq {
			return int(a.AuditSeq - b.AuditSeq)
		}
		return strings.Compare(a.RowID, b.RowID)
	})
	return checked, problems, nil
}
