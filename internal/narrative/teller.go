package narrative

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// teller holds one event while it is told.
type teller struct {
	e  audit.Event
	n  Names
	ch map[string][2]any
}

// has reports whether field changed.
func (t teller) has(field string) bool {
	_, ok := t.ch[field]
	return ok
}

// old and new are a changed field's values as text ("" when absent).
func (t teller) old(field string) string { return valueText(t.ch[field][0]) }
func (t teller) new(field string) string { return valueText(t.ch[field][1]) }

func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// name looks id up in m, or says what it was ("a milestone").
func name(m map[uuid.UUID]string, id, fallback string) string {
	if uid, err := uuid.Parse(id); err == nil {
		if s, ok := m[uid]; ok && s != "" {
			return s
		}
	}
	return fallback
}

func (t teller) person(id string) string { return name(t.n.People, id, "a former user") }

// entityName names the event's entity from names, else from the title or
// name its changes carry, else by what it is.
func (t teller) entityName(m map[uuid.UUID]string, field, fallback string) string {
	if s := name(m, t.e.EntityID, ""); s != "" {
		return s
	}
	if s := t.new(field); s != "" {
		return s
	}
	if s := t.old(field); s != "" {
		return s
	}
	return fallback
}

// suspended names the service of the suspension an event is about, or of the
// suspension its changes name.
func (t teller) suspended() string {
	id := t.e.EntityID
	if t.e.EntityType != "suspension" {
		id = t.new("suspension_id")
	}
	if s := name(t.n.Suspensions, id, ""); s != "" {
		return s
	}
	return name(t.n.Services, t.new("service_id"), "a service")
}

// quoted is a title in quotes, shortened.
func quoted(s string) string { return "‘" + short(s) + "’" }

// maxText is how much of a free text (a reason, a note) a sentence carries;
// the audit record keeps all of it.
const maxText = 200

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:maxText-1])) + "…"
}

// because appends ": why" when there is a why.
func because(sentence, why string) string {
	if why = strings.TrimSpace(why); why == "" {
		return sentence
	}
	return sentence + ": " + short(why)
}

// Date is how a sentence gives a time: "19 Dec 2026", in UTC.
func Date(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// date tells an RFC 3339 value as a Date, or "" when absent or unreadable.
func date(v string) string {
	if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return Date(at)
	}
	return ""
}

// move tells a date that moved: "from 12 Dec to 19 Dec 2026" (the year once
// when both share it), "to 19 Dec 2026" when there was none before.
func move(from, to string) string {
	f, errF := time.Parse(time.RFC3339Nano, from)
	tt, errT := time.Parse(time.RFC3339Nano, to)
	switch {
	case errT != nil && errF != nil:
		return ""
	case errT != nil:
		return "from " + Date(f) + " to no date"
	case errF != nil:
		return "to " + Date(tt)
	case f.UTC().Year() == tt.UTC().Year():
		return "from " + f.UTC().Format("2 Jan") + " to " + Date(tt)
	}
	return "from " + Date(f) + " to " + Date(tt)
}

// words tells an identifier in words: "unauthorised_access" → "unauthorised
// access", "auth.login_failed" → "auth login failed".
func words(s string) string {
	return strings.NewReplacer(".", " ", "_", " ").Replace(s)
}

// list joins parts as people do: "a", "a and b", "a, b and c".
func list(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// count tells a number with thousands separated: 12 000.
func count(s string) string {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	digits := strconv.FormatInt(int64(n), 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 && digits[i-1] != '-' {
			b.WriteRune(' ')
		}
		b.WriteRune(d)
	}
	return b.String()
}
