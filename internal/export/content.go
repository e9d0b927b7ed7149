package export

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/narrative"
	"github.com/caseward/caseward/internal/restoration"
)

// Content is the content of a case's JSON bundle: Caseward's own archival
// format (docs/exports.md), built from a Snapshot. Field names follow the
// API's; ids are resolved to names through people. A value that is absent
// is null; a list that is empty is [].
type Content struct {
	SchemaVersion   int              `json:"schema_version"`
	ExportedAt      time.Time        `json:"exported_at"`
	Exporter        Person           `json:"exporter"`
	CasewardVersion string           `json:"caseward_version"`
	Case            CaseJSON         `json:"case"`
	Department      *DepartmentJSON  `json:"department"`
	People          []PersonJSON     `json:"people"`
	Suspensions     []SuspensionJSON `json:"suspensions"`
	Services        []ServiceJSON    `json:"services"` // those the suspensions name
	Evidence        []EvidenceJSON   `json:"evidence"`
	Notes           []NoteJSON       `json:"notes"`
	Chronology      []ChronologyJSON `json:"chronology"` // in the story's order
	Links           []LinkJSON       `json:"links"`      // to cases the exporter may see
	Review          *ReviewJSON      `json:"review"`     // null when none was written
	// Observables are oldest first; TLP:RED ones only when
	// ObservablesRedIncluded, else ObservablesWithheld counts them.
	Observables            []ObservableJSON `json:"observables"`
	ObservablesWithheld    int              `json:"observables_withheld"`
	ObservablesRedIncluded bool             `json:"observables_red_included"`
	Timeline               []TimelineJSON   `json:"timeline"`     // oldest first
	AuditEvents            []AuditEventJSON `json:"audit_events"` // oldest first (ascending seq)
}

// Person names who made the export.
type Person struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// PersonJSON is someone the case names by user id.
type PersonJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// DepartmentJSON is the case's department.
type DepartmentJSON struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// CaseJSON is the case, with the regulator's deadline and status derived at
// the export's time.
type CaseJSON struct {
	ID                         uuid.UUID   `json:"id"`
	Reference                  string      `json:"reference"`
	Title                      string      `json:"title"`
	Summary                    string      `json:"summary"`
	Category                   string      `json:"category"`
	Severity                   string      `json:"severity"`
	Status                     string      `json:"status"`
	BreachStatus               string      `json:"breach_status"`
	OwnerID                    uuid.UUID   `json:"owner_id"`
	DepartmentID               *uuid.UUID  `json:"department_id"`
	DetectedAt                 time.Time   `json:"detected_at"`
	AwareAt                    time.Time   `json:"aware_at"`
	PersonalDataInvolved       bool        `json:"personal_data_involved"`
	DataSubjectsEstimate       *int64      `json:"data_subjects_estimate"`
	RegulatorNotificationDueAt *time.Time  `json:"regulator_notification_due_at"`
	RegulatorNotifiedAt        *time.Time  `json:"regulator_notified_at"`
	RegulatorReference         string      `json:"regulator_reference"`
	RegulatorStatus            string      `json:"regulator_status"`
	RegulatorDecisionRationale string      `json:"regulator_decision_rationale"`
	RegulatorDelayReason       string      `json:"regulator_delay_reason"`
	Restricted                 bool        `json:"restricted"`
	MemberIDs                  []uuid.UUID `json:"member_ids"`
	Version                    int64       `json:"version"`
	CreatedAt                  time.Time   `json:"created_at"`
	UpdatedAt                  time.Time   `json:"updated_at"`
}

