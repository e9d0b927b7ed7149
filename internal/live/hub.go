// Package live fans the outbox out to the event-stream clients of one
// replica (GET /api/v1/events). One Hub per replica tails the outbox from its
// head, woken by the in-process Bus (fed, on PostgreSQL, by store.ListenOutbox
// with the other replicas' commits) and a short poll; it decides need-to-know once per
// event and hands each client the events its caller may see, encoded once.
// A client that cannot keep up is dropped, never waited for.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
)

// Source is what the hub reads: the outbox and who may see a case (the store).
type Source interface {
	EventsAfter(ctx context.Context, seq int64, limit int) ([]events.Event, error)
	LastEventSeq(ctx context.Context) (int64, error)
	// CaseAudiences returns who may see each case of ids that exists.
	CaseAudiences(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]cases.Audience, error)
	Outbox() *events.Bus
}

// Options tune a Hub; the zero value takes the defaults.
type Options struct {
	Poll      time.Duration // how often the outbox is read without a signal (1 s)
	Buffer    int           // events a client may have waiting before it is dropped (256)
	ResumeFor time.Duration // how old a Last-Event-ID may be and still resume (5 min)
	MaxReplay int           // most events a resume replays before it resets instead (10 000)
	PerUser   int           // most streams one user may hold open; 0: no limit
}

func (o *Options) defaults() {
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Buffer <= 0 {
		o.Buffer = 256
	}
	if o.ResumeFor <= 0 {
		o.ResumeFor = 5 * time.Minute
	}
	if o.MaxReplay <= 0 {
		o.MaxReplay = 10_000
	}
}

const batch = 500

// Hub is the fan-out of one replica.
type Hub struct {
	src  Source
	log  *slog.Logger
	opts Options
	now  func() time.Time

	mu      sync.Mutex
	head    int64 // the newest seq handed to the clients
	clients map[*Client]struct{}
	perUser map[uuid.UUID]int
	started bool
	done    chan struct{} // closed when Run ends
}

// New returns a hub reading src; Run starts it.
func New(src Source, log *slog.Logger, opts Options) *Hub {
	opts.defaults()
	return &Hub{src: src, log: log, opts: opts, now: time.Now, clients: map[*Client]struct{}{}, perUser: map[uuid.UUID]int{}, done: make(chan struct{})}
}

// Message is one server-sent event, encoded.
type Message struct {
	Seq  int64
	Data []byte // the whole SSE message: id, event and data lines and the blank line
}

// Viewer is who a client is, for need-to-know.
type Viewer struct {
	Scope cases.Scope
	Admin bool
}

// ViewerOf returns the Viewer of a signed-in principal.
func ViewerOf(p identity.Principal) Viewer {
	return Viewer{Scope: cases.ScopeFor(p), Admin: p.Role == "admin"}
}

// Client is one open event stream.
type Client struct {
	viewer  Viewer
	after   int64 // events up to here are the replay's, not the hub's
	ch      chan Message
	dropped chan struct{}
	drop    sync.Once
}

// Events delivers the live events, in order.
func (c *Client) Events() <-chan Message { return c.ch }

// Dropped is closed when the hub gave up on the client (its buffer filled,
// or the hub stopped).
func (c *Client) Dropped() <-chan struct{} { return c.dropped }

func (c *Client) close() { c.drop.Do(func() { close(c.dropped) }) }

// remove forgets c; call it with h.mu held.
func (h *Hub) remove(c *Client) {
	if _, ok := h.clients[c]; !ok {
		return
	}
	delete(h.clients, c)
	u := c.viewer.Scope.UserID
	if h.perUser[u]--; h.perUser[u] <= 0 {
		delete(h.perUser, u)
	}
}

// Done is closed when the hub stops.
func (h *Hub) Done() <-chan struct{} { return h.done }

// Head returns the newest seq handed to the clients.
func (h *Hub) Head() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.head
}

// Clients returns how many streams are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Start reads the outbox's head, so that the streams opened from now on
// begin there, and runs the hub until ctx ends.
func (h *Hub) Start(ctx context.Context) error {
	sig, stop := h.src.Outbox().Subscribe() // before the head is read: no commit after it goes unsignalled
	head, err := h.src.LastEventSeq(ctx)
	if err != nil {
		stop()
		return err
	}
	h.mu.Lock()
	h.head, h.started = head, true
	h.mu.Unlock()
	go h.run(ctx, sig, stop)
	return nil
}

