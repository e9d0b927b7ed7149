package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
)

// Get returns an item the caller may see.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Item, error) {
	return s.store.Evidence(ctx, id, cases.ScopeFrom(ctx))
}

// ForCase lists a case's items.
func (s *Service) ForCase(ctx context.Context, caseID uuid.UUID) ([]Item, error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	return s.store.CaseEvidence(ctx, v)
}

// MetadataPatch corrects an item's description; its file and hash never change.
type MetadataPatch struct {
	Title       *string
	Kind        *Kind
	Description *string
	Source      *string
	CollectedAt *time.Time
}

// Correct applies a metadata correction if version is current.
func (s *Service) Correct(ctx context.Context, id uuid.UUID, version int64, p MetadataPatch) (Item, error) {
	var updated Item
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Evidence(ctx, id, cases.ScopeFrom(ctx))
		if err != nil {
			return err
		}
		next := old
		if p.Title != nil {
			next.Title = strings.TrimSpace(*p.Title)
		}
		if p.Kind != nil {
			next.Kind = *p.Kind
		}
		if p.Description != nil {
			next.Description = strings.TrimSpace(*p.Description)
		}
		if p.Source != nil {
			next.Source = strings.TrimSpace(*p.Source)
		}
		if p.CollectedAt != nil {
			next.CollectedAt = *p.CollectedAt
		}
		if err := validate(next, s.now(ctx)); err != nil {
			return err
		}
		if updated, err = s.store.UpdateEvidence(ctx, next, version); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "evidence.update", EntityType: "evidence", EntityID: id.String(),
			CaseID: old.CaseID.String(), Changes: itemChanges(old, next)})
	})
	return updated, err
}

// VerifyResult is the outcome of re-hashing an item's stored bytes.
type VerifyResult struct {
	OK         bool
	Expected   string
	Actual     string // empty when the file is missing
	VerifiedAt time.Time
}

// Verify re-hashes an item's stored file and records the result in its chain
// of custody and on the item.
func (s *Service) Verify(ctx context.Context, id uuid.UUID) (VerifyResult, error) {
	it, err := s.Get(ctx, id)
	if err != nil {
		return VerifyResult{}, err
	}
	if it.File == nil {
		return VerifyResult{}, apperr.New(apperr.Conflict, "this evidence has no file to verify")
	}
	res, err := s.rehash(ctx, it)
	if err != nil {
		return VerifyResult{}, err
	}
	p := identity.From(ctx)
	note := "SHA-256 matches"
	if !res.OK {
		note = "MISMATCH: stored bytes hash to " + valueOr(res.Actual, "nothing (file missing)")
	}
	ev := CustodyEvent{ID: uuid.Must(uuid.NewV7()), EvidenceID: id, Action: Verified, ActorID: p.UserID, OccurredAt: res.VerifiedAt,
		TimeZone: "UTC", Purpose: "integrity check", Note: note}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetVerified(ctx, id, res.VerifiedAt, res.OK); err != nil {
			return err
		}
		return s.appendCustody(ctx, audit.Entry{Action: "evidence.verify", EntityType: "evidence", EntityID: id.String(), CaseID: it.CaseID.String(),
			Changes: audit.Changes{"verified": {nil, res.OK}}}, &ev)
	})
	return res, err
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// rehash streams an item's stored bytes through SHA-256.
func (s *Service) rehash(ctx context.Context, it Item) (VerifyResult, error) {
	res := VerifyResult{Expected: it.File.SHA256, VerifiedAt: s.now(ctx).Truncate(time.Microsecond)}
	r, _, err := s.blobs.Open(ctx, it.File.StorageKey)
	if errors.Is(err, blob.ErrNotFound) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	defer func() { _ = r.Close() }() // only read
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return res, fmt.Errorf("read blob: %w", err)
	}
	res.Actual = hex.EncodeToString(h.Sum(nil))
	res.OK = res.Actual == res.Expected
	return res, nil
}

