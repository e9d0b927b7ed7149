//go:build !embedspa

package frontend

import "io/fs"

// Dist is nil: this binary was built without the SPA (no embedspa tag).
func Dist() fs.FS { return nil }
