package observables

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
	"github.com/caseward/caseward/internal/text"
)

// clockSkew is how far in the future a seen time may lie: a client's clock a
// little ahead of the server's.
const clockSkew = 5 * time.Minute

// Service holds the observables' use cases.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// Result is an observable as an add left it: new, or merged into the one
// the case already held.
type Result struct {
	Observable
	Merged bool
}

// Candidate is a value found in pasted text, before it is added.
type Candidate struct {
	Found
	OnCase    bool // the case already holds it (adding merges)
	Sightings int  // other cases the caller may see that hold it
}

// List returns a page of a case's observables, newest first, each with its
// sightings.
func (s *Service) List(ctx context.Context, caseID, afterID uuid.UUID, limit int) ([]Observable, bool, error) {
	if err := mayRead(ctx); err != nil {
		return nil, false, err
	}
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, false, err
	}
	os, more, err := page.Read(limit, func(n int) ([]Observable, error) { return s.store.CaseObservables(ctx, v, afterID, n) })
	if err != nil {
		return nil, false, err
	}
	return os, more, s.sight(ctx, v, pointers(os))
}

// Get returns one observable with its sightings.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Observable, error) {
	if err := mayRead(ctx); err != nil {
		return Observable{}, err
	}
	v, o, err := s.observable(ctx, id, false)
	if err != nil {
		return Observable{}, err
	}
	err = s.sight(ctx, v, []*Observable{&o})
	return o, err
}

// Add adds one observable to a case, or merges it into the one the case
// already holds with the same type and value.
func (s *Service) Add(ctx context.Context, caseID uuid.UUID, d Draft) (Result, error) {
	rs, err := s.add(ctx, caseID, []Draft{d}, "")
	if err != nil {
		return Result{}, err
	}
	return rs[0], nil
}

// AddAll adds observables to a case in one transaction: all of them or, if
// any is not valid, none.
func (s *Service) AddAll(ctx context.Context, caseID uuid.UUID, ds []Draft) ([]Result, error) {
	if len(ds) == 0 || len(ds) > MaxBulk {
		return nil, apperr.Invalidf([]apperr.FieldError{{Field: "items", Message: fmt.Sprintf("must list 1 to %d observables", MaxBulk)}},
			"the observables are not valid")
	}
	return s.add(ctx, caseID, ds, "items")
}

// Preview reads the typed values in pasted text and says, for each, whether
// the case already holds it and in how many other cases it was seen. It
// changes nothing.
func (s *Service) Preview(ctx context.Context, caseID uuid.UUID, pasted string) ([]Candidate, error) {
	if err := mayWrite(ctx); err != nil {
		return nil, err
	}
	if len(pasted) > MaxPasted {
		return nil, apperr.Invalidf([]apperr.FieldError{{Field: "text", Message: fmt.Sprintf("must be at most %d bytes", MaxPasted)}}, "the text is too long")
	}
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	found := Extract(pasted)
	keys := make([]Key, len(found))
	values := make([]string, len(found))
	for i, f := range found {
		keys[i], values[i] = Key(f), f.Value
	}
	held, err := s.store.CaseObservablesByValue(ctx, v, keys)
	if err != nil {
		return nil, fmt.Errorf("observables already held: %w", err)
	}
	seen, err := s.store.Sightings(ctx, v, cases.ScopeFrom(ctx), values)
	if err != nil {
		return nil, fmt.Errorf("sightings: %w", err)
	}
	out := make([]Candidate, len(found))
	for i, f := range found {
		_, on := held[Key(f)]
		out[i] = Candidate{Found: f, OnCase: on, Sightings: seen[f.Value]}
	}
	return out, nil
}

