package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/live"
)

// Live is what the event stream needs (docs/notifications.md, "Live updates").
type Live struct {
	Hub       *live.Hub     // this replica's fan-out; nil serves no stream
	Heartbeat time.Duration // a comment line when nothing else was sent for this long (15 s)
	Recheck   time.Duration // how often the signed-in user and token are checked again (30 s)
}

// liveHandlers: the live event stream (live.go).
type liveHandlers struct {
	live Live
	auth *auth.Service
}

// StreamEvents opens the caller's event stream, resuming after Last-Event-ID
// (or last_event_id) when given.
func (h liveHandlers) StreamEvents(ctx context.Context, req gen.StreamEventsRequestObject) (gen.StreamEventsResponseObject, error) {
	if h.live.Hub == nil {
		return nil, apperr.New(apperr.Unavailable, "live updates are not running on this server")
	}
	last := req.Params.LastEventID
	if last == nil {
		last = req.Params.LastEventId
	}
	var after int64
	if last != nil {
		n, err := strconv.ParseInt(*last, 10, 64)
		if err != nil {
			return nil, apperr.Invalidf([]apperr.FieldError{{Field: "last_event_id", Message: "must be the id of an event"}}, "the last event id is not a number")
		}
		after = n
	}
	token := ""
	if r := httpRequest(ctx); r != nil {
		token, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	p := identity.From(ctx)
	sub, err := h.live.Hub.Subscribe(ctx, live.ViewerOf(p), after)
	if errors.Is(err, live.ErrTooMany) {
		return nil, apperr.Throttled("you have too many live connections open: close a tab or window of Caseward", 30*time.Second)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, apperr.Wrap(apperr.Unavailable, "live updates are not available", err)
	}
	heartbeat, recheck := h.live.Heartbeat, h.live.Recheck
	if heartbeat <= 0 {
		heartbeat = 15 * time.Second
	}
	if recheck <= 0 {
		recheck = 30 * time.Second
	}
	return eventStream{ctx: ctx, hub: h.live.Hub, sub: sub, heartbeat: heartbeat, recheck: recheck,
		stillSignedIn: func(ctx context.Context) bool {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			_, err := h.auth.Authenticate(ctx, token, p.RequestID, p.IP)
			return !apperr.Is(err, apperr.Unauthenticated) // a database hiccup ends nothing
		}}, nil
}

// eventStream writes the server-sent events of one subscription until the
// client goes, the hub drops it or stops, or its caller is signed out.
type eventStream struct {
	ctx           context.Context
	hub           *live.Hub
	sub           *live.Subscription
	heartbeat     time.Duration
	recheck       time.Duration
	stillSignedIn func(context.Context) bool
}

// writeTimeout bounds each write: a client that stops reading is let go
// rather than holding its goroutine forever.
const writeTimeout = 10 * time.Second

// VisitStreamEventsResponse writes and flushes each event as it comes.
func (s eventStream) VisitStreamEventsResponse(w http.ResponseWriter) error {
	defer s.hub.Unsubscribe(s.sub.Client)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // a proxy in front must not hold events back
	// The connection ends with the stream: the write deadlines set below
	// must not outlive it into another request on the same connection.
	h.Set("Connection", "close")
	defer func() { _ = rc.SetWriteDeadline(time.Time{}) }()
	w.WriteHeader(http.StatusOK)
	send := func(b []byte) error {
		if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		return rc.Flush()
	}
	first := []byte("retry: 2000\n\n")
	if s.sub.Reset {
		first = append(first, live.EncodeReset(s.sub.Head, "the last event id is too old or unknown: refetch")...)
	}
	if err := send(first); err != nil {
		return nil
	}
	for _, m := range s.sub.Replay {
		if err := send(m.Data); err != nil {
			return nil
		}
	}
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	check := time.NewTicker(s.recheck)
	defer check.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return nil
		case <-s.sub.Dropped():
			select {
			case <-s.hub.Done(): // shutting down: the client reconnects elsewhere
			default:
				_ = send(live.EncodeReset(s.hub.Head(), "the connection fell behind: refetch"))
			}
			return nil
		case <-check.C:
			if !s.stillSignedIn(s.ctx) {
				return nil
			}
		case <-beat.C:
			if err := send([]byte(": ping\n\n")); err != nil {
				return nil
			}
		case m := <-s.sub.Events():
			// Whatever else is already waiting goes in the same write: one
			// system call for a burst rather than one per event.
			buf := append([]byte(nil), m.Data...)
		more:
			for len(buf) < 64<<10 {
				select {
				case m := <-s.sub.Events():
					buf = append(buf, m.Data...)
				default:
					break more
				}
			}
			if err := send(buf); err != nil {
				return nil
			}
			beat.Reset(s.heartbeat)
		}
	}
}
