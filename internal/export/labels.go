package export

import (
	"strings"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/restoration"
)

// labels names every enum value a report prints in the words the web app
// uses (frontend/src/components/caseLabels.ts, restoration/health.ts,
// features/evidence/labels.ts, features/cases/filters.ts): a report is read
// by people, never shows a stored value.
var labels = map[string]string{
	// case status
	string(cases.Reported):      "Reported",
	string(cases.Triage):        "Triage",
	string(cases.Investigating): "Investigating",
	string(cases.Contained):     "Contained",
	string(cases.Recovering):    "Recovering",
	string(cases.Closed):        "Closed",
	// severity
	"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical",
	// category
	"malware": "Malware", "unauthorised_access": "Unauthorised access", "data_leak": "Data leak",
	"vulnerability": "Vulnerability", "phishing": "Phishing", "denial_of_service": "Denial of service",
	// breach status
	string(cases.BreachSuspected): "Breach suspected",
	string(cases.BreachConfirmed): "Breach confirmed",
	string(cases.BreachRuledOut):  "Breach ruled out",
	// regulator status
	string(cases.RegulatorNotRequired): "Not required",
	string(cases.RegulatorDue):         "Notification due",
	string(cases.RegulatorOverdue):     "Notification overdue",
	string(cases.RegulatorNotified):    "Regulator notified",
	// note kind
	string(cases.NoteUpdate): "Update", string(cases.NoteDecision): "Decision", string(cases.NoteStatement): "Statement",
	// chronology kind ("decision" and "other" are shared)
	"detection": "Detection", "containment": "Containment", "eradication": "Eradication", "recovery": "Recovery",
	"communication": "Communication",
	// suspension status ("cancelled" is shared with milestones and plans)
	string(restoration.Active):   "Suspended",
	string(restoration.Restored): "Restored",
	"cancelled":                  "Cancelled",
	// milestone status
	string(restoration.Planned):    "Planned",
	string(restoration.InProgress): "In progress",
	string(restoration.Done):       "Done",
	string(restoration.Blocked):    "Blocked",
	// task status ("in_progress", "done" and "cancelled" are shared)
	string(cases.TaskTodo): "To do",
	// plan status
	string(restoration.NoPlan):   "No plan yet",
	string(restoration.OnTrack):  "On track",
	string(restoration.AtRisk):   "At risk",
	string(restoration.Slipping): "Slipping",
	// update audience
	string(restoration.Internal): "Internal",
	string(restoration.Public):   "Public",
	// evidence kind ("other" is shared with categories)
	"log": "Log", "disk_image": "Disk image", "memory_dump": "Memory dump", "network_capture": "Network capture",
	"email": "Email", "screenshot": "Screenshot", "document": "Document", "other": "Other",
	// custody action
	string(evidence.Collected):        "Collected",
	string(evidence.Transferred):      "Transferred",
	string(evidence.Accessed):         "Accessed",
	string(evidence.Analysed):         "Analysed",
	string(evidence.Verified):         "Verified",
	string(evidence.Exported):         "Exported",
	string(evidence.Returned):         "Returned",
	string(evidence.Disposed):         "Disposed",
	string(evidence.IntegrityFailure): "Integrity failure",
}

// label returns the words for an enum value. A value the table does not know
// (a newer server's) still reads as words: "some_value" → "Some value".
func label[T ~string](v T) string {
	s := string(v)
	if l, ok := labels[s]; ok {
		return l
	}
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