// Update changes an observable's markings, notes and links if its version is
// still version.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, c Change) (Observable, error) {
	if err := mayWrite(ctx); err != nil {
		return Observable{}, err
	}
	var out Observable
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, old, err := s.observable(ctx, id, true)
		if err != nil {
			return err
		}
		next := old
		if c.TLP != nil {
			next.TLP = *c.TLP
		}
		if c.PAP != nil {
			next.PAP = *c.PAP
		}
		if c.IOC != nil {
			next.IOC = *c.IOC
		}
		if c.Tags != nil {
			next.Tags = tagSet(*c.Tags)
		}
		if c.Description != nil {
			next.Description = strings.TrimSpace(*c.Description)
		}
		if c.Source != nil {
			next.Source = strings.TrimSpace(*c.Source)
		}
		if c.FirstSeenAt != nil {
			next.FirstSeenAt = utcMicro(*c.FirstSeenAt)
		}
		if c.LastSeenAt != nil {
			next.LastSeenAt = utcMicro(*c.LastSeenAt)
		}
		if c.EvidenceIDs != nil {
			next.EvidenceIDs = idSet(*c.EvidenceIDs)
		}
		f := s.checkFields(next, "")
		own, err := s.ownEvidence(ctx, v, next.EvidenceIDs)
		if err != nil {
			return err
		}
		if !own {
			f = append(f, apperr.FieldError{Field: "evidence_ids", Message: "must name evidence of this case only"})
		}
		if len(f) > 0 {
			return apperr.Invalidf(f, "the observable is not valid")
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "This observable was changed by someone else: read it again and retry.")
		}
		changes := audit.Diff(fields(old), fields(next))
		if len(changes) == 0 {
			out = old
			return nil
		}
		next.UpdatedAt = s.now(ctx)
		if out, err = s.store.UpdateObservable(ctx, next, version); err != nil {
			return err
		}
		return s.record(ctx, "observable.update", out, changes)
	})
	if err != nil {
		return Observable{}, err
	}
	return out, nil
}

// Delete removes an observable added by mistake if its version is still
// version. The audit trail keeps what it was.
func (s *Service) Delete(ctx context.Context, id uuid.UUID, version int64) error {
	if err := mayWrite(ctx); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		_, old, err := s.observable(ctx, id, true)
		if err != nil {
			return err
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "This observable was changed by someone else: read it again and retry.")
		}
		if err := s.store.DeleteObservable(ctx, old, version); err != nil {
			return err
		}
		return s.record(ctx, "observable.delete", old, audit.Diff(fields(old), map[string]any{}))
	})
}

// Search returns a page of the observables, in every case the caller may
// see, whose value is raw in the canonical form of any type that takes it
// (so 1.2.3[.]4 finds 1.2.3.4), newest first.
func (s *Service) Search(ctx context.Context, raw string, afterID uuid.UUID, limit int) ([]Sighting, bool, error) {
	if err := mayRead(ctx); err != nil {
		return nil, false, err
	}
	values := valuesOf(raw)
	if len(values) == 0 {
		return nil, false, apperr.Invalidf([]apperr.FieldError{{Field: "value", Message: "is required (one line, at most 2048 characters)"}},
			"the search is not valid")
	}
	return page.Read(limit, func(n int) ([]Sighting, error) {
		return s.store.ObservablesByValue(ctx, cases.ScopeFrom(ctx), values, afterID, n)
	})
}

