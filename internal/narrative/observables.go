package narrative

import "strings"

// observableSentences tell the changes to a case's observables: the value,
// named by its type, so the timeline says what was seen.
var observableSentences = map[string]func(t teller) string{
	"observable.create": func(t teller) string {
		s := "added " + observableName(t.new("type"), t.new("value"))
		if t.new("ioc") == "true" {
			s += " as an indicator of compromise"
		}
		return s
	},
	"observable.merge": func(t teller) string {
		return "added " + observableName(t.new("type"), t.new("value")) + " again, merged into the one already held"
	},
	"observable.update": func(t teller) string {
		var what []string
		for _, f := range []string{"tlp", "pap", "ioc", "tags", "description", "source", "first_seen_at", "last_seen_at", "evidence_ids"} {
			if t.has(f) {
				what = append(what, strings.ReplaceAll(f, "_", " "))
			}
		}
		return "changed " + observableName(t.new("type"), t.new("value")) + " (" + strings.Join(what, ", ") + ")"
	},
	"observable.export": func(t teller) string {
		what := map[string]string{"stix": "the case's indicators as STIX", "csv": "the case's observables as CSV"}[t.new("format")]
		if what == "" {
			what = "the case's observables"
		}
		if t.new("include_red") == "true" {
			return "exported " + what + ", TLP:RED values included"
		}
		return "exported " + what
	},
	"observable.delete": func(t teller) string {
		return "removed " + observableName(t.old("type"), t.old("value"))
	},
}

// WithheldChanges are the changes a case export shows for an event about a
// TLP:RED observable it leaves out: which observable, and all it was, are
// withheld from the file.
const WithheldChanges = `{"withheld":[null,"TLP:RED"]}`

// withheldVerbs tell an event about a withheld TLP:RED observable.
var withheldVerbs = map[string]string{"observable.create": "added", "observable.merge": "added again",
	"observable.update": "changed", "observable.delete": "removed"}

// tellWithheld wraps tell: an event whose changes an export withheld says so
// instead of naming the observable.
func tellWithheld(action string, tell func(t teller) string) func(t teller) string {
	return func(t teller) string {
		if verb, ok := withheldVerbs[action]; ok && t.new("withheld") == "TLP:RED" {
			return verb + " a TLP:RED observable (withheld from this export)"
		}
		return tell(t)
	}
}

// observableName is "the domain ‘evil.example’", or "an observable" for an
// event without its value.
func observableName(kind, value string) string {
	if value == "" {
		return "an observable"
	}
	if noun, ok := observableNouns[kind]; ok {
		return "the " + noun + " " + quoted(value)
	}
	return "the observable " + quoted(value)
}

var observableNouns = map[string]string{
	"ipv4": "IPv4 address", "ipv6": "IPv6 address", "cidr": "network", "domain": "domain", "url": "URL",
	"email": "email address", "md5": "MD5 hash", "sha1": "SHA-1 hash", "sha256": "SHA-256 hash",
	"file_name": "file name", "hostname": "host name", "user_account": "user account", "other": "value",
}

func init() {
	for action, tell := range observableSentences {
		sentences[action] = tellWithheld(action, tell)
	}
}
