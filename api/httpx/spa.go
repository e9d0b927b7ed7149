package httpx

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// SPA serves the built SPA from files (a folder, or the one built into the
// binary): files that exist as they are (hashed assets cached for a year),
// every other path as index.html so client routes work on reload. API paths,
// other methods than GET and HEAD, or no SPA at all are a 404.
func SPA(files fs.FS) echo.HandlerFunc {
	return func(c echo.Context) error {
		method := c.Request().Method
		if files == nil || IsAPI(c) || (method != http.MethodGet && method != http.MethodHead) {
			return echo.ErrNotFound
		}
		name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if st, err := fs.Stat(files, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			return echo.StaticFileHandler(name, files)(c)
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		if _, err := fs.Stat(files, "index.html"); err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "the SPA is not built: run make build")
		}
		return echo.StaticFileHandler("index.html", files)(c)
	}
}
