package regimes

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
)

// Store is what regimes and obligations need from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	cases.Reader
	// Regimes lists the regimes by name, the retired ones too when asked.
	Regimes(ctx context.Context, includeRetired bool) ([]Regime, error)
	// Regime reads one regime with its phases (NotFound otherwise).
	Regime(ctx context.Context, id uuid.UUID) (Regime, error)
	// RegimeNamed reports whether a regime has this name, ignoring case.
	RegimeNamed(ctx context.Context, name string) (bool, error)
	CreateRegime(ctx context.Context, g Regime) error
	// UpdateRegime stores g's name, description and retirement if its version
	// is still version, and returns it as stored.
	UpdateRegime(ctx context.Context, g Regime, version int64) (Regime, error)
	// Obligations are the case's recorded obligations, oldest first, each with
	// its phases in order (not derived).
	Obligations(ctx context.Context, v cases.Visible) ([]Obligation, error)
	// CreateObligation inserts o and its phases; a second one of the same
	// regime on the case is a Conflict.
	CreateObligation(ctx context.Context, o Obligation) error
	// ObligationCase is the case an obligation phase belongs to (NotFound otherwise).
	ObligationCase(ctx context.Context, phaseID uuid.UUID) (uuid.UUID, error)
	// UpdateObligationPhase stores p's record if its version is still version.
	UpdateObligationPhase(ctx context.Context, p Phase, version int64) (Phase, error)
	// SetNextClock stores the case's nearest running clock (nil: none).
	SetNextClock(ctx context.Context, caseID uuid.UUID, c *Clock) error
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the regimes' and obligations' use cases.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// List returns the regimes by name; retired ones only when asked.
func (s *Service) List(ctx context.Context, includeRetired bool) ([]Regime, error) {
	return s.store.Regimes(ctx, includeRetired)
}

// Create adds a regime (administrators; the contract says so).
func (s *Service) Create(ctx context.Context, g Regime) (Regime, error) {
	g.Name, g.Description = strings.TrimSpace(g.Name), strings.TrimSpace(g.Description)
	for i := range g.Phases {
		g.Phases[i].Position = i + 1
		g.Phases[i].Name, g.Phases[i].Guidance = strings.TrimSpace(g.Phases[i].Name), strings.TrimSpace(g.Phases[i].Guidance)
	}
	if f := g.Validate(); len(f) > 0 {
		return Regime{}, apperr.Invalidf(f, "the regime is not valid")
	}
	now := s.now(ctx).UTC().Truncate(time.Microsecond)
	g.ID, g.CreatedAt, g.UpdatedAt, g.Version, g.RetiredAt = uuid.Must(uuid.NewV7()), now, now, 1, nil
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		if taken, err := s.store.RegimeNamed(ctx, g.Name); err != nil {
			return err
		} else if taken {
			return apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "is already the name of another regime"}}, "the regime is not valid")
		}
		if err := s.store.CreateRegime(ctx, g); err != nil {
			return err
		}
		phases := make([]string, len(g.Phases))
		for i, p := range g.Phases {
			phases[i] = p.Name + ": " + p.Rule.Describe()
		}
		return s.audit.Record(ctx, audit.Entry{Action: "regime.create", EntityType: "regime", EntityID: g.ID.String(),
			Changes: audit.Changes{"name": {nil, g.Name}, "description": {nil, g.Description}, "phases": {nil, strings.Join(phases, "; ")}}})
	})
	if err != nil {
		return Regime{}, err
	}
	return g, nil
}

// RegimePatch holds what may change on a regime; its phases never do.
type RegimePatch struct {
	Name        *string
	Description *string
	Retired     *bool
}

// Update renames, describes, retires or reinstates a regime. A retired regime
// is no longer offered for new obligations; the cases that carry it keep it.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, p RegimePatch) (Regime, error) {
	var out Regime
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.Regime(ctx, id)
		if err != nil {
			return err
		}
		g := old
		if p.Name != nil {
			g.Name = strings.TrimSpace(*p.Name)
		}
		if p.Description != nil {
			g.Description = strings.TrimSpace(*p.Description)
		}
		if p.Retired != nil && *p.Retired != (g.RetiredAt != nil) {
			if *p.Retired {
				now := s.now(ctx).UTC().Truncate(time.Microsecond)
				g.RetiredAt = &now
			} else {
				g.RetiredAt = nil
			}
		}
		if id == GDPRArt33 && (g.Name != old.Name || g.RetiredAt != nil) {
			return apperr.New(apperr.Conflict, "GDPR Art. 33 is every case's own regulator clock: it cannot be renamed or retired.")
		}
		if f := g.Validate(); len(f) > 0 {
			return apperr.Invalidf(f, "the regime is not valid")
		}
		if !strings.EqualFold(g.Name, old.Name) {
			if taken, err := s.store.RegimeNamed(ctx, g.Name); err != nil {
				return err
			} else if taken {
				return apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "is already the name of another regime"}}, "the regime is not valid")
			}
		}
		if out, err = s.store.UpdateRegime(ctx, g, version); err != nil {
			return err
		}
		changes := audit.Changes{"regime": {old.Name, g.Name}}
		if g.Name != old.Name {
			changes["name"] = [2]any{old.Name, g.Name}
		}
		if g.Description != old.Description {
			changes["description"] = [2]any{old.Description, g.Description}
		}
		if (g.RetiredAt == nil) != (old.RetiredAt == nil) {
			changes["retired"] = [2]any{old.RetiredAt != nil, g.RetiredAt != nil}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "regime.update", EntityType: "regime", EntityID: id.String(), Changes: changes})
	})
	return out, err
}

