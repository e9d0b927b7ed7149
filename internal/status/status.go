// Package status is the public status page: what anyone, signed in or not,
// may learn about the services that have a public name, and nothing more.
package status

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
)

// State is a public service's state on the status page.
type State string

// The states. Restored lasts RecentlyRestored after the restoration.
const (
	Operational State = "operational"
	Suspended   State = "suspended"
	Restored    State = "restored"
)

// RecentlyRestored is how long a service reads "restored" after its latest
// suspension ended.
const RecentlyRestored = 30 * 24 * time.Hour

// UpdatesPerService bounds the public updates shown with each service.
const UpdatesPerService = 20

// FeedLength bounds the entries of the Atom feed.
const FeedLength = 50

// Update is a public update as the status page shows it.
type Update struct {
	ID         uuid.UUID
	Body       string
	At         time.Time
	CorrectsAt *time.Time // the time of the public update this one corrects
	Corrected  bool       // a later public update corrects this one
}

// Listing is one public service on the status page, known there by its
// public name only.
type Listing struct {
	PublicName string
	State      State
	Since      *time.Time
	Expected   *time.Time
	Baseline   *time.Time
	Updates    []Update // newest first
}

// Page is the whole status page.
type Page struct {
	GeneratedAt time.Time
	Services    []Listing
}

// FeedEntry is one public update in the Atom feed.
type FeedEntry struct {
	Update
	CorrectsID *uuid.UUID // set with CorrectsAt
	PublicName string
	State      State // the state its suspension gave the service: suspended, or restored once it ended
}

// PublicService is a service with a public name, as the store reads it.
type PublicService struct {
	ID         uuid.UUID
	PublicName string
}

// PublicSuspension is an active or recently restored suspension of a public
// service: its dates only.
type PublicSuspension struct {
	ID          uuid.UUID
	ServiceID   uuid.UUID
	Active      bool
	SuspendedAt time.Time
	Expected    *time.Time
	Baseline    *time.Time
	RestoredAt  *time.Time
}

// PublicUpdate is a public update of such a suspension.
type PublicUpdate struct {
	ID           uuid.UUID
	SuspensionID uuid.UUID
	Body         string
	At           time.Time
	CorrectsID   *uuid.UUID // set only when it corrects a public update of the same suspension
	CorrectsAt   *time.Time
}

// Snapshot is what the store reads for one rendering of the page.
type Snapshot struct {
	Services    []PublicService    // ordered by public name, ignoring case
	Suspensions []PublicSuspension // active, and restored since the time asked
	Updates     []PublicUpdate     // public, at most perSuspension each, newest first
}

// Store is what the status page needs from the database.
type Store interface {
	// StatusSnapshot reads the public services, their active suspensions and
	// those restored at or after restoredSince, and the newest perSuspension
	// public updates of each of those suspensions.
	StatusSnapshot(ctx context.Context, restoredSince time.Time, perSuspension int) (Snapshot, error)
	// StatusFeed reads the newest limit public updates of public services.
	StatusFeed(ctx context.Context, limit int) ([]FeedEntry, error)
}

// Service renders the public status page from the store.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service reading st; now is its clock (time.Now when nil).
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// Now is the Service's clock, for the caches in front of it.
func (s *Service) Now() time.Time { return s.now().UTC() }

// Page reads and derives the status page as of now.
func (s *Service) Page(ctx context.Context) (Page, error) {
	now := s.Now()
	snap, err := s.store.StatusSnapshot(ctx, now.Add(-RecentlyRestored), UpdatesPerService)
	if err != nil {
		return Page{}, err
	}
	return derive(now, snap), nil
}

// Feed reads the newest public updates for the Atom feed.
func (s *Service) Feed(ctx context.Context) ([]FeedEntry, error) {
	entries, err := s.store.StatusFeed(ctx, FeedLength)
	if err != nil {
		return nil, err
	}
	corrected := map[uuid.UUID]bool{}
	for _, e := range entries {
		if e.CorrectsID != nil {
			corrected[*e.CorrectsID] = true
		}
	}
	for i := range entries {
		entries[i].Corrected = corrected[entries[i].ID]
	}
	return entries, nil
}

// derive gives each public service its state from the suspensions read: the
// active one, else the one restored last if that was within RecentlyRestored.
func derive(now time.Time, snap Snapshot) Page {
	current := map[uuid.UUID]PublicSuspension{}
	for _, sp := range snap.Suspensions {
		cur, seen := current[sp.ServiceID]
		switch {
		case sp.Active:
			current[sp.ServiceID] = sp
		case sp.RestoredAt == nil || now.Sub(*sp.RestoredAt) > RecentlyRestored:
		case !seen || (!cur.Active && sp.RestoredAt.After(*cur.RestoredAt)):
			current[sp.ServiceID] = sp
		}
	}
	updates := map[uuid.UUID][]PublicUpdate{}
	corrected := map[uuid.UUID]bool{}
	for _, u := range snap.Updates {
		updates[u.SuspensionID] = append(updates[u.SuspensionID], u)
		if u.CorrectsID != nil {
			corrected[*u.CorrectsID] = true
		}
	}
	page := Page{GeneratedAt: now, Services: make([]Listing, 0, len(snap.Services))}
	for _, ps := range snap.Services {
		l := Listing{PublicName: ps.PublicName, State: Operational, Updates: []Update{}}
		if sp, ok := current[ps.ID]; ok {
			l.Baseline = sp.Baseline
			if sp.Active {
				l.State, l.Since, l.Expected = Suspended, &sp.SuspendedAt, sp.Expected
			} else {
				l.State, l.Since = Restored, sp.RestoredAt
			}
			us := updates[sp.ID]
			slices.SortFunc(us, func(a, b PublicUpdate) int {
				if c := b.At.Compare(a.At); c != 0 {
					return c
				}
				return slices.Compare(b.ID[:], a.ID[:])
			})
			for _, u := range us[:min(len(us), UpdatesPerService)] {
				l.Updates = append(l.Updates, Update{ID: u.ID, Body: u.Body, At: u.At, CorrectsAt: u.CorrectsAt, Corrected: corrected[u.ID]})
			}
		}
		page.Services = append(page.Services, l)
	}
	return page
}