// SuspensionJSON is a suspension with what is derived from it at the
// export's time (restoration.Derive), its milestones, re-plans and updates.
type SuspensionJSON struct {
	ID                     uuid.UUID  `json:"id"`
	CaseID                 uuid.UUID  `json:"case_id"`
	ServiceID              uuid.UUID  `json:"service_id"`
	Reason                 string     `json:"reason"`
	DecidedBy              string     `json:"decided_by"`
	RecordedByID           uuid.UUID  `json:"recorded_by_id"`
	SuspendedAt            time.Time  `json:"suspended_at"`
	ExpectedRestorationAt  *time.Time `json:"expected_restoration_at"`
	BaselineRestorationAt  *time.Time `json:"baseline_restoration_at"`
	RestoredAt             *time.Time `json:"restored_at"`
	AffectedUsersEstimate  *int64     `json:"affected_users_estimate"`
	Impact                 string     `json:"impact"`
	Workaround             string     `json:"workaround"`
	Status                 string     `json:"status"`
	Version                int64      `json:"version"`
	DaysSuspended          int        `json:"days_suspended"`
	DowntimeSeconds        *int64     `json:"downtime_seconds"`
	MilestonesDone         int        `json:"milestones_done"`
	MilestonesTotal        int        `json:"milestones_total"`
	OverdueMilestones      int        `json:"overdue_milestones"`
	ProjectedRestorationAt *time.Time `json:"projected_restoration_at"`
	Slipping               bool       `json:"slipping"`
	SlipSeconds            int64      `json:"slip_seconds"`
	PlanStatus             string     `json:"plan_status"`
	ReplanCount            int        `json:"replan_count"`

	Milestones []MilestoneJSON `json:"milestones"`
	Replans    []ReplanJSON    `json:"replans"`
	Updates    []UpdateJSON    `json:"updates"`
}

// MilestoneJSON is a step of a suspension's restoration plan.
type MilestoneJSON struct {
	ID            uuid.UUID  `json:"id"`
	SuspensionID  uuid.UUID  `json:"suspension_id"`
	Position      int        `json:"position"`
	Title         string     `json:"title"`
	Status        string     `json:"status"`
	OwnerID       *uuid.UUID `json:"owner_id"`
	DueAt         *time.Time `json:"due_at"`
	BaselineDueAt *time.Time `json:"baseline_due_at"`
	CompletedAt   *time.Time `json:"completed_at"`
	Overdue       bool       `json:"overdue"`
	Version       int64      `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
}

// ReplanJSON is one move of a promised date, with its reason.
type ReplanJSON struct {
	ID          uuid.UUID  `json:"id"`
	Kind        string     `json:"kind"`
	MilestoneID *uuid.UUID `json:"milestone_id"`
	From        *time.Time `json:"from"`
	To          *time.Time `json:"to"`
	Reason      string     `json:"reason"`
	ByID        uuid.UUID  `json:"by_id"`
	At          time.Time  `json:"at"`
}

// UpdateJSON is an update posted on a suspension.
type UpdateJSON struct {
	ID                    uuid.UUID  `json:"id"`
	Audience              string     `json:"audience"`
	Body                  string     `json:"body"`
	CorrectsID            *uuid.UUID `json:"corrects_id"`
	ExpectedRestorationAt *time.Time `json:"expected_restoration_at"`
	ReplanID              *uuid.UUID `json:"replan_id"`
	AuthorID              uuid.UUID  `json:"author_id"`
	AuthorName            string     `json:"author_name"`
	At                    time.Time  `json:"at"`
}

// ServiceJSON is a service a suspension names.
type ServiceJSON struct {
	ID           uuid.UUID `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	DepartmentID uuid.UUID `json:"department_id"`
	Status       string    `json:"status"`
	PublicName   *string   `json:"public_name"`
	Version      int64     `json:"version"`
}

// EvidenceJSON is an item with its whole chain of custody, oldest first.
type EvidenceJSON struct {
	ID             uuid.UUID     `json:"id"`
	CaseID         uuid.UUID     `json:"case_id"`
	Title          string        `json:"title"`
	Kind           string        `json:"kind"`
	Description    string        `json:"description"`
	Source         string        `json:"source"`
	CollectedAt    time.Time     `json:"collected_at"`
	CollectedByID  uuid.UUID     `json:"collected_by_id"`
	FileName       *string       `json:"file_name"`
	FileSize       *int64        `json:"file_size"`
	SHA256         *string       `json:"sha256"`
	ContentType    *string       `json:"content_type"`
	LastVerifiedAt *time.Time    `json:"last_verified_at"`
	LastVerifiedOK *bool         `json:"last_verified_ok"`
	Version        int64         `json:"version"`
	Custody        []CustodyJSON `json:"custody"`
}

// CustodyJSON is one touch in an item's chain of custody.
type CustodyJSON struct {
	ID         uuid.UUID `json:"id"`
	EvidenceID uuid.UUID `json:"evidence_id"`
	Action     string    `json:"action"`
	ActorID    uuid.UUID `json:"actor_id"`
	FromParty  string    `json:"from_party"`
	ToParty    string    `json:"to_party"`
	Location   string    `json:"location"`
	Purpose    string    `json:"purpose"`
	OccurredAt time.Time `json:"occurred_at"`
	TimeZone   string    `json:"time_zone"`
	Note       string    `json:"note"`
}

