package httpx

import (
	"bufio"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/caseward/caseward/internal/apperr"
)

// maxJSONBody is the largest JSON request body accepted (maxJSONBytes, in
// the form echo's body limit takes).
const (
	maxJSONBody  = "1M"
	maxJSONBytes = 1 << 20
)

// JSONBodyLimit caps an API request's body at 1 MiB; past it, reading the
// body fails and the request is a 413. The upload (isUpload) has its own
// limit, UploadLimit.
func JSONBodyLimit(isUpload func(echo.Context) bool) echo.MiddlewareFunc {
	return middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: maxJSONBody, Skipper: func(c echo.Context) bool { return !IsAPI(c) || isUpload(c) }})
}

// UploadLimit caps an evidence upload (isUpload) at the largest file plus room
// for its form fields; past it, reading the body fails and the request is a
// 413. The body is read through a large buffer: the multipart reader asks for
// 4 KiB at a time, which would be a system call for every 4 KiB of a 1 GiB
// file.
func UploadLimit(maxFile int64, isUpload func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isUpload(c) {
				body := http.MaxBytesReader(c.Response(), c.Request().Body, uploadBodyLimit(maxFile))
				c.Request().Body = bufferedBody{bufio.NewReaderSize(body, uploadReadBuffer), body}
			}
			return next(c)
		}
	}
}

const uploadReadBuffer = 256 << 10

// uploadBodyLimit is the largest upload body: the largest file plus room for
// the form fields and multipart framing.
func uploadBodyLimit(maxFile int64) int64 { return maxFile + 1<<20 }

// DeclaredLength refuses at once a body whose Content-Length is already past
// the limit (1 MiB of JSON, or an upload (isUpload) past maxFile), before
// anything waits for it. The connection is closed after the answer, so that
// the server does not read (or wait for) the body it refused.
func DeclaredLength(maxFile int64, isUpload func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !IsAPI(c) {
				return next(c)
			}
			limit, what := int64(maxJSONBytes), "a JSON body may be at most 1 MiB"
			if isUpload(c) {
				limit, what = uploadBodyLimit(maxFile), "the upload is larger than this server accepts"
			}
			if c.Request().ContentLength > limit {
				c.Response().Header().Set(echo.HeaderConnection, "close")
				return apperr.New(apperr.TooLarge, what)
			}
			return next(c)
		}
	}
}

type bufferedBody struct {
	*bufio.Reader
	io.Closer
}