// valuesOf is raw in the canonical form of every type that takes it.
func valuesOf(raw string) []string {
	var out []string
	for _, t := range Types {
		if v, err := Normalise(t, raw); err == nil && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// add validates ds (fields named under prefix, with the item's index when
// there are several: "items.3.value", as the contract names them), then adds or merges them all in one transaction, the
// case locked so that two adds of one value cannot both insert it.
func (s *Service) add(ctx context.Context, caseID uuid.UUID, ds []Draft, prefix string) ([]Result, error) {
	if err := mayWrite(ctx); err != nil {
		return nil, err
	}
	now := s.now(ctx)
	by := identity.From(ctx).UserID
	drafts := make([]Observable, len(ds))
	var f []apperr.FieldError
	for i, d := range ds {
		at := itemAt(prefix, i)
		o, errs := s.fromDraft(d, at, now)
		o.CreatedByID, o.CreatedAt, o.UpdatedAt, o.CaseID = by, now, now, caseID
		drafts[i], f = o, append(f, errs...)
	}
	if len(f) > 0 {
		if prefix == "" {
			return nil, apperr.Invalidf(f, "the observable is not valid: %s %s", f[0].Field, f[0].Message)
		}
		return nil, apperr.Invalidf(f, "the observables are not valid")
	}
	var out []Result
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, true)
		if err != nil {
			return err
		}
		var evidence []uuid.UUID
		keys := make([]Key, len(drafts))
		for i, o := range drafts {
			keys[i] = Key{o.Type, o.Value}
			evidence = append(evidence, o.EvidenceIDs...)
		}
		if own, err := s.ownEvidence(ctx, v, idSet(evidence)); err != nil {
			return err
		} else if !own {
			return apperr.Invalidf([]apperr.FieldError{{Field: field(prefix, "evidence_ids"), Message: "must name evidence of this case only"}},
				"the observables are not valid")
		}
		held, err := s.store.CaseObservablesByValue(ctx, v, keys)
		if err != nil {
			return fmt.Errorf("observables already held: %w", err)
		}
		// Repeats within ds merge first, then into what the case holds.
		merged := map[Key]int{} // key → index in out
		var created []Observable
		out = out[:0]
		for _, o := range drafts {
			k := Key{o.Type, o.Value}
			if i, ok := merged[k]; ok {
				out[i].Observable = merge(out[i].Observable, o)
				continue
			}
			r := Result{Observable: o}
			if old, ok := held[k]; ok {
				r = Result{Observable: merge(old, o), Merged: true}
			} else {
				r.ID, r.Version = uuid.Must(uuid.NewV7()), 1
			}
			merged[k] = len(out)
			out = append(out, r)
		}
		var f []apperr.FieldError
		for i, r := range out {
			if len(r.Tags) > MaxTags {
				f = append(f, apperr.FieldError{Field: field(itemAt(prefix, i), "tags"), Message: fmt.Sprintf("would hold more than %d tags once merged", MaxTags)})
			}
			if len(r.EvidenceIDs) > MaxEvidence {
				f = append(f, apperr.FieldError{Field: field(itemAt(prefix, i), "evidence_ids"), Message: fmt.Sprintf("would list more than %d items once merged", MaxEvidence)})
			}
		}
		if len(f) > 0 {
			return apperr.Invalidf(f, "the observables are not valid")
		}
		for i, r := range out {
			if !r.Merged {
				created = append(created, r.Observable)
				continue
			}
			old := held[Key{r.Type, r.Value}]
			changes := audit.Diff(fields(old), fields(r.Observable))
			if len(changes) == 0 {
				out[i].Observable = old
				continue
			}
			r.UpdatedAt = now
			stored, err := s.store.UpdateObservable(ctx, r.Observable, old.Version)
			if err != nil {
				return err
			}
			out[i].Observable = stored
			if err := s.record(ctx, "observable.merge", stored, changes); err != nil {
				return err
			}
		}
		if len(created) > 0 {
			n, err := s.store.CountObservables(ctx, v)
			if err != nil {
				return fmt.Errorf("count observables: %w", err)
			}
			if n+len(created) > MaxPerCase {
				return apperr.New(apperr.Conflict, fmt.Sprintf("This case would hold more than %d observables, the most one case may: continue in a related case.", MaxPerCase))
			}
			if err := s.store.CreateObservables(ctx, created); err != nil {
				return fmt.Errorf("create observables: %w", err)
			}
			for _, o := range created {
				if err := s.record(ctx, "observable.create", o, audit.Diff(map[string]any{}, fields(o))); err != nil {
					return err
				}
			}
		}
		return s.sight(ctx, v, resultObservables(out))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func pointers(os []Observable) []*Observable {
	out := make([]*Observable, len(os))
	for i := range os {
		out[i] = &os[i]
	}
	return out
}

func resultObservables(rs []Result) []*Observable {
	out := make([]*Observable, len(rs))
	for i := range rs {
		out[i] = &rs[i].Observable
	}
	return out
}

// fromDraft checks d and returns it as an observable, markings defaulted.
func (s *Service) fromDraft(d Draft, at string, now time.Time) (Observable, []apperr.FieldError) {
	var f []apperr.FieldError
	o := Observable{Type: d.Type, TLP: d.TLP, PAP: d.PAP, IOC: d.IOC, Tags: tagSet(d.Tags), Description: strings.TrimSpace(d.Description),
		Source: strings.TrimSpace(d.Source), FirstSeenAt: utcMicro(d.FirstSeenAt), LastSeenAt: utcMicro(d.LastSeenAt), EvidenceIDs: idSet(d.EvidenceIDs)}
	if o.TLP == "" {
		o.TLP = TLPAmber
	}
	if o.PAP == "" {
		o.PAP = PAPAmber
	}
	if !d.Type.Valid() {
		f = append(f, apperr.FieldError{Field: field(at, "type"), Message: "must be one of " + joinTypes()})
	} else if v, err := Normalise(d.Type, d.Value); err != nil {
		f = append(f, apperr.FieldError{Field: field(at, "value"), Message: err.Error()})
	} else {
		o.Value = v
	}
	f = append(f, s.checkFields(o, at)...)
	for _, t := range []*time.Time{o.FirstSeenAt, o.LastSeenAt} {
		if t != nil && t.After(now.Add(clockSkew)) {
			f = append(f, apperr.FieldError{Field: field(at, "last_seen_at"), Message: "cannot be in the future"})
			break
		}
	}
	return o, f
}

// checkFields names every marking, note and link of o at fault.
func (s *Service) checkFields(o Observable, at string) []apperr.FieldError {
	var f []apperr.FieldError
	if !o.TLP.Valid() {
		f = append(f, apperr.FieldError{Field: field(at, "tlp"), Message: "must be clear, green, amber, amber+strict or red"})
	}
	if !o.PAP.Valid() {
		f = append(f, apperr.FieldError{Field: field(at, "pap"), Message: "must be clear, green, amber or red"})
	}
	if len(o.Tags) > MaxTags {
		f = append(f, apperr.FieldError{Field: field(at, "tags"), Message: fmt.Sprintf("must list at most %d tags", MaxTags)})
	}
	for _, t := range o.Tags {
		if t == "" || utf8.RuneCountInString(t) > MaxTag || !text.OneLine(t) {
			f = append(f, apperr.FieldError{Field: field(at, "tags"), Message: fmt.Sprintf("must each be one line of 1 to %d characters", MaxTag)})
			break
		}
	}
	if utf8.RuneCountInString(o.Description) > MaxDescription || !text.MultiLine(o.Description) {
		f = append(f, apperr.FieldError{Field: field(at, "description"), Message: fmt.Sprintf("must be at most %d characters of text", MaxDescription)})
	}
	if utf8.RuneCountInString(o.Source) > MaxSource || !text.OneLine(o.Source) {
		f = append(f, apperr.FieldError{Field: field(at, "source"), Message: fmt.Sprintf("must be one line of at most %d characters", MaxSource)})
	}
	if o.FirstSeenAt != nil && o.LastSeenAt != nil && o.LastSeenAt.Before(*o.FirstSeenAt) {
		f = append(f, apperr.FieldError{Field: field(at, "last_seen_at"), Message: "must not be before first_seen_at"})
	}
	if len(o.EvidenceIDs) > MaxEvidence {
		f = append(f, apperr.FieldError{Field: field(at, "evidence_ids"), Message: fmt.Sprintf("must list at most %d items", MaxEvidence)})
	}
	return f
}

// merge is old with what d adds: the stricter markings, an indicator if
// either says so, every tag and evidence link, the earliest first and the
// latest last sighting; the description and source it already had, unless
// it had none.
func merge(old, d Observable) Observable {
	m := old
	m.TLP = stricter(old.TLP, d.TLP, tlpOrder)
	m.PAP = stricter(old.PAP, d.PAP, papOrder)
	m.IOC = old.IOC || d.IOC
	m.Tags = tagSet(append(slices.Clone(old.Tags), d.Tags...))
	m.EvidenceIDs = idSet(append(slices.Clone(old.EvidenceIDs), d.EvidenceIDs...))
	if m.Description == "" {
		m.Description = d.Description
	}
	if m.Source == "" {
		m.Source = d.Source
	}
	m.FirstSeenAt = earliest(old.FirstSeenAt, d.FirstSeenAt)
	m.LastSeenAt = latest(old.LastSeenAt, d.LastSeenAt)
	return m
}

var (
	tlpOrder = func(l TLP) int { return slices.Index(TLPs, l) }
	papOrder = func(p PAP) int { return slices.Index(PAPs, p) }
)

// stricter is the more restricted of two labels.
func stricter[T any](a, b T, order func(T) int) T {
	if order(b) > order(a) {
		return b
	}
	return a
}

func earliest(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.Before(*a)) {
		return b
	}
	return a
}

func latest(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.After(*a)) {
		return b
	}
	return a
}