// NoteJSON is a note in full.
type NoteJSON struct {
	ID        uuid.UUID `json:"id"`
	CaseID    uuid.UUID `json:"case_id"`
	Kind      string    `json:"kind"`
	Body      string    `json:"body"`
	AuthorID  uuid.UUID `json:"author_id"`
	CreatedAt time.Time `json:"created_at"`
}

// ChronologyJSON is an entry of the incident's chronology as it now reads;
// its earlier values are in the audit events (chronology.correct).
type ChronologyJSON struct {
	ID               uuid.UUID   `json:"id"`
	CaseID           uuid.UUID   `json:"case_id"`
	Kind             string      `json:"kind"`
	OccurredAt       time.Time   `json:"occurred_at"`
	RecordedAt       time.Time   `json:"recorded_at"`
	Backdated        bool        `json:"backdated"`
	AuthorID         uuid.UUID   `json:"author_id"`
	Body             string      `json:"body"`
	EvidenceIDs      []uuid.UUID `json:"evidence_ids"`
	CorrectedAt      *time.Time  `json:"corrected_at"`
	CorrectedByID    *uuid.UUID  `json:"corrected_by_id"`
	RetractedAt      *time.Time  `json:"retracted_at"`
	RetractedByID    *uuid.UUID  `json:"retracted_by_id"`
	RetractionReason *string     `json:"retraction_reason"`
	Version          int64       `json:"version"`
}

// TimelineJSON is an audit event as the case's timeline shows it.
type TimelineJSON struct {
	Seq        int64           `json:"seq"`
	OccurredAt time.Time       `json:"occurred_at"`
	Kind       string          `json:"kind"`
	Action     string          `json:"action"`
	ActorID    *string         `json:"actor_id"`
	ActorEmail *string         `json:"actor_email"`
	ActorName  string          `json:"actor_name"` // who, by name, as the case page tells it
	Summary    string          `json:"summary"`    // what happened, in a sentence
	Changes    json.RawMessage `json:"changes"`
}

