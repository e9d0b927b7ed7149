package api

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/caseward/caseward/api/contract"
	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/identity"
)

// maxFormField bounds each non-file part of an upload.
const maxFormField = 64 << 10

// ListCaseEvidence lists a case's items.
func (h *evidenceHandlers) ListCaseEvidence(ctx context.Context, req gen.ListCaseEvidenceRequestObject) (gen.ListCaseEvidenceResponseObject, error) {
	items, err := h.evidence.ForCase(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	out := make([]gen.Evidence, len(items))
	for i, it := range items {
		out[i] = toAPIEvidence(it)
	}
	return gen.ListCaseEvidence200JSONResponse{Body: gen.EvidenceList{Items: out}}, nil
}

// AddEvidence reads the multipart upload part by part: fields into memory
// (bounded), the file straight into the blob store.
func (h *evidenceHandlers) AddEvidence(ctx context.Context, req gen.AddEvidenceRequestObject) (gen.AddEvidenceResponseObject, error) {
	if err := h.evidence.CheckCase(ctx, req.Id); err != nil {
		return nil, err
	}
	fields := map[string]string{}
	var file *evidence.Received
	defer func() { file.Discard() }()
	for {
		part, err := req.Body.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadError(err)
		}
		name := part.FormName()
		if name == "file" {
			if file != nil {
				return nil, apperr.Invalidf([]apperr.FieldError{{Field: "file", Message: "send one file per item"}}, "two files")
			}
			if file, err = h.evidence.Receive(ctx, part.FileName(), part); err != nil {
				return nil, uploadError(err)
			}
			continue
		}
		value, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil {
			return nil, uploadError(err)
		}
		if len(value) > maxFormField {
			return nil, apperr.Invalidf([]apperr.FieldError{{Field: name, Message: "is too long"}}, "field too long")
		}
		fields[name] = string(value)
	}
	it, err := evidenceFromForm(req.Id, fields)
	if err != nil {
		return nil, err
	}
	created, err := h.evidence.Add(ctx, it, file, fields["sha256"])
	file = nil // Add owns it now
	if err != nil {
		return nil, err
	}
	return gen.AddEvidence201JSONResponse{Body: toAPIEvidence(created), Headers: gen.AddEvidence201ResponseHeaders{ETag: etag(created.Version)}}, nil
}

var knownUploadFields = map[string]bool{"title": true, "kind": true, "description": true, "source": true, "collected_at": true, "sha256": true}

func evidenceFromForm(caseID [16]byte, fields map[string]string) (evidence.Item, error) {
	for name := range fields {
		if !knownUploadFields[name] {
			return evidence.Item{}, apperr.New(apperr.Malformed, fmt.Sprintf("unknown form field %q", name))
		}
	}
	if err := contract.CheckUpload(fields); err != nil {
		return evidence.Item{}, err
	}
	it := evidence.Item{CaseID: caseID, Title: fields["title"], Kind: evidence.Kind(fields["kind"]),
		Description: fields["description"], Source: fields["source"]}
	if v := fields["collected_at"]; v != "" {
		t, err := time.Parse(time.RFC3339, v) // CheckUpload has checked its form and years
		if err != nil {
			return evidence.Item{}, fmt.Errorf("read collected_at: %w", err)
		}
		it.CollectedAt = t.UTC()
	}
	return it, nil
}

// uploadError maps errors of reading the request body: the body limit is a 413,
// a broken multipart body a 400; errors of our own pass through.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	var ae *apperr.Error
	switch {
	case errors.As(err, &tooBig):
		return evidence.ErrTooLarge
	case errors.As(err, &ae):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, multipart.ErrMessageTooLarge):
		return apperr.Wrap(apperr.Malformed, "the upload was cut short or is not valid multipart", err)
	default:
		return apperr.Wrap(apperr.Malformed, "the upload is not valid multipart", err)
	}
}

