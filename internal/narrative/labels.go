package narrative

// Labels are the words people read for each enum value: the same words the
// SPA shows (frontend/src/components/caseLabels.ts, roles.ts and the
// evidence and restoration labels). A value without a label is told in
// words (underscores as spaces), never raw.
var Labels = map[string]map[string]string{
	"status": {
		"reported": "Reported", "triage": "Triage", "investigating": "Investigating", "contained": "Contained",
		"recovering": "Recovering", "closed": "Closed",
	},
	"severity": {"low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"},
	"category": {
		"malware": "Malware", "unauthorised_access": "Unauthorised access", "data_leak": "Data leak",
		"vulnerability": "Vulnerability", "phishing": "Phishing", "denial_of_service": "Denial of service", "other": "Other",
	},
	"breach_status": {"suspected": "Suspected", "confirmed": "Confirmed", "ruled_out": "Ruled out"},
	"note_kind":     {"update": "Update", "decision": "Decision", "statement": "Statement"},
	"chronology_kind": {
		"detection": "Detection", "containment": "Containment", "eradication": "Eradication", "recovery": "Recovery",
		"communication": "Communication", "decision": "Decision", "other": "Other",
	},
	"role": {
		"admin": "Administrator", "responder": "Responder", "department_head": "Department head", "auditor": "Auditor",
	},
	"evidence_kind": {
		"log": "Log", "disk_image": "Disk image", "memory_dump": "Memory dump", "network_capture": "Network capture",
		"email": "Email", "screenshot": "Screenshot", "document": "Document", "other": "Other",
	},
	"custody_action": {
		"collected": "Collected", "transferred": "Transferred", "accessed": "Accessed", "analysed": "Analysed",
		"verified": "Verified", "exported": "Exported", "returned": "Returned", "disposed": "Disposed",
		"integrity_failure": "Integrity failure",
	},
	"suspension_status": {"active": "Active", "restored": "Restored", "cancelled": "Cancelled"},
	"milestone_status": {
		"planned": "Planned", "in_progress": "In progress", "done": "Done", "blocked": "Blocked", "cancelled": "Cancelled",
	},
	"audience":      {"internal": "Internal", "public": "Public"},
	"export_format": {"json": "a JSON bundle", "csv": "CSV", "pdf": "PDF", "jsonl": "JSON lines"},
}

// Label is the word people read for value of kind ("severity", "high" →
// "High").
func Label(kind, value string) string {
	if l, ok := Labels[kind][value]; ok {
		return l
	}
	return words(value)
}