// AuditEventJSON is an audit event with its place in the hash chain; changes
// are the bytes that were hashed. A JSON-lines audit export's event lines
// have the same members, in the same order.
type AuditEventJSON struct {
	Seq        int64           `json:"seq"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    *string         `json:"actor_id"`
	ActorEmail *string         `json:"actor_email"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   *string         `json:"entity_id"`
	CaseID     *string         `json:"case_id"`
	RequestID  *string         `json:"request_id"`
	IP         *string         `json:"ip"`
	Changes    json.RawMessage `json:"changes"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

// NewContent is the JSON bundle's content for s; derived values are as of
// s.ExportedAt.
func NewContent(s Snapshot) Content {
	now := s.ExportedAt
	c := Content{SchemaVersion: SchemaVersion, ExportedAt: now, CasewardVersion: s.CasewardVersion,
		Exporter: Person{ID: s.Exporter.ID.String(), Email: s.Exporter.Email, Name: s.Exporter.Name},
		Case:     caseJSON(s.Case, now), People: peopleJSON(s.People),
		Suspensions: make([]SuspensionJSON, len(s.Suspensions)), Services: servicesJSON(s),
		Evidence: make([]EvidenceJSON, len(s.Evidence)), Notes: make([]NoteJSON, len(s.Notes)),
		Chronology: make([]ChronologyJSON, len(s.Chronology)),
		Timeline:   make([]TimelineJSON, len(s.Audit)), AuditEvents: make([]AuditEventJSON, len(s.Audit)), Links: linksJSON(s), Review: reviewJSON(s),
		Observables: observablesJSON(s.Observables), ObservablesWithheld: s.Withheld, ObservablesRedIncluded: s.RedIncluded}
	if d := s.Department; d != nil {
		c.Department = &DepartmentJSON{ID: d.ID, Name: d.Name}
	}
	for i, sp := range s.Suspensions {
		c.Suspensions[i] = suspensionJSON(sp, now)
	}
	for i, it := range s.Evidence {
		c.Evidence[i] = evidenceJSON(it)
	}
	for i, n := range s.Notes {
		c.Notes[i] = NoteJSON{ID: n.ID, CaseID: n.CaseID, Kind: string(n.Kind), Body: n.Body, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt}
	}
	for i, e := range s.Chronology {
		c.Chronology[i] = chronologyJSON(e)
	}
	names := s.Names()
	for i, e := range s.Audit {
		changes := rawChanges(e.Changes)
		told := narrative.Describe(e, names)
		c.Timeline[i] = TimelineJSON{Seq: e.Seq, OccurredAt: e.OccurredAt, Kind: TimelineKind(e.Action), Action: e.Action,
			ActorID: orNull(e.ActorID), ActorEmail: orNull(e.ActorEmail), ActorName: told.Actor, Summary: told.Sentence, Changes: changes}
		c.AuditEvents[i] = AuditEventJSON{Seq: e.Seq, OccurredAt: e.OccurredAt, ActorID: orNull(e.ActorID), ActorEmail: orNull(e.ActorEmail),
			Action: e.Action, EntityType: e.EntityType, EntityID: orNull(e.EntityID), CaseID: orNull(e.CaseID), RequestID: orNull(e.RequestID),
			IP: orNull(e.IP), Changes: changes, PrevHash: e.PrevHash, Hash: e.Hash}
	}
	return c
}

func chronologyJSON(e chronology.Entry) ChronologyJSON {
	ids := e.EvidenceIDs
	if ids == nil {
		ids = []uuid.UUID{}
	}
	var reason *string
	if e.Retracted() {
		reason = &e.RetractionReason
	}
	return ChronologyJSON{ID: e.ID, CaseID: e.CaseID, Kind: string(e.Kind), OccurredAt: e.OccurredAt, RecordedAt: e.RecordedAt,
		Backdated: e.Backdated(), AuthorID: e.AuthorID, Body: e.Body, EvidenceIDs: ids, CorrectedAt: e.CorrectedAt,
		CorrectedByID: e.CorrectedByID, RetractedAt: e.RetractedAt, RetractedByID: e.RetractedByID, RetractionReason: reason,
		Version: e.Version}
}

func caseJSON(k cases.Case, now time.Time) CaseJSON {
	members := k.MemberIDs
	if members == nil {
		members = []uuid.UUID{}
	}
	return CaseJSON{ID: k.ID, Reference: k.Reference, Title: k.Title, Summary: k.Summary, Category: string(k.Category),
		Severity: string(k.Severity), Status: string(k.Status), BreachStatus: string(k.BreachStatus), OwnerID: k.OwnerID,
		DepartmentID: k.DepartmentID, DetectedAt: k.DetectedAt, AwareAt: k.AwareAt, PersonalDataInvolved: k.PersonalDataInvolved,
		DataSubjectsEstimate: k.DataSubjectsEstimate, RegulatorNotificationDueAt: k.NotificationDueAt(),
		RegulatorNotifiedAt: k.RegulatorNotifiedAt, RegulatorReference: k.RegulatorReference,
		RegulatorStatus: string(k.RegulatorStatusAt(now)), RegulatorDecisionRationale: k.RegulatorDecisionRationale,
		RegulatorDelayReason: k.RegulatorDelayReason, Restricted: k.Restricted, MemberIDs: members, Version: k.Version,
		CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
}

// peopleJSON lists the people by name (then id), so the list reads as a roster.
func peopleJSON(people map[uuid.UUID]string) []PersonJSON {
	out := make([]PersonJSON, 0, len(people))
	for id, name := range people {
		out = append(out, PersonJSON{ID: id, Name: name})
	}
	slices.SortFunc(out, func(a, b PersonJSON) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID.String(), b.ID.String())
	})
	return out
}

// servicesJSON lists the services in the order the suspensions first name them.
func servicesJSON(s Snapshot) []ServiceJSON {
	out := []ServiceJSON{}
	seen := map[uuid.UUID]bool{}
	for _, sp := range s.Suspensions {
		svc, ok := s.Services[sp.ServiceID]
		if !ok || seen[svc.ID] {
			continue
		}
		seen[svc.ID] = true
		var public *string
		if svc.PublicName != "" {
			public = &svc.PublicName
		}
		out = append(out, ServiceJSON{ID: svc.ID, Name: svc.Name, Description: svc.Description, DepartmentID: svc.DepartmentID,
			Status: string(svc.Status), PublicName: public, Version: svc.Version})
	}
	return out
}

func suspensionJSON(r SuspensionRecord, now time.Time) SuspensionJSON {
	s := r.Suspension
	p := restoration.Derive(s, r.Milestones, now)
	var downtime *int64
	if p.Downtime != nil {
		secs := int64(p.Downtime.Seconds())
		downtime = &secs
	}
	out := SuspensionJSON{ID: s.ID, CaseID: s.CaseID, ServiceID: s.ServiceID, Reason: s.Reason, DecidedBy: s.DecidedBy,
		RecordedByID: s.RecordedByID, SuspendedAt: s.SuspendedAt, ExpectedRestorationAt: s.ExpectedRestorationAt,
		BaselineRestorationAt: s.BaselineRestorationAt, RestoredAt: s.RestoredAt, AffectedUsersEstimate: s.AffectedUsersEstimate,
		Impact: s.Impact, Workaround: s.Workaround, Status: string(s.Status), Version: s.Version, DaysSuspended: p.DaysSuspended,
		DowntimeSeconds: downtime, MilestonesDone: p.MilestonesDone, MilestonesTotal: p.MilestonesTotal,
		OverdueMilestones: p.OverdueMilestones, ProjectedRestorationAt: p.ProjectedRestorationAt, Slipping: p.Slipping,
		SlipSeconds: int64(p.Slip.Seconds()), PlanStatus: string(p.PlanStatus), ReplanCount: s.ReplanCount,
		Milestones: make([]MilestoneJSON, len(r.Milestones)), Replans: make([]ReplanJSON, len(r.Replans)),
		Updates: make([]UpdateJSON, len(r.Updates))}
	for i, m := range r.Milestones {
		out.Milestones[i] = MilestoneJSON{ID: m.ID, SuspensionID: m.SuspensionID, Position: m.Position, Title: m.Title,
			Status: string(m.Status), OwnerID: m.OwnerID, DueAt: m.DueAt, BaselineDueAt: m.BaselineDueAt, CompletedAt: m.CompletedAt,
			Overdue: !m.Closed() && m.DueAt != nil && m.DueAt.Before(now), Version: m.Version, CreatedAt: m.CreatedAt}
	}
	for i, x := range r.Replans {
		out.Replans[i] = ReplanJSON{ID: x.ID, Kind: string(x.Kind), MilestoneID: x.MilestoneID, From: x.From, To: x.To,
			Reason: x.Reason, ByID: x.ByID, At: x.At}
	}
	for i, u := range r.Updates {
		out.Updates[i] = UpdateJSON{ID: u.ID, Audience: string(u.Audience), Body: u.Body, CorrectsID: u.CorrectsID,
			ExpectedRestorationAt: u.ExpectedRestorationAt, ReplanID: u.ReplanID, AuthorID: u.AuthorID, AuthorName: u.AuthorName, At: u.At}
	}
	return out
}

func evidenceJSON(r EvidenceItem) EvidenceJSON {
	it := r.Item
	out := EvidenceJSON{ID: it.ID, CaseID: it.CaseID, Title: it.Title, Kind: string(it.Kind), Description: it.Description,
		Source: it.Source, CollectedAt: it.CollectedAt, CollectedByID: it.CollectedByID, LastVerifiedAt: it.LastVerifiedAt,
		LastVerifiedOK: it.LastVerifiedOK, Version: it.Version, Custody: make([]CustodyJSON, len(r.Custody))}
	if f := it.File; f != nil {
		out.FileName, out.FileSize, out.SHA256, out.ContentType = &f.Name, &f.Size, &f.SHA256, &f.ContentType
	}
	for i, e := range r.Custody {
		out.Custody[i] = custodyJSON(e)
	}
	return out
}

func custodyJSON(e evidence.CustodyEvent) CustodyJSON {
	return CustodyJSON{ID: e.ID, EvidenceID: e.EvidenceID, Action: string(e.Action), ActorID: e.ActorID, FromParty: e.FromParty,
		ToParty: e.ToParty, Location: e.Location, Purpose: e.Purpose, OccurredAt: e.OccurredAt, TimeZone: e.TimeZone, Note: e.Note}
}

// TimelineKind names the kind of an event on a case's timeline, as the API's
// timeline does.
func TimelineKind(action string) string {
	switch action {
	case "case.create":
		return "created"
	case "case.transition":
		return "status_change"
	case "case.update":
		return "field_change"
	case "note.create":
		return "note"
	}
	switch {
	case strings.HasPrefix(action, "suspension."):
		return "suspension"
	case strings.HasPrefix(action, "milestone."):
		return "milestone"
	case strings.HasPrefix(action, "evidence."), strings.HasPrefix(action, "custody."):
		return "evidence"
	case strings.HasPrefix(action, "chronology."):
		return "chronology"
	}
	return "other"
}

// rawChanges is an event's changes as hashed, or {} when it has none.
func rawChanges(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	return b
}

func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