// Record adds a hand-over or other touch to an item's chain of custody.
func (s *Service) Record(ctx context.Context, ev CustodyEvent) (CustodyEvent, error) {
	it, err := s.Get(ctx, ev.EvidenceID)
	if err != nil {
		return CustodyEvent{}, err
	}
	p := identity.From(ctx)
	ev.ID, ev.ActorID = uuid.Must(uuid.NewV7()), p.UserID
	for _, f := range []*string{&ev.FromParty, &ev.ToParty, &ev.Location, &ev.Purpose, &ev.Note, &ev.TimeZone} {
		*f = strings.TrimSpace(*f)
	}
	if ev.TimeZone == "" {
		ev.TimeZone = "UTC"
	}
	if ev.OccurredAt.IsZero() {
		ev.OccurredAt = s.now(ctx)
	}
	if err := validateCustody(ev, s.now(ctx), it.CollectedAt); err != nil {
		return CustodyEvent{}, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		return s.appendCustody(ctx, audit.Entry{Action: "custody." + string(ev.Action), EntityType: "evidence", EntityID: ev.EvidenceID.String(),
			CaseID: it.CaseID.String(), Changes: audit.Changes{"from_party": {nil, audit.TextValue(ev.FromParty)},
				"to_party": {nil, audit.TextValue(ev.ToParty)}, "location": {nil, audit.TextValue(ev.Location)},
				"purpose": {nil, audit.TextValue(ev.Purpose)}, "occurred_at": {nil, audit.TimeValue(&ev.OccurredAt)}}}, &ev)
	})
	return ev, err
}

// validateCustody names every field of ev that breaks a rule, each on its own
// field, in the form's order.
func validateCustody(ev CustodyEvent, now, collectedAt time.Time) error {
	var f []apperr.FieldError
	if !slices.Contains(RecordableActions, ev.Action) {
		f = append(f, apperr.FieldError{Field: "action", Message: "must be transferred, accessed, analysed, exported, returned or disposed (collected and verified are recorded by Caseward)"})
	}
	if ev.Action == Transferred && ev.FromParty == "" {
		f = append(f, apperr.FieldError{Field: "from_party", Message: "is required for a transfer"})
	}
	if ev.Action == Transferred && ev.ToParty == "" {
		f = append(f, apperr.FieldError{Field: "to_party", Message: "is required for a transfer"})
	}
	for _, t := range []struct{ name, value string }{{"from_party", ev.FromParty}, {"to_party", ev.ToParty}, {"location", ev.Location}, {"purpose", ev.Purpose}} {
		f = apperr.MaxLength(f, t.name, t.value, 500)
	}
	switch {
	case ev.OccurredAt.After(now.Add(cases.ClockSkew)):
		f = append(f, apperr.FieldError{Field: "occurred_at", Message: "is in the future"})
	case ev.OccurredAt.Before(collectedAt):
		f = append(f, apperr.FieldError{Field: "occurred_at", Message: "is before the item was collected"})
	}
	if _, err := time.LoadLocation(ev.TimeZone); err != nil && !isOffset(ev.TimeZone) {
		f = append(f, apperr.FieldError{Field: "time_zone", Message: "must be an IANA zone such as Europe/London or an offset such as +01:00"})
	}
	f = apperr.MaxLength(f, "note", ev.Note, 5000)
	if len(f) > 0 {
		return apperr.Invalidf(f, "the custody event is not valid")
	}
	return nil
}

func isOffset(s string) bool {
	_, err := time.Parse("-07:00", s)
	return err == nil
}

// Custody returns an item's chain of custody, oldest first.
func (s *Service) Custody(ctx context.Context, id uuid.UUID) ([]CustodyEvent, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.store.Custody(ctx, id)
}

// Problem is one item that failed verify-all.
type Problem struct {
	Item   Item
	Result VerifyResult
}

// VerifyAll re-hashes every stored file, for `caseward evidence verify-all`. It
// records nothing: it is the operator's check, run outside any request.
func (s *Service) VerifyAll(ctx context.Context) (checked int, problems []Problem, err error) {
	items, err := s.store.AllFiles(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, it := range items {
		res, err := s.rehash(ctx, it)
		if err != nil {
			return checked, problems, err
		}
		checked++
		if !res.OK {
			problems = append(problems, Problem{Item: it, Result: res})
		}
	}
	return checked, problems, nil
}
