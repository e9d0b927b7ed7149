package api

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/identity"
)

// ExportCase renders a case's whole history in the asked format and signs it:
// the export use case does the work; this converts its answer.
func (h *exportHandlers) ExportCase(ctx context.Context, req gen.ExportCaseRequestObject) (gen.ExportCaseResponseObject, error) {
	includeRed := req.Params.IncludeRed != nil && *req.Params.IncludeRed
	f, err := h.exports.ExportCase(ctx, req.Id, string(req.Params.Format), includeRed)
	if err != nil {
		return nil, err
	}
	headers := maps.Clone(f.Headers)
	headers["X-Caseward-Withheld"] = strconv.Itoa(f.Withheld)
	return blobResponse{body: f.Body, contentType: f.ContentType, headers: headers, fileName: f.Name}, nil
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
	w.Header().Set("Access-Control-Expose-Headers", "X-Caseward-Manifest, X-Caseward-Signature, X-Caseward-Key-Id, X-Caseward-Key-Fingerprint, X-Caseward-Withheld")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b.body)
	return err
}

// ExportAudit streams the audit log.
func (h *auditHandlers) ExportAudit(ctx context.Context, req gen.ExportAuditRequestObject) (gen.ExportAuditResponseObject, error) {
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
	m := export.Manifest{Kind: "audit", Format: string(p.Format), Filters: filters, ExportedAt: h.now(), ExporterID: who.UserID.String(),
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
	// CSV goes in a signed zip (audit_events.csv, then SIGNATURE.json), so that
	// a browser, which never sees trailers, saves the signature with it.
	ext, contentType := "jsonl", "application/x-ndjson"
	if a.format == "csv" {
		ext, contentType = "zip", "application/zip"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="caseward-audit-%s.%s"`, a.manifest.ExportedAt.UTC().Format("20060102T150405Z"), ext))
	h.Set("Trailer", "X-Caseward-Chain-Valid, X-Caseward-Chain-Checked, X-Caseward-Manifest, X-Caseward-Signature, X-Caseward-Key-Id, X-Caseward-Key-Fingerprint")
	w.WriteHeader(http.StatusOK)
	var stream *export.AuditStream
	var err error
	if a.format == "csv" {
		stream, err = export.NewAuditZip(w, a.manifest.ExportedAt)
	} else {
		stream, err = export.NewAuditStream(w, a.format)
	}
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
func (h *exportHandlers) ListExportKeys(ctx context.Context, _ gen.ListExportKeysRequestObject) (gen.ListExportKeysResponseObject, error) {
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
