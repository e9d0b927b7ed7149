package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/regimes"
)

type regimeRow struct {
	ID          uuid.UUID
	Name        string
	Description string
	RetiredAt   *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

func (regimeRow) TableName() string { return "regimes" }

type regimePhaseRow struct {
	RegimeID      uuid.UUID
	Position      int
	Name          string
	Audience      string
	Rule          string
	OffsetHours   *int
	OffsetMonths  *int
	AfterPosition *int
	Guidance      string
}

func (regimePhaseRow) TableName() string { return "regime_phases" }

func (r regimePhaseRow) toDomain() regimes.PhaseDef {
	return regimes.PhaseDef{Position: r.Position, Name: r.Name, Audience: r.Audience, Guidance: r.Guidance,
		Rule: regimes.Rule{Kind: regimes.RuleKind(r.Rule), Hours: r.OffsetHours, Months: r.OffsetMonths, AfterPosition: r.AfterPosition}}
}

// Regimes lists the regimes by name with their phases (two queries).
func (db *DB) Regimes(ctx context.Context, includeRetired bool) ([]regimes.Regime, error) {
	q := db.reader(ctx).Order("lower(name), id")
	if !includeRetired {
		q = q.Where("retired_at IS NULL")
	}
	var rows []regimeRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "regimes")
	}
	var phases []regimePhaseRow
	if err := db.reader(ctx).Order("regime_id, position").Find(&phases).Error; err != nil {
		return nil, translate(err, "regime phases")
	}
	byRegime := map[uuid.UUID][]regimes.PhaseDef{}
	for _, p := range phases {
		byRegime[p.RegimeID] = append(byRegime[p.RegimeID], p.toDomain())
	}
	out := make([]regimes.Regime, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(byRegime[r.ID])
	}
	return out, nil
}

func (r regimeRow) toDomain(phases []regimes.PhaseDef) regimes.Regime {
	return regimes.Regime{ID: r.ID, Name: r.Name, Description: r.Description, Phases: phases, RetiredAt: utcPtr(r.RetiredAt),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}
}

// Regime reads one regime with its phases.
func (db *DB) Regime(ctx context.Context, id uuid.UUID) (regimes.Regime, error) {
	var r regimeRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return regimes.Regime{}, translate(err, "regime")
	}
	var phases []regimePhaseRow
	if err := db.conn(ctx).Where("regime_id = ?", id).Order("position").Find(&phases).Error; err != nil {
		return regimes.Regime{}, translate(err, "regime phases")
	}
	defs := make([]regimes.PhaseDef, len(phases))
	for i, p := range phases {
		defs[i] = p.toDomain()
	}
	return r.toDomain(defs), nil
}

// RegimeNamed reports whether a regime bears name, ignoring case (regimes_name_key).
func (db *DB) RegimeNamed(ctx context.Context, name string) (bool, error) {
	var n int64
	err := db.conn(ctx).Model(&regimeRow{}).Where("lower(name) = ?", strings.ToLower(name)).Count(&n).Error
	return n > 0, translate(err, "regime")
}

// CreateRegime inserts g and its phases.
func (db *DB) CreateRegime(ctx context.Context, g regimes.Regime) error {
	row := regimeRow{ID: g.ID, Name: g.Name, Description: g.Description, CreatedAt: g.CreatedAt.UTC(), UpdatedAt: g.UpdatedAt.UTC(), Version: g.Version}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err, "regime")
	}
	phases := make([]regimePhaseRow, len(g.Phases))
	for i, p := range g.Phases {
		phases[i] = regimePhaseRow{RegimeID: g.ID, Position: p.Position, Name: p.Name, Audience: p.Audience, Rule: string(p.Rule.Kind),
			OffsetHours: p.Rule.Hours, OffsetMonths: p.Rule.Months, AfterPosition: p.Rule.AfterPosition, Guidance: p.Guidance}
	}
	return translate(db.conn(ctx).Create(&phases).Error, "regime phases")
}

// UpdateRegime stores g's name, description and retirement at version.
func (db *DB) UpdateRegime(ctx context.Context, g regimes.Regime, version int64) (regimes.Regime, error) {
	updated, err := db.updateVersioned(ctx, &regimeRow{}, g.ID, version,
		map[string]any{"name": g.Name, "description": g.Description, "retired_at": utcPtr(g.RetiredAt)}, "regime")
	if err != nil {
		return regimes.Regime{}, err
	}
	g.Version, g.UpdatedAt = version+1, updated.UTC()
	return g, nil
}

type obligationRow struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	RegimeID    uuid.UUID
	CreatedByID uuid.UUID
	CreatedAt   time.Time
}

func (obligationRow) TableName() string { return "case_obligations" }

type obligationPhaseRow struct {
	ID                uuid.UUID
	ObligationID      uuid.UUID
	CaseID            uuid.UUID
	RegimeID          uuid.UUID
	Position          int
	SubmittedAt       *time.Time
	Reference         string
	DecisionRationale string
	DelayReason       string
	Version           int64
	UpdatedAt         time.Time
}

func (obligationPhaseRow) TableName() string { return "obligation_phases" }

// Obligations reads the case's recorded obligations with their phases.
func (db *DB) Obligations(ctx context.Context, v cases.Visible) ([]regimes.Obligation, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("obligations: %w", err)
	}
	return db.obligationsOf(ctx, caseID)
}

