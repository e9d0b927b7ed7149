package api

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/identity"
)

// ExportCase renders a case's whole history in the asked format and signs it.
func (h *handlers) ExportCase(ctx context.Context, req gen.ExportCaseRequestObject) (gen.ExportCaseResponseObject, error) {
	format := string(req.Params.Format)
	key, err := h.exportKeys.ExportKey(ctx)
	if err != nil {
		return nil, err
	}
	content, err := h.caseContent(ctx, req.Id, format)
	if err != nil {
		return nil, err
	}
	p := identity.From(ctx)
	m := export.Manifest{Kind: "case", Format: format, CaseID: req.Id.String(), CaseReference: content.Case.Reference,
		ExportedAt: content.ExportedAt, ExporterID: p.UserID.String(), ExporterEmail: p.Email, CasewardVersion: h.version,
		SchemaVersion: export.SchemaVersion}
	var body []byte
	var signed export.Signed
	contentType := map[string]string{"json": "application/json", "csv": "application/zip", "pdf": "application/pdf"}[format]
	switch format {
	case "json":
		body, signed, err = export.JSON(key, m, content)
	case "csv", "pdf":
		render := export.CSV
		if format == "pdf" {
			render = export.PDF
		}
		if body, err = render(content); err == nil {
			signed, err = export.Sign(key, m, body)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("export case %s as %s: %w", req.Id, format, err)
	}
	ext := map[string]string{"json": "json", "csv": "zip", "pdf": "pdf"}[format]
	return blobResponse{body: body, contentType: contentType, headers: signed.Headers(),
		fileName: fmt.Sprintf("%s-%s.%s", content.Case.Reference, content.ExportedAt.Format("20060102T150405Z"), ext)}, nil
}

// caseContent gathers everything about a case for an export, after recording
// the export itself (so the export holds its own audit row and custody events).
func (h *handlers) caseContent(ctx context.Context, id uuid.UUID, format string) (export.Case, error) {
	if _, err := h.cases.Get(ctx, id); err != nil {
		return export.Case{}, err
	}
	if err := h.evidence.RecordCaseExport(ctx, id, format); err != nil {
		return export.Case{}, err
	}
	c, err := h.cases.Get(ctx, id)
	if err != nil {
		return export.Case{}, err
	}
	now := h.cases.Now()
	p := identity.From(ctx)
	out := export.Case{SchemaVersion: export.SchemaVersion, ExportedAt: now.Truncate(time.Second),
		Exporter: export.Person{ID: p.UserID.String(), Email: p.Email}, CasewardVersion: h.version, Case: toAPICase(c, now)}

	suspensions, milestones, err := h.restoration.ForCase(ctx, id)
	if err != nil {
		return export.Case{}, err
	}
	seen := map[uuid.UUID]bool{}
	for _, s := range suspensions {
		out.Suspensions = append(out.Suspensions, toAPISuspension(s, milestones[s.ID], now))
		if !seen[s.ServiceID] {
			seen[s.ServiceID] = true
			svc, err := h.directory.Service(ctx, s.ServiceID)
			if err != nil {
				return export.Case{}, err
			}
			out.Services = append(out.Services, toAPIService(svc))
		}
	}
	items, err := h.evidence.ForCase(ctx, id)
	if err != nil {
		return export.Case{}, err
	}
	for _, it := range items {
		chain, err := h.evidence.Custody(ctx, it.ID)
		if err != nil {
			return export.Case{}, err
		}
		rec := export.EvidenceRecord{Evidence: toAPIEvidence(it)}
		for _, e := range chain {
			rec.Custody = append(rec.Custody, toAPICustody(e))
		}
		out.Evidence = append(out.Evidence, rec)
	}
	for after := uuid.Nil; ; {
		notes, more, err := h.cases.Notes(ctx, id, after, 200)
		if err != nil {
			return export.Case{}, err
		}
		for _, n := range notes {
			out.Notes = append(out.Notes, toAPINote(n))
		}
		if !more {
			break
		}
		after = notes[len(notes)-1].ID
	}
	for before := int64(0); ; {
		events, more, err := h.cases.Timeline(ctx, id, before, 200)
		if err != nil {
			return export.Case{}, err
		}
		for _, e := range events {
			item, err := toAPITimelineItem(e)
			if err != nil {
				return export.Case{}, err
			}
			ae, err := toAPIAuditEvent(e)
			if err != nil {
				return export.Case{}, err
			}
			out.Timeline, out.AuditEvents = append(out.Timeline, item), append(out.AuditEvents, ae)
		}
		if !more {
			break
		}
		before = events[len(events)-1].Seq
	}
	return out, nil
}

// blobResponse sends a finished export with its signature headers.
type blobResponse struct {
	body        []byte
	contentType string
	fileName    string
	headers     map[string]string
}

func (b blobResponse) VisitExportCaseResponse(w http.ResponseWriter) error {
	for k, v := range b.headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", b.contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+b.fileName+`"`)
	w.Header().Set("Content-Length", fmt.Sprint(len(b.body)))
	w.Header().Set("Access-Control-Expose-Headers", "X-Caseward-Manifest, X-Caseward-Signature, X-Caseward-Key-Id, X-Caseward-Key-Fingerprint")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b.body)
	return err
}

// ExportAudit streams the audit log.
func (h *handlers) ExportAudit(ctx context.Context, req gen.ExportAuditRequestObject) (gen.ExportAuditResponseObject, error) {
	p := req.Params
	f := audit.Filter{Action: deref(p.Action), EntityType: deref(p.EntityType), EntityID: deref(p.EntityId)}
	if p.CaseId != nil {
		f.CaseID = p.CaseId.String()
	}
	if p.ActorId != nil {
		f.ActorID = p.ActorId.String()
	}
	if p.From != nil {
		f.From = *p.From
	}
	if p.To != nil {
		f.To = *p.To
	}
	key, err := h.exportKeys.ExportKey(ctx)
	if err != nil {
		return nil, err
	}
	who := identity.From(ctx)
	exporter, err := h.users.Get(ctx, who.UserID)
	if err != nil {
		return nil, fmt.Errorf("audit export: the exporter: %w", err)
	}
	filters := auditFilters(f)
	changes := audit.Changes{"format": {nil, string(p.Format)}}
	for k, v := range filters {
		changes[k] = [2]any{nil, v}
	}
	if err = h.auditRecorder.Record(ctx, audit.Entry{Action: "export.audit", EntityType: "audit", Changes: changes}); err != nil {
		return nil, err
	}
	m := export.Manifest{Kind: "audit", Format: string(p.Format), Filters: filters, ExportedAt: h.cases.Now(), ExporterID: who.UserID.String(),
		ExporterEmail: who.Email, ExporterName: exporter.Name, CasewardVersion: h.version, SchemaVersion: export.SchemaVersion}
	return auditStreamResponse{ctx: ctx, audit: h.audit, filter: f, format: string(p.Format), key: key, manifest: m}, nil
}

// auditStreamResponse writes the audit export as it reads it.
type auditStreamResponse struct {
	ctx      context.Context
	audit    *audit.Service
	filter   audit.Filter
	format   string
	key      export.Key
	manifest export.Manifest
}

func (a auditStreamResponse) VisitExportAuditResponse(w http.ResponseWriter) error {
	h := w.Header()
	h.Set("Content-Type", map[string]string{"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}[a.format])
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="caseward-audit-%s.%s"`, a.manifest.ExportedAt.UTC().Format("20060102T150405Z"), a.format))
	h.Set("Trailer", "X-Caseward-Chain-Valid, X-Caseward-Chain-Checked, X-Caseward-Manifest, X-Caseward-Signature, X-Caseward-Key-Id, X-Caseward-Key-Fingerprint")
	w.WriteHeader(http.StatusOK)
	stream, err := export.NewAuditStream(w, a.format)
	if err != nil {
		return err
	}
	flusher, _ := w.(http.Flusher)
	n := 0
	err = a.audit.Each(a.ctx, a.filter, func(e audit.Event) error {
		if err := stream.Write(e); err != nil {
			return err
		}
		if n++; n%1000 == 0 && flusher != nil {
			if err := stream.Flush(); err != nil {
				return err
			}
			flusher.Flush()
		}
		return nil
	})
	if err != nil {
		return err // the status is sent already: the client sees a cut stream without trailers
	}
	signed, check, err := stream.Close(a.key, a.manifest)
	if err != nil {
		return err
	}
	h.Set("X-Caseward-Chain-Valid", fmt.Sprint(check.Valid))
	h.Set("X-Caseward-Chain-Checked", fmt.Sprint(check.Checked))
	for k, v := range signed.Headers() {
		h.Set(k, v)
	}
	return nil
}