// CaseObligations returns every obligation the case carries, the GDPR Art. 33
// one (from its regulator fields) first, each phase derived at now.
func (s *Service) CaseObligations(ctx context.Context, caseID uuid.UUID) ([]Obligation, error) {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return nil, err
	}
	return s.obligations(ctx, v)
}

func (s *Service) obligations(ctx context.Context, v cases.Visible) ([]Obligation, error) {
	recorded, err := s.store.Obligations(ctx, v)
	if err != nil {
		return nil, err
	}
	now := s.now(ctx)
	out := make([]Obligation, 0, len(recorded)+1)
	if gdpr, ok := FromCaseObligation(v.Case(), now); ok {
		out = append(out, gdpr)
	}
	for _, o := range recorded {
		o.Derive(v.Case(), now)
		out = append(out, o)
	}
	return out, nil
}

// Add records that a regime applies to a case, with every phase unrecorded.
func (s *Service) Add(ctx context.Context, caseID, regimeID uuid.UUID) (Obligation, error) {
	p := identity.From(ctx)
	var out Obligation
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, true)
		if err != nil {
			return err
		}
		g, err := s.store.Regime(ctx, regimeID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			return apperr.Invalidf([]apperr.FieldError{{Field: "regime_id", Message: "is not a known regime"}}, "the obligation is not valid")
		case err != nil:
			return err
		case g.ID == GDPRArt33:
			return apperr.Invalidf([]apperr.FieldError{{Field: "regime_id",
				Message: "GDPR Art. 33 applies by itself when personal data is involved: set that on the case"}}, "the obligation is not valid")
		case g.RetiredAt != nil:
			return apperr.Invalidf([]apperr.FieldError{{Field: "regime_id", Message: "is retired: it no longer applies to new cases"}}, "the obligation is not valid")
		}
		now := s.now(ctx).UTC().Truncate(time.Microsecond)
		o := Obligation{ID: uuid.Must(uuid.NewV7()), CaseID: caseID, RegimeID: g.ID, RegimeName: g.Name, CreatedByID: &p.UserID, CreatedAt: &now}
		for _, d := range g.Phases {
			o.Phases = append(o.Phases, Phase{ID: uuid.Must(uuid.NewV7()), ObligationID: o.ID, CaseID: caseID, Def: d, Version: 1, UpdatedAt: now})
		}
		if err := s.store.CreateObligation(ctx, o); err != nil {
			return err
		}
		if err := s.refreshClock(ctx, v); err != nil {
			return err
		}
		o.Derive(v.Case(), s.now(ctx))
		out = o
		return s.audit.Record(ctx, audit.Entry{Action: "obligation.create", EntityType: "obligation", EntityID: o.ID.String(),
			CaseID: caseID.String(), Changes: audit.Changes{"regime": {nil, g.Name}}})
	})
	return out, err
}

// refreshClock stores the case's nearest running clock from its obligations
// as they are now, in the caller's transaction, with the case locked.
func (s *Service) refreshClock(ctx context.Context, v cases.Visible) error {
	recorded, err := s.store.Obligations(ctx, v)
	if err != nil {
		return err
	}
	return s.store.SetNextClock(ctx, v.ID(), Nearest(v.Case(), recorded))
}

// PhasePatch holds what a PATCH of an obligation phase names.
type PhasePatch struct {
	SubmittedAt       cases.Optional[time.Time]
	Reference         *string
	DecisionRationale *string
	DelayReason       *string
}

