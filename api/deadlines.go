package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/contract"
	"github.com/caseward/caseward/internal/apperr"
)

// streaming names the operations whose time grows with the data they move:
// uploads, downloads, exports and verifications that re-read files or the
// whole audit chain. The request timeout does not apply to them; they end
// when they are done or the client goes.
// Keys are lower case: the embedded spec capitalises operation ids.
var streaming = map[string]bool{
	"addevidence":      true,
	"downloadevidence": true,
	"verifyevidence":   true,
	"exportcase":       true,
	"exportaudit":      true,
	"verifyauditchain": true,
}

// requestTimeout gives ordinary API requests a context deadline, so that a
// stuck query ends as a 503 instead of holding the request forever.
func requestTimeout(ct *contract.Contract, d time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if d <= 0 || unlimited(c) {
				return next(c)
			}
			if op := ct.Lookup(c); op != nil && streaming[strings.ToLower(op.ID)] {
				return next(c)
			}
			ctx, cancel := context.WithTimeout(c.Request().Context(), d)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			err := next(c)
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return apperr.Wrap(apperr.Unavailable, "the request took too long; try again later", err)
			}
			return err
		}
	}
}

// uploadProgress is how many bytes of an evidence upload must arrive within
// each stall timeout for the upload to go on.
const uploadProgress = 64 << 10

// bodyDeadline protects against request bodies sent slowly on purpose. A JSON
// body must arrive whole within bodyTimeout; an evidence upload, which may
// take hours, must keep delivering uploadProgress bytes per stallTimeout spent
// waiting for it. Past that, reading fails and the answer is a 408. The
// deadline is lifted as soon as the body is in (net/http does so too when it
// starts watching for the client going away), so it never cuts a handler that
// runs longer.
func bodyDeadline(bodyTimeout, stallTimeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if notAPI(c) || req.Body == nil || req.Body == http.NoBody || req.ContentLength == 0 {
				return next(c)
			}
			r := &deadlineReader{body: req.Body, setDeadline: http.NewResponseController(c.Response()).SetReadDeadline, window: bodyTimeout}
			if isUpload(c) {
				r.window, r.step = stallTimeout, uploadProgress
			}
			if r.window <= 0 || r.moveDeadline(time.Now().Add(r.window)) != nil {
				return next(c) // off, or a connection without deadlines
			}
			req.Body = r
			err := next(c)
			if err != nil && !r.finished.Load() {
				// Refused before its body was read: close the connection after
				// the answer, rather than have net/http wait for the rest of
				// the body (up to this deadline) to keep it alive.
				c.Response().Header().Set(echo.HeaderConnection, "close")
			}
			if r.timedOut.Load() && err != nil {
				c.Response().Header().Set(echo.HeaderConnection, "close")
				// Not wrapping err: what reading the body made of the timeout
				// (a 400, say) must not win over the 408.
				return echo.NewHTTPError(http.StatusRequestTimeout, "the request body arrived too slowly")
			}
			return err
		}
	}
}

// deadlineReader reads a request body under the connection's read deadline.
// With a step, the deadline moves on by window each time step bytes have
// arrived, and by the time the server spent between reads (storing what it
// read), which is no fault of the client. At the end of the body it is lifted.
type deadlineReader struct {
	body        io.ReadCloser
	setDeadline func(time.Time) error
	window      time.Duration
	step        int64

	deadline time.Time
	since    int64     // bytes read since the deadline last moved on by window
	returned time.Time // when the last Read returned
	timedOut atomic.Bool
	finished atomic.Bool // the whole body was read
}

// serverPause is the shortest pause between reads that moves the deadline.
const serverPause = 100 * time.Millisecond

func (r *deadlineReader) Read(p []byte) (int, error) {
	if r.step > 0 && !r.returned.IsZero() {
		if pause := time.Since(r.returned); pause >= serverPause {
			_ = r.moveDeadline(r.deadline.Add(pause))
		}
	}
	n, err := r.body.Read(p)
	r.since += int64(n)
	if r.step > 0 && r.since >= r.step {
		r.since = 0
		_ = r.moveDeadline(time.Now().Add(r.window))
	}
	switch {
	case errors.Is(err, io.EOF):
		r.finished.Store(true)
		_ = r.setDeadline(time.Time{})
	case errors.Is(err, os.ErrDeadlineExceeded):
		r.timedOut.Store(true)
	}
	r.returned = time.Now()
	return n, err
}

func (r *deadlineReader) moveDeadline(t time.Time) error {
	r.deadline = t
	return r.setDeadline(t)
}

func (r *deadlineReader) Close() error { return r.body.Close() }
