package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
)

// ListAuditEvents returns one page of the trail, newest first.
func (h *auditHandlers) ListAuditEvents(ctx context.Context, req gen.ListAuditEventsRequestObject) (gen.ListAuditEventsResponseObject, error) {
	p := req.Params
	var before int64
	limit, err := pageArgs(p.Limit, p.Cursor, &before)
	if err != nil {
		return nil, err
	}
	f := audit.Filter{BeforeSeq: before, Limit: limit}
	if p.CaseId != nil {
		f.CaseID = p.CaseId.String()
	}
	if p.ActorId != nil {
		f.ActorID = p.ActorId.String()
	}
	f.Action, f.EntityType, f.EntityID, f.Text = deref(p.Action), deref(p.EntityType), deref(p.EntityId), deref(p.Q)
	if p.From != nil {
		f.From = *p.From
	}
	if p.To != nil {
		f.To = *p.To
	}
	events, more, err := h.audit.List(ctx, f)
	if err != nil {
		return nil, err
	}
	names, err := h.audit.Names(ctx, events)
	if err != nil {
		return nil, err
	}
	items := make([]gen.AuditEvent, len(events))
	for i, e := range events {
		if items[i], err = toAPIAuditEvent(e); err != nil {
			return nil, err
		}
		items[i].EntityName = present(audit.EntityName(e, names))
		items[i].CaseReference = present(names.Cases[uuidOrNil(e.CaseID)])
	}
	return gen.ListAuditEvents200JSONResponse{Body: gen.AuditEventList{Items: items, NextCursor: nextCursor(events, more, func(e audit.Event) any { return e.Seq })}}, nil
}

// VerifyAuditChain walks the whole chain and records the walk for My work.
func (h *auditHandlers) VerifyAuditChain(ctx context.Context, _ gen.VerifyAuditChainRequestObject) (gen.VerifyAuditChainResponseObject, error) {
	verify := h.audit.Verify
	if h.verifications != nil {
		verify = func(ctx context.Context) (audit.VerifyResult, error) {
			return h.audit.VerifyAndRecord(ctx, h.verifications)
		}
	}
	res, err := verify(ctx)
	if err != nil {
		return nil, err
	}
	return gen.VerifyAuditChain200JSONResponse{Body: gen.AuditVerifyResult{Valid: res.Valid, Checked: res.Checked, FirstInvalidSeq: nullableOf(res.FirstInvalidSeq)}}, nil
}

func toAPIAuditEvent(e audit.Event) (gen.AuditEvent, error) {
	changes := map[string][]any{}
	if err := json.Unmarshal(e.Changes, &changes); err != nil {
		return gen.AuditEvent{}, fmt.Errorf("audit event %d: changes: %w", e.Seq, err)
	}
	return gen.AuditEvent{
		Seq:        e.Seq,
		OccurredAt: e.OccurredAt,
		ActorId:    nullableUUID(e.ActorID),
		ActorEmail: nullableString(e.ActorEmail),
		Action:     e.Action,
		EntityType: e.EntityType,
		EntityId:   nullableString(e.EntityID),
		CaseId:     nullableUUID(e.CaseID),
		RequestId:  nullableString(e.RequestID),
		Ip:         nullableString(e.IP),
		Changes:    changes,
		PrevHash:   e.PrevHash,
		Hash:       e.Hash,
	}, nil
}

func nullableUUID(s string) nullable.Nullable[uuid.UUID] {
	id, err := uuid.Parse(s)
	if err != nil {
		return nullable.NewNullNullable[uuid.UUID]()
	}
	return nullable.NewNullableWithValue(id)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// present is s, or absent when empty.
func present(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// uuidOrNil parses s, or is the nil UUID (which names nothing).
func uuidOrNil(s string) uuid.UUID {
	id, _ := uuid.Parse(s)
	return id
}
