package api

import (
	"context"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/mail"
)

// mailHandlers: the admins' view of mail and the mails' unsubscribe links
// (docs/notifications.md).
type mailHandlers struct{ mail *mail.Service }

// mailService returns the service, or a 503 when the server was built without
// one.
func (h mailHandlers) mailService() (*mail.Service, error) {
	if h.mail == nil {
		return nil, apperr.New(apperr.Unavailable, "mail is not available on this server")
	}
	return h.mail, nil
}

// PreviewMailUnsubscribe says what an unsubscribe link will do.
func (h mailHandlers) PreviewMailUnsubscribe(ctx context.Context, req gen.PreviewMailUnsubscribeRequestObject) (gen.PreviewMailUnsubscribeResponseObject, error) {
	s, err := h.mailService()
	if err != nil {
		return nil, err
	}
	u, err := s.Preview(ctx, req.Params.Token)
	if err != nil {
		return nil, err
	}
	return gen.PreviewMailUnsubscribe200JSONResponse{Body: toAPIUnsubscription(u)}, nil
}

// ApplyMailUnsubscribe does what an unsubscribe link says (RFC 8058).
func (h mailHandlers) ApplyMailUnsubscribe(ctx context.Context, req gen.ApplyMailUnsubscribeRequestObject) (gen.ApplyMailUnsubscribeResponseObject, error) {
	s, err := h.mailService()
	if err != nil {
		return nil, err
	}
	u, err := s.Unsubscribe(ctx, req.Params.Token)
	if err != nil {
		return nil, err
	}
	return gen.ApplyMailUnsubscribe200JSONResponse{Body: toAPIUnsubscription(u)}, nil
}

func toAPIUnsubscription(u mail.Unsubscription) gen.MailUnsubscription {
	return gen.MailUnsubscription{Kind: gen.EventKind(u.Kind), Label: events.Label(u.Kind), Channel: gen.MailUnsubscriptionChannelEmail}
}

// ListMail returns a page of mail, newest first.
func (h mailHandlers) ListMail(ctx context.Context, req gen.ListMailRequestObject) (gen.ListMailResponseObject, error) {
	s, err := h.mailService()
	if err != nil {
		return nil, err
	}
	var after mail.Cursor
	limit, err := pageArgs(req.Params.Limit, req.Params.Cursor, &after)
	if err != nil {
		return nil, err
	}
	f := mail.Filter{Limit: limit}
	if req.Params.Cursor != nil && *req.Params.Cursor != "" {
		f.After = &after
	}
	if req.Params.Status != nil {
		for _, st := range *req.Params.Status {
			f.Status = append(f.Status, string(st))
		}
	}
	ms, more, err := s.List(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]gen.MailMessage, len(ms))
	for i, m := range ms {
		items[i] = toAPIMail(m)
	}
	return gen.ListMail200JSONResponse{Body: gen.MailList{Items: items,
		NextCursor: nextCursor(ms, more, func(m mail.Message) any { return mail.Cursor{CreatedAt: m.CreatedAt, ID: m.ID} })}}, nil
}

// RetryMail sends a failing or undeliverable mail again now.
func (h mailHandlers) RetryMail(ctx context.Context, req gen.RetryMailRequestObject) (gen.RetryMailResponseObject, error) {
	s, err := h.mailService()
	if err != nil {
		return nil, err
	}
	m, err := s.Retry(ctx, req.Id)
	if err != nil {
		return nil, err
	}
	return gen.RetryMail200JSONResponse{Body: toAPIMail(m)}, nil
}

func toAPIMail(m mail.Message) gen.MailMessage {
	var caseID *uuid.UUID
	if id, err := uuid.Parse(m.Event.CaseID); err == nil {
		caseID = &id
	}
	eventID, _ := uuid.Parse(m.EventID)
	return gen.MailMessage{Id: m.ID, Kind: gen.EventKind(m.Kind), EventId: eventID, CaseId: nullableOf(caseID),
		RecipientId: m.UserID, Email: openapi_types.Email(m.Email), Name: m.Name, Digest: gen.MailMessageDigest(m.Digest),
		Status: gen.MailStatus(m.Status), Attempts: m.Attempts, LastError: m.LastError, DueAt: m.DueAt,
		CreatedAt: m.CreatedAt, SentAt: nullableOf(m.SentAt), GiveUpAt: nullableOf(m.GiveUpAt), MessageId: m.MessageID}
}