// UpdatePhase records a phase's submission, reference, decision not to
// notify or reason for delay, and moves the case's nearest clock.
func (s *Service) UpdatePhase(ctx context.Context, phaseID uuid.UUID, version int64, patch PhasePatch) (Phase, Obligation, error) {
	var out Phase
	var obligation Obligation
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		caseID, err := s.store.ObligationCase(ctx, phaseID)
		if err != nil {
			return err
		}
		v, err := cases.See(ctx, s.store, caseID, true)
		if err != nil {
			return apperr.NotFoundf("obligation phase not found")
		}
		recorded, err := s.store.Obligations(ctx, v)
		if err != nil {
			return err
		}
		oi, pi := find(recorded, phaseID)
		if oi < 0 {
			return apperr.NotFoundf("obligation phase not found")
		}
		o := recorded[oi]
		old := o.Phases[pi]
		p := old
		if patch.SubmittedAt.Set {
			p.SubmittedAt = utc(patch.SubmittedAt.Value)
		}
		set(&p.Reference, patch.Reference)
		set(&p.DecisionRationale, patch.DecisionRationale)
		set(&p.DelayReason, patch.DelayReason)
		o.Phases[pi] = p
		now := s.now(ctx)
		o.Derive(v.Case(), now)
		if f := validatePhase(v.Case(), o, pi, now); len(f) > 0 {
			return apperr.Invalidf(f, "the phase record is not valid")
		}
		if old.Version != version {
			return apperr.New(apperr.PreconditionFailed, "obligation phase was changed by someone else: read it again and retry")
		}
		stored, err := s.store.UpdateObligationPhase(ctx, o.Phases[pi], version)
		if err != nil {
			return err
		}
		stored.DueAt, stored.Status = o.Phases[pi].DueAt, o.Phases[pi].Status
		o.Phases[pi] = stored
		out, obligation = stored, o
		recorded[oi] = o
		if err := s.store.SetNextClock(ctx, caseID, Nearest(v.Case(), recorded)); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "obligation_phase.update", EntityType: "obligation_phase", EntityID: phaseID.String(),
			CaseID: caseID.String(), Changes: phaseChanges(o.RegimeName+" · "+p.Def.Name, old, p)})
	})
	return out, obligation, err
}

func find(obligations []Obligation, phaseID uuid.UUID) (int, int) {
	for i, o := range obligations {
		for j, p := range o.Phases {
			if p.ID == phaseID {
				return i, j
			}
		}
	}
	return -1, -1
}

func set(dst *string, v *string) {
	if v != nil {
		*dst = strings.TrimSpace(*v)
	}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

func phaseChanges(phase string, old, p Phase) audit.Changes {
	tm := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	c := audit.Changes{"phase": {phase, phase}}
	if tm(old.SubmittedAt) != tm(p.SubmittedAt) {
		c["submitted_at"] = [2]any{tm(old.SubmittedAt), tm(p.SubmittedAt)}
	}
	for field, pair := range map[string][2]string{"reference": {old.Reference, p.Reference},
		"decision_rationale": {old.DecisionRationale, p.DecisionRationale}, "delay_reason": {old.DelayReason, p.DelayReason}} {
		if pair[0] != pair[1] {
			c[field] = [2]any{pair[0], pair[1]}
		}
	}
	return c
}

// validatePhase checks phase pi of o (derived) as it would be stored, naming
// every field at fault.
func validatePhase(c cases.Case, o Obligation, pi int, now time.Time) []apperr.FieldError {
	var f []apperr.FieldError
	add := func(field, msg string) { f = append(f, apperr.FieldError{Field: field, Message: msg}) }
	p := o.Phases[pi]
	byPos := map[int]Phase{}
	for _, q := range o.Phases {
		byPos[q.Def.Position] = q
	}
	if s := p.SubmittedAt; s != nil {
		switch {
		case s.After(now.Add(cases.ClockSkew)):
			add("submitted_at", "is in the future")
		case s.Before(c.AwareAt):
			add("submitted_at", "cannot be before the time you became aware of the incident")
		}
		if r := p.Def.Rule; r.Kind == AfterPhase && r.AfterPosition != nil {
			prior := byPos[*r.AfterPosition]
			switch {
			case prior.SubmittedAt == nil:
				add("submitted_at", fmt.Sprintf("cannot be recorded before %q is submitted", prior.Def.Name))
			case s.Before(*prior.SubmittedAt):
				add("submitted_at", fmt.Sprintf("cannot be before %q was submitted", prior.Def.Name))
			}
		}
		if p.Reference == "" {
			add("reference", "is required once it has been submitted")
		}
		if p.DecisionRationale != "" {
			add("decision_rationale", "cannot be set together with a submission: either it was submitted or it was decided not to")
		}
	} else {
		for _, q := range o.Phases {
			if r := q.Def.Rule; r.Kind == AfterPhase && r.AfterPosition != nil && *r.AfterPosition == p.Def.Position && q.SubmittedAt != nil {
				add("submitted_at", fmt.Sprintf("cannot be cleared while %q, which follows it, is submitted", q.Def.Name))
			}
		}
	}
	if p.Late() && p.DelayReason == "" {
		add("delay_reason", "is required: it was submitted after its deadline")
	}
	for field, v := range map[string]string{"reference": p.Reference, "decision_rationale": p.DecisionRationale, "delay_reason": p.DelayReason} {
		if len([]rune(v)) > 4000 {
			add(field, "is at most 4000 characters")
		}
	}
	return f
}
