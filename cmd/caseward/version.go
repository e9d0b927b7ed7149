package main

import (
	"io/fs"
	"os"
	"runtime/debug"

	"github.com/caseward/caseward/frontend"
)

// buildVersion is set at link time: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

// version is the release, or the VCS revision the binary was built from.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev-" + rev
}

// spaFiles is the SPA to serve: the folder CASEWARD_STATIC_DIR names, or the
// one built into a release binary, or none.
func spaFiles(staticDir string) fs.FS {
	if staticDir != "" {
		return os.DirFS(staticDir)
	}
	return frontend.Dist()
}

// spaNote says in `caseward version` whether the SPA is built in.
func spaNote() string {
	if frontend.Dist() == nil {
		return "SPA not embedded: serve it with CASEWARD_STATIC_DIR"
	}
	return "SPA embedded"
}