// ListExportKeys publishes the export keys' public halves.
func (h *handlers) ListExportKeys(ctx context.Context, _ gen.ListExportKeysRequestObject) (gen.ListExportKeysResponseObject, error) {
	if _, err := h.exportKeys.ExportKey(ctx); err != nil { // make sure one exists
		return nil, err
	}
	keys, err := h.exportKeys.ExportKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]gen.ExportKey, len(keys))
	for i, k := range keys {
		der, err := x509.MarshalPKIXPublicKey(k.Public)
		if err != nil {
			return nil, fmt.Errorf("encode export key %s: %w", k.ID, err)
		}
		out[i] = gen.ExportKey{Id: k.ID, Algorithm: gen.ExportKeyAlgorithmEd25519, PublicKey: base64.StdEncoding.EncodeToString(k.Public),
			PublicKeyPem: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), Fingerprint: export.Fingerprint(k.Public),
			CreatedAt: k.CreatedAt}
	}
	return gen.ListExportKeys200JSONResponse{Body: gen.ExportKeyList{Items: out}}, nil
}

// auditFilters lists the filters of an audit export that were set, for its
// manifest and its audit row: an export says which range it covers.
func auditFilters(f audit.Filter) map[string]string {
	out := map[string]string{}
	for k, v := range map[string]string{"case_id": f.CaseID, "actor_id": f.ActorID, "action": f.Action, "entity_type": f.EntityType, "entity_id": f.EntityID} {
		if v != "" {
			out[k] = v
		}
	}
	if !f.From.IsZero() {
		out["from"] = f.From.UTC().Format(time.RFC3339)
	}
	if !f.To.IsZero() {
		out["to"] = f.To.UTC().Format(time.RFC3339)
	}
	return out
}