func (h *Hub) run(ctx context.Context, sig <-chan struct{}, stop func()) {
	defer stop()
	tick := time.NewTicker(h.opts.Poll)
	defer tick.Stop()
	defer func() {
		h.mu.Lock()
		close(h.done) // first: the streams see the hub stopped, not a client dropped
		for c := range h.clients {
			c.close()
			h.remove(c)
		}
		h.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sig:
		case <-tick.C:
		}
		if err := h.catchUp(ctx); err != nil && ctx.Err() == nil {
			h.log.Warn("live updates: read the outbox", "err", err)
		}
	}
}

// catchUp hands every event after head to the clients that may see it.
func (h *Hub) catchUp(ctx context.Context) error {
	for {
		h.mu.Lock()
		head := h.head
		h.mu.Unlock()
		evs, err := h.src.EventsAfter(ctx, head, batch)
		if err != nil {
			return err
		}
		// Who may see a case is read once a batch, and only with someone to
		// tell: a hub that falls behind reads bigger batches, so it catches
		// up rather than fall further.
		var auds map[uuid.UUID]cases.Audience
		for _, e := range evs {
			h.mu.Lock()
			idle := len(h.clients) == 0
			if idle { // nobody to tell: no need to ask who may see it
				h.head = e.Seq
			}
			h.mu.Unlock()
			if idle {
				continue
			}
			if auds == nil {
				if auds, err = h.audiences(ctx, evs); err != nil {
					return err
				}
			}
			sees := Audience(e, auds)
			msg := Message{Seq: e.Seq, Data: Encode(e)}
			h.mu.Lock()
			for c := range h.clients {
				if e.Seq <= c.after || !sees(c.viewer) {
					continue
				}
				select {
				case c.ch <- msg:
				default: // it fell behind: it refetches rather than holds everyone up
					c.close()
					h.remove(c)
				}
			}
			h.head = e.Seq
			h.mu.Unlock()
		}
		if len(evs) < batch {
			return nil
		}
	}
}

// adminOnly lists what events without a case tell admins only.
var adminOnly = map[string]bool{"user": true, "session": true, "webhook": true, "mail": true, "export_key": true, "settings": true}

// audiences reads who may see each case evs are about, in one go.
func (h *Hub) audiences(ctx context.Context, evs []events.Event) (map[uuid.UUID]cases.Audience, error) {
	ids := events.CaseIDs(evs)
	if len(ids) == 0 {
		return map[uuid.UUID]cases.Audience{}, nil
	}
	auds, err := h.src.CaseAudiences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("who may see the cases of events %d-%d: %w", evs[0].Seq, evs[len(evs)-1].Seq, err)
	}
	return auds, nil
}

// Audience returns who may see e, given auds, the audiences of the cases of
// its batch (a case not there is gone): for an event of a case, those who
// may see the case now; notices about users, webhooks and mail, admins; the
// rest (services, departments, regimes, playbooks), every signed-in user.
func Audience(e events.Event, auds map[uuid.UUID]cases.Audience) func(Viewer) bool {
	admins := func(v Viewer) bool { return v.Admin }
	if events.ForAdmins(e.Kind) {
		return admins
	}
	if e.CaseID != "" {
		id, err := uuid.Parse(e.CaseID)
		if err != nil {
			return admins
		}
		a, ok := auds[id]
		if !ok {
			return func(v Viewer) bool { return v.Scope.All }
		}
		return func(v Viewer) bool { return a.Sees(v.Scope) }
	}
	if adminOnly[e.EntityType] {
		return admins
	}
	return func(Viewer) bool { return true }
}

// ErrTooMany says the user holds as many streams open as Options.PerUser allows.
var ErrTooMany = errors.New("too many open event streams")

// Subscription is an open stream: the events to replay first, then Client's.
type Subscription struct {
	*Client
	Replay []Message
	Reset  bool  // the client must refetch: its Last-Event-ID is too old or unknown
	Head   int64 // where the live events begin
}

