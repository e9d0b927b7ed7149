package httpx

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"
)

// SPA serves the built SPA: files that exist as they are (hashed assets cached
// for a year), every other path as index.html so client routes work on reload.
// API paths, other methods than GET and HEAD, or no SPA at all are a 404.
func SPA(dir string) echo.HandlerFunc {
	return func(c echo.Context) error {
		method := c.Request().Method
		if dir == "" || IsAPI(c) || (method != http.MethodGet && method != http.MethodHead) {
			return echo.ErrNotFound
		}
		name := path.Clean("/" + c.Param("*"))
		file := filepath.Join(dir, filepath.FromSlash(name))
		if st, err := os.Stat(file); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "/assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			return c.File(file)
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		index := filepath.Join(dir, "index.html")
		if _, err := os.Stat(index); err != nil {
			return echo.NewHTTPError(http.StatusNotFound, "the SPA is not built: run make build")
		}
		return c.File(index)
	}
}
