package export

import (
	"strings"

	"github.com/caseward/caseward/internal/observables"
)

// observableTypes names each type of observable as the web app does
// (frontend/src/features/observables/labels.ts).
var observableTypes = map[observables.Type]string{
	observables.IPv4: "IPv4", observables.IPv6: "IPv6", observables.CIDR: "Network (CIDR)", observables.Domain: "Domain",
	observables.Hostname: "Host name", observables.URL: "URL", observables.Email: "Email", observables.MD5: "MD5",
	observables.SHA1: "SHA-1", observables.SHA256: "SHA-256", observables.FileName: "File name",
	observables.UserAccount: "User account", observables.Other: "Other",
}

// observablesPart prints the case's observables, oldest first: its type,
// TLP label, whether it is an indicator and its tags (one a line, each in
// its own direction), and under them the value whole, as text (a value is
// untrusted: never a link), wrapped where it is too long for a line. It says how
// many TLP:RED observables the export left out, or that it holds them.
func (r report) observablesPart() {
	r.heading("Observables")
	r.font(sans, "", 10)
	switch {
	case r.s.Withheld > 0:
		r.text(plural(r.s.Withheld, "TLP:RED observable", "TLP:RED observables")+" withheld: the export was made without "+
			"TLP:RED values. Their audit events are in the case history without what they said.", 5)
	case r.s.RedIncluded && hasRed(r.s.Observables):
		r.text("This report holds TLP:RED observables, for its named recipients only: share it with no one else.", 5)
	}
	if len(r.s.Observables) == 0 {
		r.text("No observable is in this report.", 5)
		return
	}
	rows := make([][]string, 0, len(r.s.Observables))
	for _, o := range r.s.Observables {
		kind, ok := observableTypes[o.Type]
		if !ok {
			kind = label(o.Type)
		}
		rows = append(rows, []string{kind, "TLP:" + strings.ToUpper(string(o.TLP)), yesNo(o.IOC), strings.Join(o.Tags, "\n"), o.Value})
	}
	// The value goes across the table under its row, in monospace: a column
	// beside others would interleave its lines with theirs for a reader
	// that copies the text.
	r.tableWide([]column{{"Type", 30, false}, {"TLP", 34, false}, {"Indicator", 18, false}, {"Tags", textW - 82, false}}, rows,
		column{mono: true})
}

func hasRed(os []observables.Observable) bool {
	for _, o := range os {
		if o.TLP == observables.TLPRed {
			return true
		}
	}
	return false
}
