package apperr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// labels name the request fields whose label is not their JSON name in words.
var labels = map[string]string{
	"q":                            "Search text",
	"sha256":                       "SHA-256",
	"replan_reason":                "Re-plan reason",
	"regulator_notified_at":        "Notified at",
	"regulator_reference":          "Regulator reference",
	"regulator_decision_rationale": "Reason not to notify",
	"regulator_delay_reason":       "Reason for the delay",
	"from_party":                   "Handed over by",
	"to_party":                     "Received by",
	"occurred_at":                  "Time",
	"time_zone":                    "Time zone",
	"milestone_ids":                "Milestone order",
	"corrects_id":                  "Corrected update",
	"public_name":                  "Public name",
	"aware_at":                     "Aware at",
	"detected_at":                  "Detected at",
	"body":                         "Text",
	"evidence_ids":                 "Evidence",
}

// Label names a request field for people: its JSON name in words ("detected_at"
// is "Detected at", "department_id" is "Department", "member_ids" is "Members"),
// the last part of a dotted one, or a label of its own.
func Label(field string) string {
	parts := strings.Split(field, ".")
	name := parts[len(parts)-1]
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.Trim(parts[i], "0123456789") != "" {
			name = parts[i]
			break
		}
	}
	if l, ok := labels[name]; ok {
		return l
	}
	switch {
	case strings.HasSuffix(name, "_ids"):
		name = strings.TrimSuffix(name, "_ids") + "s"
	case strings.HasSuffix(name, "_id"):
		name = strings.TrimSuffix(name, "_id")
	}
	name = strings.ReplaceAll(name, "_", " ")
	r, n := utf8.DecodeRuneInString(name)
	if n == 0 {
		return "This field"
	}
	return string(unicode.ToUpper(r)) + name[n:]
}

// standalone are the first words of a message that reads as a sentence of its
// own ("no such department", "this password is among ...").
var standalone = map[string]bool{"this": true, "the": true, "a": true, "an": true, "no": true}

// Sentence words a field error for the person who filled the field in: its
// label and what is wrong, as one sentence ("Detected at is in the future."),
// never the JSON name.
func Sentence(field, message string) string {
	message = strings.TrimSpace(message)
	if message == "" {
		return Label(field) + " is not valid."
	}
	first, _, _ := strings.Cut(message, " ")
	r, n := utf8.DecodeRuneInString(message)
	var s string
	if unicode.IsUpper(r) || standalone[first] {
		s = string(unicode.ToUpper(r)) + message[n:]
	} else {
		s = Label(field) + " " + message
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
