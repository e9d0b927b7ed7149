package live

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
)

// fakeOutbox is an outbox in memory that counts the audience look-ups.
type fakeOutbox struct {
	mu        sync.Mutex
	evs       []events.Event
	audiences map[uuid.UUID]cases.Audience
	lookups   int
	bus       *events.Bus
}

func newFake() *fakeOutbox {
	return &fakeOutbox{audiences: map[uuid.UUID]cases.Audience{}, bus: events.NewBus()}
}

func (f *fakeOutbox) EventsAfter(_ context.Context, seq int64, limit int) ([]events.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []events.Event
	for _, e := range f.evs {
		if e.Seq > seq && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (f *fakeOutbox) LastEventSeq(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.evs) == 0 {
		return 0, nil
	}
	return f.evs[len(f.evs)-1].Seq, nil
}

func (f *fakeOutbox) CaseAudiences(_ context.Context, ids []uuid.UUID) (map[uuid.UUID]cases.Audience, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	out := map[uuid.UUID]cases.Audience{}
	for _, id := range ids {
		if a, ok := f.audiences[id]; ok {
			out[id] = a
		}
	}
	return out, nil
}

func (f *fakeOutbox) Outbox() *events.Bus { return f.bus }

func (f *fakeOutbox) add(e events.Event) events.Event {
	f.mu.Lock()
	e.Seq = int64(len(f.evs) + 1)
	if e.ID == "" {
		e.ID = uuid.NewString()
	}
	if e.OccurredAt.IsZero() {
		e.OccurredAt = time.Now()
	}
	if e.Kind == "" {
		e.Kind = events.Changed
	}
	f.evs = append(f.evs, e)
	f.mu.Unlock()
	f.bus.Notify()
	return e
}

func startHub(t *testing.T, f *fakeOutbox, opts Options) *Hub {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h := New(f, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

func receive(t *testing.T, c *Client) Message {
	t.Helper()
	select {
	case m := <-c.Events():
		return m
	case <-time.After(2 * time.Second):
		t.Fatal("no event")
		return Message{}
	}
}

// A client that does not read is dropped once its buffer is full; the others
// get every event, and the hub reads the audiences once per batch (here one
// event each), however many clients there are.
func TestSlowClientIsDroppedAndOthersGetEverything(t *testing.T) {
	f := newFake()
	caseID := uuid.New()
	f.audiences[caseID] = cases.Audience{}
	h := startHub(t, f, Options{Buffer: 3, Poll: time.Hour})
	ctx := context.Background()
	admin := Viewer{Scope: cases.Scope{All: true}, Admin: true}
	slow, err := h.Subscribe(ctx, admin, 0)
	if err != nil {
		t.Fatal(err)
	}
	var fast []*Subscription
	for range 5 {
		s, err := h.Subscribe(ctx, admin, 0)
		if err != nil {
			t.Fatal(err)
		}
		fast = append(fast, s)
	}
	for i := range 10 {
		f.add(events.Event{CaseID: caseID.String(), EntityType: "case"})
		for _, s := range fast {
			if m := receive(t, s.Client); m.Seq != int64(i+1) {
				t.Fatalf("event %d arrived as %d", i+1, m.Seq)
			}
		}
	}
	select {
	case <-slow.Dropped():
	default:
		t.Fatal("the slow client was not dropped")
	}
	if h.Clients() != 5 {
		t.Fatalf("%d clients, want 5", h.Clients())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lookups != 10 {
		t.Fatalf("%d audience reads for 10 batches and 6 clients, want 10", f.lookups)
	}
}

// Need-to-know per event: a restricted case's events reach its people and
// those who see everything; notices about users and deliveries reach admins;
// directory changes reach everyone.
func TestAudience(t *testing.T) {
	f := newFake()
	owner, other, dept := uuid.New(), uuid.New(), uuid.New()
	restricted := uuid.New()
	f.audiences[restricted] = cases.Audience{Restricted: true, People: []uuid.UUID{owner}, Departments: []uuid.UUID{dept}}
	admin := Viewer{Scope: cases.Scope{All: true, UserID: uuid.New()}, Admin: true}
	auditor := Viewer{Scope: cases.Scope{All: true, UserID: uuid.New()}}
	ownerV := Viewer{Scope: cases.Scope{UserID: owner}}
	otherV := Viewer{Scope: cases.Scope{UserID: other}}
	head := Viewer{Scope: cases.Scope{UserID: uuid.New(), DepartmentID: &dept}}
	for _, tc := range []struct {
		e    events.Event
		want map[string]bool
	}{
		{events.Event{CaseID: restricted.String(), EntityType: "note"}, map[string]bool{"admin": true, "auditor": true, "owner": true}},
		{events.Event{CaseID: uuid.NewString(), EntityType: "case"}, map[string]bool{"admin": true, "auditor": true}}, // gone
		{events.Event{EntityType: "user"}, map[string]bool{"admin": true}},
		{events.Event{EntityType: "webhook", Kind: events.WebhookDisabled}, map[string]bool{"admin": true}},
		{events.Event{EntityType: "mail", Kind: events.MailUndeliverable}, map[string]bool{"admin": true}},
		{events.Event{EntityType: "service"}, map[string]bool{"admin": true, "auditor": true, "owner": true, "other": true, "head": true}},
		{events.Event{EntityType: "regime"}, map[string]bool{"admin": true, "auditor": true, "owner": true, "other": true, "head": true}},
	} {
		sees := Audience(tc.e, f.audiences)
		for name, v := range map[string]Viewer{"admin": admin, "auditor": auditor, "owner": ownerV, "other": otherV, "head": head} {
			if sees(v) != tc.want[name] {
				t.Errorf("%s event %s: %s sees %v", tc.e.EntityType, tc.e.CaseID, name, sees(v))
			}
		}
	}
}

// A resume replays after the id, then live events follow without a gap or a
// duplicate; the replay leaves out what the viewer may not see.
func TestResumeReplaysThenGoesLive(t *testing.T) {
	f := newFake()
	hidden := uuid.New()
	f.audiences[hidden] = cases.Audience{Restricted: true}
	for range 3 {
		f.add(events.Event{EntityType: "service"})
	}
	f.add(events.Event{CaseID: hidden.String(), EntityType: "case"})
	f.add(events.Event{EntityType: "department"})
	h := startHub(t, f, Options{Poll: 10 * time.Millisecond})
	s, err := h.Subscribe(context.Background(), Viewer{Scope: cases.Scope{UserID: uuid.New()}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, m := range s.Replay {
		got = append(got, m.Seq)
	}
	if len(got) != 2 || got[0] != 3 || got[1] != 5 || s.Reset {
		t.Fatalf("replayed %v (reset %v), want [3 5]", got, s.Reset)
	}
	f.add(events.Event{EntityType: "service"})
	if m := receive(t, s.Client); m.Seq != 6 || !strings.HasPrefix(string(m.Data), "id: 6\nevent: changed\ndata: {") {
		t.Fatalf("live: %d %q", m.Seq, m.Data)
	}
	old, err := h.Subscribe(context.Background(), Viewer{Scope: cases.Scope{All: true}}, 7)
	if err != nil || !old.Reset {
		t.Fatalf("an id from the future: reset %v, %v", old != nil && old.Reset, err)
	}
}
