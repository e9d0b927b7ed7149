// Package views holds the views of the cases list people save: a name and the
// list's query string (its filters and sort), each person's own.
package views

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/text"
)

// View is one saved view.
type View struct {
	ID        uuid.UUID
	UserID    uuid.UUID
	Name      string
	Query     string
	CreatedAt time.Time
}

// The limits of a view.
const (
	MaxPerUser  = 50
	MaxName     = 100
	MaxQueryLen = 2000
)

// Store is what saved views need from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// CreateView stores v unless its user already has max views (a 422) or
	// one of the same name, ignoring case (a 409).
	CreateView(ctx context.Context, v View, max int) (View, error)
	// ListViews returns userID's views by name.
	ListViews(ctx context.Context, userID uuid.UUID) ([]View, error)
	// DeleteView deletes userID's view id and returns it; another's is not found.
	DeleteView(ctx context.Context, userID, id uuid.UUID) (View, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the saved views' use cases; each acts on the caller's own views.
type Service struct {
	store Store
	audit Recorder
}

// New returns the service.
func New(store Store, audit Recorder) *Service { return &Service{store: store, audit: audit} }

// List returns the caller's views, by name.
func (s *Service) List(ctx context.Context) ([]View, error) {
	return s.store.ListViews(ctx, identity.From(ctx).UserID)
}

// Create saves a view named name of the list query (a query string without
// its "?"), reporting every invalid field at once.
func (s *Service) Create(ctx context.Context, name, query string) (View, error) {
	name, query = strings.TrimSpace(name), strings.TrimPrefix(strings.TrimSpace(query), "?")
	var fields []apperr.FieldError
	if name == "" || utf8.RuneCountInString(name) > MaxName || !text.OneLine(name) {
		fields = append(fields, apperr.FieldError{Field: "name", Message: "Name is required: one line of at most 100 characters."})
	}
	if _, err := url.ParseQuery(query); err != nil || len(query) > MaxQueryLen || !text.OneLine(query) {
		fields = append(fields, apperr.FieldError{Field: "query", Message: "Query must be a list's query string of at most 2000 characters."})
	}
	if len(fields) > 0 {
		return View{}, apperr.Invalidf(fields, "invalid view")
	}
	var created View
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		created, err = s.store.CreateView(ctx, View{ID: uuid.Must(uuid.NewV7()), UserID: identity.From(ctx).UserID, Name: name, Query: query}, MaxPerUser)
		if apperr.Is(err, apperr.Conflict) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "name", Message: "You already have a view with this name."}}, "view name already in use")
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "view.create", EntityType: "view", EntityID: created.ID.String(),
			Changes: audit.Changes{"name": {nil, name}, "query": {nil, query}}})
	})
	return created, err
}

// Delete removes the caller's view id; anyone else's is not found.
func (s *Service) Delete(ctx context.Context, id uuid.UUID) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := s.store.DeleteView(ctx, identity.From(ctx).UserID, id)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "view.delete", EntityType: "view", EntityID: v.ID.String(),
			Changes: audit.Changes{"name": {v.Name, nil}, "query": {v.Query, nil}}})
	})
}
