package migrations

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// firstExpandOnly is the first migration written under the expand-then-contract
// rule (docs/operations.md, Upgrades without downtime); earlier ones ran with
// every replica stopped.
const firstExpandOnly = 45

// contracting matches statements that take away what a running replica of the
// previous release may still read or write.
var contracting = regexp.MustCompile(`(?i)\b(DROP\s+(TABLE|COLUMN|VIEW)|RENAME\s+(TO|COLUMN)|ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE|ALTER\s+COLUMN\s+\S+\s+SET\s+NOT\s+NULL)\b`)

// contractMarker is how a migration says a contraction is safe: which release
// stopped using what it removes.
var contractMarker = regexp.MustCompile(`(?m)^-- contract: \S.*$`)

// expandProblem says why a migration breaks the rule, or "" when it keeps it.
func expandProblem(sql string) string {
	var code []string
	for _, line := range strings.Split(sql, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			code = append(code, line)
		}
	}
	if m := contracting.FindString(strings.Join(code, "\n")); m != "" && !contractMarker.MatchString(sql) {
		return m + " takes away what the previous release may still use: add it in one release, stop using it in the next, " +
			"and remove it in a later migration that says so in a line `-- contract: <the release that stopped using it>`"
	}
	return ""
}

func TestMigrationsExpandBeforeTheyContract(t *testing.T) {
	for _, dialect := range []string{"postgres", "sqlite"} {
		files, err := fs.Glob(FS, dialect+"/*.sql")
		if err != nil || len(files) == 0 {
			t.Fatalf("%s migrations: %v", dialect, err)
		}
		for _, name := range files {
			n, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, dialect+"/"), "_", 2)[0])
			if err != nil {
				t.Fatalf("%s: no number: %v", name, err)
			}
			if n < firstExpandOnly {
				continue
			}
			b, err := fs.ReadFile(FS, name)
			if err != nil {
				t.Fatal(err)
			}
			if p := expandProblem(string(b)); p != "" {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
}

func TestTheExpandRuleCatchesContractions(t *testing.T) {
	for sql, refused := range map[string]bool{
		"ALTER TABLE cases ADD COLUMN due_at timestamptz;":                         false,
		"CREATE INDEX cases_due_idx ON cases (due_at);\nDROP INDEX cases_old_idx;": false,
		"-- we no longer DROP TABLE anything here\nCREATE TABLE x (id int);":       false,
		"ALTER TABLE cases DROP COLUMN search_vector;":                             true,
		"drop table notes_old;":                                                       true,
		"ALTER TABLE cases RENAME COLUMN title TO name;":                              true,
		"ALTER TABLE cases RENAME TO incidents;":                                      true,
		"ALTER TABLE cases ALTER COLUMN severity TYPE text;":                          true,
		"ALTER TABLE cases ALTER COLUMN due_at SET NOT NULL;":                         true,
		"-- contract: 2027.03 stopped reading it\nALTER TABLE cases DROP COLUMN old;": false,
	} {
		if got := expandProblem(sql) != ""; got != refused {
			t.Errorf("%q: refused %v, want %v", sql, got, refused)
		}
	}
}
