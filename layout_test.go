package caseward

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's layout names every Go package and nothing that is gone: it is
// where a newcomer learns which package has which job.
func TestReadmeLayoutNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := readmeLayout(t, string(readme))
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == "frontend" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".go" || filepath.Dir(path) == "." {
			return nil
		}
		if dir := filepath.ToSlash(filepath.Dir(path)) + "/"; !listed[dir] {
			listed[dir] = true // report each folder once
			t.Errorf("README's layout does not name %s", dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range listed {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("README's layout names %s, which does not exist", dir)
		}
	}
}

// readmeLayout reads the folders of the README's "## Layout" block: one per
// line, nested by two spaces of indentation.
func readmeLayout(t *testing.T, readme string) map[string]bool {
	_, after, ok := strings.Cut(readme, "## Layout\n\n```\n")
	block, _, closed := strings.Cut(after, "```")
	if !ok || !closed {
		t.Fatal("README has no layout block")
	}
	listed := map[string]bool{}
	var parents []string // the folder at each depth
	for _, line := range strings.Split(block, "\n") {
		name := strings.TrimLeft(line, " ")
		depth := (len(line) - len(name)) / 2
		name, _, _ = strings.Cut(name, " ")
		if !strings.HasSuffix(name, "/") || depth > len(parents) {
			continue // a file, or a description's second line
		}
		parents = append(parents[:depth], name)
		listed[strings.Join(parents, "")] = true
	}
	return listed
}