// sight fills in the sightings of os, all of the case v.
func (s *Service) sight(ctx context.Context, v cases.Visible, ptrs []*Observable) error {
	if len(ptrs) == 0 {
		return nil
	}
	values := make([]string, len(ptrs))
	for i, o := range ptrs {
		values[i] = o.Value
	}
	seen, err := s.store.Sightings(ctx, v, cases.ScopeFrom(ctx), values)
	if err != nil {
		return fmt.Errorf("sightings: %w", err)
	}
	for _, o := range ptrs {
		o.Sightings = seen[o.Value]
	}
	return nil
}

// observable reads an observable and, first, its case in the caller's
// scope: one of a case the caller may not see is NotFound.
func (s *Service) observable(ctx context.Context, id uuid.UUID, forUpdate bool) (cases.Visible, Observable, error) {
	caseID, err := s.store.ObservableCase(ctx, id)
	if err != nil {
		return cases.Visible{}, Observable{}, err
	}
	v, err := cases.See(ctx, s.store, caseID, forUpdate)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return cases.Visible{}, Observable{}, apperr.New(apperr.NotFound, "observable not found")
		}
		return cases.Visible{}, Observable{}, err
	}
	o, err := s.store.Observable(ctx, v, id)
	return v, o, err
}

func (s *Service) ownEvidence(ctx context.Context, v cases.Visible, ids []uuid.UUID) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	own, err := s.store.CaseEvidenceIDs(ctx, v, ids)
	if err != nil {
		return false, fmt.Errorf("observable evidence: %w", err)
	}
	for _, id := range ids {
		if !own[id] {
			return false, nil
		}
	}
	return true, nil
}