// GetEvidence returns one item.
func (h *evidenceHandlers) GetEvidence(ctx context.Context, req gen.GetEvidenceRequestObject) (gen.GetEvidenceResponseObject, error) {
	it, err := h.evidence.Get(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.GetEvidence200JSONResponse{Body: toAPIEvidence(it), Headers: gen.GetEvidence200ResponseHeaders{ETag: etag(it.Version)}}, nil
}

// UpdateEvidence corrects an item's metadata.
func (h *evidenceHandlers) UpdateEvidence(ctx context.Context, req gen.UpdateEvidenceRequestObject) (gen.UpdateEvidenceResponseObject, error) {
	version, err := ifMatch(req.Params.IfMatch)
	if err != nil {
		return nil, err
	}
	b := req.Body
	it, err := h.evidence.Correct(ctx, req.Id, version, evidence.MetadataPatch{Title: b.Title, Kind: (*evidence.Kind)(b.Kind),
		Description: b.Description, Source: b.Source, CollectedAt: b.CollectedAt})
	if err != nil {
		return nil, err
	}
	return gen.UpdateEvidence200JSONResponse{Body: toAPIEvidence(it), Headers: gen.UpdateEvidence200ResponseHeaders{ETag: etag(it.Version)}}, nil
}

// DownloadEvidence streams an item's file, with range support.
func (h *evidenceHandlers) DownloadEvidence(ctx context.Context, req gen.DownloadEvidenceRequestObject) (gen.DownloadEvidenceResponseObject, error) {
	r := httpRequest(ctx)
	content, err := h.evidence.Open(ctx, req.Id, deref(req.Params.Purpose), r.Header.Get("Range") != "")
	var ie *evidence.IntegrityError
	if errors.As(err, &ie) {
		alertIntegrity(h.log, ie, identity.From(ctx).RequestID)
	}
	if err != nil {
		return nil, err
	}
	return fileResponse{content: content, request: r, log: h.log}, nil
}

// alertIntegrity tells the administrators, through the log, that evidence
// was found missing or altered.
func alertIntegrity(log *slog.Logger, ie *evidence.IntegrityError, requestID string) {
	log.Error("EVIDENCE INTEGRITY FAILURE: restore the file from a trusted copy",
		"evidence_id", ie.EvidenceID, "case_id", ie.CaseID, "expected_sha256", ie.Expected, "actual_sha256", ie.Actual,
		"missing", ie.Actual == "", "request_id", requestID)
}

// fileResponse serves a file with http.ServeContent, which answers Range and
// conditional requests.
type fileResponse struct {
	content evidence.Content
	request *http.Request
	log     *slog.Logger
}

// VisitDownloadEvidenceResponse sends the file with its Content-Length. When
// the bytes turn out not to match the item's hash, the last read fails, so
// fewer bytes than announced were sent, and the handler aborts: the server
// closes the connection without completing the response, which every HTTP
// client reports as a truncated body.
func (f fileResponse) VisitDownloadEvidenceResponse(w http.ResponseWriter) error {
	defer func() { _ = f.content.Reader.Close() }() // only read
	file := f.content.Item.File
	sum, _ := hex.DecodeString(file.SHA256)
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": file.Name}))
	h.Set("X-Content-SHA256", file.SHA256)
	h.Set("Digest", "sha-256="+base64.StdEncoding.EncodeToString(sum))
	h.Set("ETag", `"sha256-`+file.SHA256+`"`)
	h.Set("Cache-Control", "no-store")
	http.ServeContent(w, f.request, "", f.content.Item.CreatedAt, f.content.Reader)
	if ie := f.content.Failure(); ie != nil {
		alertIntegrity(f.log, ie, identity.From(f.request.Context()).RequestID)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// VerifyEvidence re-hashes an item's stored file.
func (h *evidenceHandlers) VerifyEvidence(ctx context.Context, req gen.VerifyEvidenceRequestObject) (gen.VerifyEvidenceResponseObject, error) {
	res, err := h.evidence.Verify(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.VerifyEvidence200JSONResponse{Body: gen.EvidenceVerifyResult{Ok: res.OK, ExpectedSha256: res.Expected, ActualSha256: nullableString(res.Actual), VerifiedAt: res.VerifiedAt}}, nil
}

// ListCustody returns an item's chain of custody.
func (h *evidenceHandlers) ListCustody(ctx context.Context, req gen.ListCustodyRequestObject) (gen.ListCustodyResponseObject, error) {
	events, err := h.evidence.Custody(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	out := make([]gen.CustodyEvent, len(events))
	for i, e := range events {
		out[i] = toAPICustody(e)
	}
	return gen.ListCustody200JSONResponse{Body: gen.CustodyList{Items: out}}, nil
}

// RecordCustody adds a custody event.
func (h *evidenceHandlers) RecordCustody(ctx context.Context, req gen.RecordCustodyRequestObject) (gen.RecordCustodyResponseObject, error) {
	b := req.Body
	ev := evidence.CustodyEvent{EvidenceID: req.Id, Action: evidence.Action(b.Action), FromParty: deref(b.FromParty), ToParty: deref(b.ToParty),
		Location: deref(b.Location), Purpose: deref(b.Purpose), TimeZone: deref(b.TimeZone), Note: deref(b.Note)}
	if b.OccurredAt != nil {
		ev.OccurredAt = b.OccurredAt.UTC()
	}
	recorded, err := h.evidence.Record(ctx, ev)
	if err != nil {
		return nil, err
	}
	return gen.RecordCustody201JSONResponse{Body: toAPICustody(recorded)}, nil
}

func toAPIEvidence(it evidence.Item) gen.Evidence {
	out := gen.Evidence{
		Id: it.ID, CaseId: it.CaseID, Title: it.Title, Kind: gen.EvidenceKind(it.Kind), Description: it.Description, Source: it.Source,
		CollectedAt: it.CollectedAt, CollectedById: it.CollectedByID, LastVerifiedAt: nullableOf(it.LastVerifiedAt),
		LastVerifiedOk: nullableOf(it.LastVerifiedOK), Version: it.Version,
		FileName: nullableOf[string](nil), FileSize: nullableOf[int64](nil), Sha256: nullableOf[string](nil), ContentType: nullableOf[string](nil),
	}
	if f := it.File; f != nil {
		out.FileName, out.FileSize, out.Sha256, out.ContentType = nullableOf(&f.Name), nullableOf(&f.Size), nullableOf(&f.SHA256), nullableOf(&f.ContentType)
	}
	return out
}

func toAPICustody(e evidence.CustodyEvent) gen.CustodyEvent {
	return gen.CustodyEvent{Id: e.ID, EvidenceId: e.EvidenceID, Action: gen.CustodyAction(e.Action), ActorId: e.ActorID, FromParty: e.FromParty,
		ToParty: e.ToParty, Location: e.Location, Purpose: e.Purpose, OccurredAt: e.OccurredAt, TimeZone: e.TimeZone, Note: e.Note}
}
