package api

import (
	"context"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/regimes"
)

// ListRegimes returns the notification regimes by name.
func (h *regimeHandlers) ListRegimes(ctx context.Context, req gen.ListRegimesRequestObject) (gen.ListRegimesResponseObject, error) {
	list, err := h.regimes.List(ctx, req.Params.IncludeRetired != nil && *req.Params.IncludeRetired)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Regime, len(list))
	for i, g := range list {
		items[i] = toAPIRegime(g)
	}
	return gen.ListRegimes200JSONResponse{Body: gen.RegimeList{Items: items}}, nil
}

// CreateRegime adds a regime.
func (h *regimeHandlers) CreateRegime(ctx context.Context, req gen.CreateRegimeRequestObject) (gen.CreateRegimeResponseObject, error) {
	g, err := h.regimes.Create(ctx, toDomainRegime(*req.Body))
	if err != nil {
		return nil, err
	}
	return gen.CreateRegime201JSONResponse{Body: toAPIRegime(g), Headers: gen.CreateRegime201ResponseHeaders{ETag: etag(g.Version)}}, nil
}

// UpdateRegime renames, describes, retires or reinstates a regime.
func (h *regimeHandlers) UpdateRegime(ctx context.Context, req gen.UpdateRegimeRequestObject) (gen.UpdateRegimeResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	g, err := h.regimes.Update(ctx, req.Id, version, regimes.RegimePatch{Name: b.Name, Description: b.Description, Retired: b.Retired})
	if err != nil {
		return nil, err
	}
	return gen.UpdateRegime200JSONResponse{Body: toAPIRegime(g), Headers: gen.UpdateRegime200ResponseHeaders{ETag: etag(g.Version)}}, nil
}

// ListObligations returns every obligation of a case, derived now.
func (h *regimeHandlers) ListObligations(ctx context.Context, req gen.ListObligationsRequestObject) (gen.ListObligationsResponseObject, error) {
	list, err := h.regimes.CaseObligations(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	items := make([]gen.Obligation, len(list))
	for i, o := range list {
		items[i] = toAPIObligation(o)
	}
	return gen.ListObligations200JSONResponse{Body: gen.ObligationList{Items: items}}, nil
}

// CreateObligation records that a regime applies to a case.
func (h *regimeHandlers) CreateObligation(ctx context.Context, req gen.CreateObligationRequestObject) (gen.CreateObligationResponseObject, error) {
	o, err := h.regimes.Add(ctx, req.Id, req.Body.RegimeId)
	if err != nil {
		return nil, err
	}
	return gen.CreateObligation201JSONResponse{Body: toAPIObligation(o)}, nil
}

// UpdateObligationPhase records what was done about one phase.
func (h *regimeHandlers) UpdateObligationPhase(ctx context.Context, req gen.UpdateObligationPhaseRequestObject) (gen.UpdateObligationPhaseResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	p, o, err := h.regimes.UpdatePhase(ctx, req.Id, version, regimes.PhasePatch{SubmittedAt: optional(b.SubmittedAt),
		Reference: b.Reference, DecisionRationale: b.DecisionRationale, DelayReason: b.DelayReason})
	if err != nil {
		return nil, err
	}
	return gen.UpdateObligationPhase200JSONResponse{Body: toAPIObligation(o),
		Headers: gen.UpdateObligationPhase200ResponseHeaders{ETag: etag(p.Version)}}, nil
}

func toDomainRegime(b gen.CreateRegimeRequest) regimes.Regime {
	g := regimes.Regime{Name: b.Name, Description: deref(b.Description), Phases: make([]regimes.PhaseDef, len(b.Phases))}
	for i, p := range b.Phases {
		g.Phases[i] = regimes.PhaseDef{Name: p.Name, Audience: p.Audience, Guidance: deref(p.Guidance), Rule: regimes.Rule{
			Kind: regimes.RuleKind(p.Rule.Kind), Hours: intOf(p.Rule.OffsetHours), Months: intOf(p.Rule.OffsetMonths), AfterPosition: intOf(p.Rule.AfterPhase)}}
	}
	return g
}

// intOf is a nullable number as an int pointer, nil when absent or null.
func intOf(n nullable.Nullable[int32]) *int {
	if !n.IsSpecified() || n.IsNull() {
		return nil
	}
	v := int(n.MustGet())
	return &v
}

func nullableInt(p *int) nullable.Nullable[int32] {
	if p == nil {
		return nullable.NewNullNullable[int32]()
	}
	return nullable.NewNullableWithValue(int32Of(*p))
}

func toAPIRule(r regimes.Rule) gen.PhaseRule {
	return gen.PhaseRule{Kind: gen.RuleKind(r.Kind), OffsetHours: nullableInt(r.Hours), OffsetMonths: nullableInt(r.Months), AfterPhase: nullableInt(r.AfterPosition)}
}

func toAPIRegime(g regimes.Regime) gen.Regime {
	phases := make([]gen.RegimePhase, len(g.Phases))
	for i, p := range g.Phases {
		phases[i] = gen.RegimePhase{Position: int32Of(p.Position), Name: p.Name, Audience: gen.Audience(p.Audience), Rule: toAPIRule(p.Rule),
			RuleText: p.Rule.Describe(), Guidance: p.Guidance}
	}
	return gen.Regime{Id: g.ID, Name: g.Name, Description: g.Description, Phases: phases, Retired: g.RetiredAt != nil,
		RetiredAt: nullableOf(g.RetiredAt), Version: g.Version, CreatedAt: g.CreatedAt}
}

func toAPIObligation(o regimes.Obligation) gen.Obligation {
	phases := make([]gen.ObligationPhase, len(o.Phases))
	for i, p := range o.Phases {
		id := nullable.NewNullNullable[uuid.UUID]()
		if !o.FromCase {
			id = nullable.NewNullableWithValue(p.ID)
		}
		phases[i] = gen.ObligationPhase{Id: id, Position: int32Of(p.Def.Position), Name: p.Def.Name, Audience: gen.Audience(p.Def.Audience),
			Rule: toAPIRule(p.Def.Rule), RuleText: p.Def.Rule.Describe(), Guidance: p.Def.Guidance, DueAt: nullableOf(p.DueAt),
			Status: gen.PhaseStatus(p.Status), SubmittedAt: nullableOf(p.SubmittedAt), Reference: p.Reference,
			DecisionRationale: p.DecisionRationale, DelayReason: p.DelayReason, Late: p.Late(), Version: p.Version}
	}
	id := nullable.NewNullNullable[uuid.UUID]()
	if !o.FromCase {
		id = nullable.NewNullableWithValue(o.ID)
	}
	return gen.Obligation{Id: id, CaseId: o.CaseID, RegimeId: o.RegimeID, RegimeName: o.RegimeName, FromCase: o.FromCase,
		CreatedAt: nullableOf(o.CreatedAt), CreatedById: nullableOf(o.CreatedByID), Phases: phases}
}
