package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/api/contract"
	"github.com/caseward/caseward/api/httpx"
)

// The transport middlewares (package httpx) treat a few requests apart; these
// say which, from what only the API knows.

// uploadRoute is the one route that takes a body larger than a JSON body.
const uploadRoute = BasePath + "/cases/:id/evidence"

func isUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == uploadRoute
}

// unlimited reports whether the rate limits and the request timeout leave the
// request alone: the SPA's files, and what is not the API. The Atom feed is
// outside the API's path but reads the database, so it is limited like it.
func unlimited(c echo.Context) bool {
	return !httpx.IsAPI(c) && c.Request().URL.Path != FeedPath
}

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
	"streamevents":     true, // the live event stream: open until the client goes
}

// untimed reports whether the request timeout leaves the request alone: what
// is unlimited, and the streaming operations.
func untimed(ct *contract.Contract) func(echo.Context) bool {
	return func(c echo.Context) bool {
		if unlimited(c) {
			return true
		}
		op := ct.Lookup(c)
		return op != nil && streaming[strings.ToLower(op.ID)]
	}
}