// record appends action on o to the audit trail. A merge or an update
// carries the type and value unchanged too, so that the trail (and the
// timeline's sentence) names the observable it changed.
func (s *Service) record(ctx context.Context, action string, o Observable, changes audit.Changes) error {
	if action == "observable.merge" || action == "observable.update" {
		changes["type"] = [2]any{string(o.Type), string(o.Type)}
		changes["value"] = [2]any{o.Value, o.Value}
	}
	return s.audit.Record(ctx, audit.Entry{Action: action, EntityType: "observable", EntityID: o.ID.String(),
		CaseID: o.CaseID.String(), Changes: changes})
}

// fields is what the audit trail keeps of an observable.
func fields(o Observable) map[string]any {
	ids := make([]string, len(o.EvidenceIDs))
	for i, id := range o.EvidenceIDs {
		ids[i] = id.String()
	}
	return map[string]any{"type": string(o.Type), "value": o.Value, "tlp": string(o.TLP), "pap": string(o.PAP), "ioc": o.IOC,
		"tags": audit.TextValue(strings.Join(o.Tags, ",")), "description": audit.TextValue(o.Description),
		"source": audit.TextValue(o.Source), "first_seen_at": audit.TimeValue(o.FirstSeenAt), "last_seen_at": audit.TimeValue(o.LastSeenAt),
		"evidence_ids": audit.TextValue(strings.Join(ids, ","))}
}

// mayRead keeps observables to the security team and auditors: department
// heads see their cases, not the team's indicators.
func mayRead(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder", "auditor":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders, administrators and auditors read observables")
}

// mayWrite: responders and administrators.
func mayWrite(ctx context.Context) error {
	switch identity.From(ctx).Role {
	case "admin", "responder":
		return nil
	}
	return apperr.New(apperr.Forbidden, "only responders and administrators change observables")
}

func field(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

func itemAt(prefix string, i int) string {
	if prefix == "" {
		return ""
	}
	return fmt.Sprintf("%s.%d", prefix, i)
}

func joinTypes() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// tagSet is tags trimmed, without repeats, sorted, never nil.
func tagSet(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, strings.TrimSpace(t))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// idSet is ids without repeats, sorted, never nil.
func idSet(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	if out == nil {
		out = []uuid.UUID{}
	}
	slices.SortFunc(out, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out)
}

func utcMicro(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}