// Subscribe opens a stream for v resuming after lastID (0: from now on).
// Events after lastID are replayed from the outbox, then the live ones follow,
// in order and without duplicates. A lastID older than ResumeFor, unknown or
// pruned sets Reset instead. Call Unsubscribe when the stream ends.
func (h *Hub) Subscribe(ctx context.Context, v Viewer, lastID int64) (*Subscription, error) {
	h.mu.Lock()
	head, started := h.head, h.started
	h.mu.Unlock()
	if !started {
		return nil, errors.New("live updates are not running")
	}
	// An id beyond what this hub has handed out yet (the client came from a
	// replica that read further): the hub will skip up to it.
	ahead, aheadOK := false, false
	if lastID > head {
		ok, err := h.resumable(ctx, lastID)
		if err != nil {
			return nil, err
		}
		ahead, aheadOK = true, ok
	}
	h.mu.Lock()
	select {
	case <-h.done:
		h.mu.Unlock()
		return nil, errors.New("live updates have stopped")
	default:
	}
	if h.opts.PerUser > 0 && h.perUser[v.Scope.UserID] >= h.opts.PerUser {
		h.mu.Unlock()
		return nil, ErrTooMany
	}
	head = h.head
	after := head
	if aheadOK && lastID > head {
		after = lastID
	}
	c := &Client{viewer: v, after: after, ch: make(chan Message, h.opts.Buffer), dropped: make(chan struct{})}
	h.clients[c] = struct{}{}
	h.perUser[v.Scope.UserID]++
	h.mu.Unlock()

	s := &Subscription{Client: c, Head: after}
	switch {
	case lastID <= 0 || lastID == after:
		return s, nil
	case ahead && !aheadOK:
		s.Reset = true
		return s, nil
	case lastID > after: // the hub caught up past it meanwhile: replay nothing, skip nothing
		return s, nil
	}
	replay, ok, err := h.replay(ctx, v, lastID, after)
	if err != nil {
		h.Unsubscribe(c)
		return nil, err
	}
	s.Replay, s.Reset = replay, !ok
	return s, nil
}

// resumable reports whether the event lastID is in the outbox and recent
// enough to resume after.
func (h *Hub) resumable(ctx context.Context, lastID int64) (bool, error) {
	first, err := h.src.EventsAfter(ctx, lastID-1, 1)
	if err != nil {
		return false, err
	}
	return len(first) == 1 && first[0].Seq == lastID && !first[0].OccurredAt.Before(h.now().Add(-h.opts.ResumeFor)), nil
}

// replay returns the events v may see after lastID up to head, and false when
// lastID cannot be resumed from.
func (h *Hub) replay(ctx context.Context, v Viewer, lastID, head int64) ([]Message, bool, error) {
	if ok, err := h.resumable(ctx, lastID); err != nil || !ok {
		return nil, false, err
	}
	var out []Message
	for at := lastID; at < head; {
		evs, err := h.src.EventsAfter(ctx, at, batch)
		if err != nil {
			return nil, false, err
		}
		if len(evs) == 0 {
			break
		}
		auds, err := h.audiences(ctx, evs)
		if err != nil {
			return nil, false, err
		}
		for _, e := range evs {
			if e.Seq > head {
				return out, true, nil
			}
			at = e.Seq
			if Audience(e, auds)(v) {
				out = append(out, Message{Seq: e.Seq, Data: Encode(e)})
			}
			if len(out) > h.opts.MaxReplay {
				return nil, false, nil
			}
		}
	}
	return out, true, nil
}

// Unsubscribe ends c's stream.
func (h *Hub) Unsubscribe(c *Client) {
	h.mu.Lock()
	h.remove(c)
	h.mu.Unlock()
	c.close()
}

// Encode returns e as one server-sent event: `id: <seq>`, `event: <kind>`,
// `data: <Event JSON>` (one line: JSON escapes line breaks).
func Encode(e events.Event) []byte {
	body, _ := json.Marshal(e) // the contract's Event (events.Event.MarshalJSON)
	b := make([]byte, 0, len(body)+len(e.Kind)+40)
	b = append(b, "id: "...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = append(b, "\nevent: "...)
	b = append(b, e.Kind...)
	b = append(b, "\ndata: "...)
	b = append(b, body...)
	return append(b, "\n\n"...)
}

// EncodeReset returns the event telling a client to refetch what it shows
// and to resume after head.
func EncodeReset(head int64, reason string) []byte {
	body, _ := json.Marshal(map[string]any{"head": head, "reason": reason})
	return fmt.Appendf(nil, "id: %d\nevent: reset\ndata: %s\n\n", head, body)
}