// obligationsOf reads case caseID's obligations in three indexed queries:
// the obligations, their phase records, and the phases' definitions.
func (db *DB) obligationsOf(ctx context.Context, caseID uuid.UUID) ([]regimes.Obligation, error) {
	var rows []struct {
		ID          uuid.UUID
		CaseID      uuid.UUID
		RegimeID    uuid.UUID
		CreatedByID uuid.UUID
		CreatedAt   time.Time
		RegimeName  string
	}
	err := db.conn(ctx).Table("case_obligations o").
		Select("o.id, o.case_id, o.regime_id, o.created_by_id, o.created_at, r.name AS regime_name").Joins("JOIN regimes r ON r.id = o.regime_id").
		Where("o.case_id = ?", caseID).Order("o.created_at, o.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "obligations")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	var phases []obligationPhaseRow
	if err := db.conn(ctx).Where("case_id = ?", caseID).Order("obligation_id, position").Find(&phases).Error; err != nil {
		return nil, translate(err, "obligation phases")
	}
	var defs []regimePhaseRow
	if err := db.conn(ctx).Where("regime_id IN (SELECT regime_id FROM case_obligations WHERE case_id = ?)", caseID).Find(&defs).Error; err != nil {
		return nil, translate(err, "regime phases")
	}
	type key struct {
		regime uuid.UUID
		pos    int
	}
	def := map[key]regimes.PhaseDef{}
	for _, d := range defs {
		def[key{d.RegimeID, d.Position}] = d.toDomain()
	}
	byObligation := map[uuid.UUID][]regimes.Phase{}
	for _, p := range phases {
		byObligation[p.ObligationID] = append(byObligation[p.ObligationID], regimes.Phase{ID: p.ID, ObligationID: p.ObligationID,
			CaseID: p.CaseID, Def: def[key{p.RegimeID, p.Position}], SubmittedAt: utcPtr(p.SubmittedAt), Reference: p.Reference,
			DecisionRationale: p.DecisionRationale, DelayReason: p.DelayReason, Version: p.Version, UpdatedAt: p.UpdatedAt.UTC()})
	}
	out := make([]regimes.Obligation, len(rows))
	for i, r := range rows {
		by, at := r.CreatedByID, r.CreatedAt.UTC()
		out[i] = regimes.Obligation{ID: r.ID, CaseID: r.CaseID, RegimeID: r.RegimeID, RegimeName: r.RegimeName,
			CreatedByID: &by, CreatedAt: &at, Phases: byObligation[r.ID]}
	}
	return out, nil
}

// CreateObligation inserts o and its phases.
func (db *DB) CreateObligation(ctx context.Context, o regimes.Obligation) error {
	row := obligationRow{ID: o.ID, CaseID: o.CaseID, RegimeID: o.RegimeID, CreatedByID: *o.CreatedByID, CreatedAt: o.CreatedAt.UTC()}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		if err = translate(err, "obligation"); apperr.Is(err, apperr.Conflict) {
			return apperr.New(apperr.Conflict, "This case already carries an obligation under "+o.RegimeName+".")
		}
		return err
	}
	phases := make([]obligationPhaseRow, len(o.Phases))
	for i, p := range o.Phases {
		phases[i] = obligationPhaseRow{ID: p.ID, ObligationID: o.ID, CaseID: o.CaseID, RegimeID: o.RegimeID, Position: p.Def.Position,
			Version: 1, UpdatedAt: p.UpdatedAt.UTC()}
	}
	return translate(db.conn(ctx).Create(&phases).Error, "obligation phases")
}

// ObligationCase is the case of an obligation phase.
func (db *DB) ObligationCase(ctx context.Context, phaseID uuid.UUID) (uuid.UUID, error) {
	var p obligationPhaseRow
	if err := db.conn(ctx).Select("case_id").Where("id = ?", phaseID).Take(&p).Error; err != nil {
		return uuid.Nil, translate(err, "obligation phase")
	}
	return p.CaseID, nil
}

// UpdateObligationPhase stores p's record at version.
func (db *DB) UpdateObligationPhase(ctx context.Context, p regimes.Phase, version int64) (regimes.Phase, error) {
	updated, err := db.updateVersioned(ctx, &obligationPhaseRow{}, p.ID, version, map[string]any{"submitted_at": utcPtr(p.SubmittedAt),
		"reference": p.Reference, "decision_rationale": p.DecisionRationale, "delay_reason": p.DelayReason}, "obligation phase")
	if err != nil {
		return regimes.Phase{}, err
	}
	p.Version, p.UpdatedAt = version+1, updated.UTC()
	return p, nil
}

// SetNextClock stores the case's nearest running clock. Call it with the case
// locked, in the transaction that changed what the clock is derived from.
func (db *DB) SetNextClock(ctx context.Context, caseID uuid.UUID, c *regimes.Clock) error {
	var due *time.Time
	label := ""
	if c != nil {
		d := c.DueAt.UTC()
		due, label = &d, c.Label
	}
	err := db.conn(ctx).Model(&caseRow{}).Where("id = ?", caseID).
		UpdateColumns(map[string]any{"next_clock_due_at": due, "next_clock_label": label}).Error
	return translate(err, "case clock")
}

// nextClock is c's nearest running clock with its recorded obligations as
// they stand (c is locked by the caller): UpdateCase stores it with the case.
func (db *DB) nextClock(ctx context.Context, c cases.Case) (*time.Time, string, error) {
	obligations, err := db.obligationsOf(ctx, c.ID)
	if err != nil {
		return nil, "", err
	}
	if n := regimes.Nearest(c, obligations); n != nil {
		return &n.DueAt, n.Label, nil
	}
	return nil, "", nil
}
