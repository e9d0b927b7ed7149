package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// caseRow is a case as the cases table holds it: gorm writes it, and
// caseColumns reads it back (see casescan.go).
type caseRow struct {
	ID                         uuid.UUID
	Reference                  string
	Title                      string
	Summary                    string
	Category                   string
	Severity                   string
	SeverityRank               int
	Status                     string
	BreachStatus               string
	OwnerID                    uuid.UUID
	DepartmentID               *uuid.UUID
	DetectedAt                 time.Time
	AwareAt                    time.Time
	PersonalDataInvolved       bool
	DataSubjectsEstimate       *int64
	RegulatorDueAt             *time.Time
	RegulatorNotifiedAt        *time.Time
	RegulatorReference         string
	RegulatorDecisionRationale string
	RegulatorDelayReason       string
	Restricted                 bool
	NextClockDueAt             *time.Time
	NextClockLabel             string
	SearchText                 string
	Version                    int64
	CreatedAt                  time.Time
	UpdatedAt                  time.Time
	MemberIDs                  *string `gorm:"->;column:member_ids"`         // read with caseColumns
	ActiveSuspensions          int     `gorm:"->;column:active_suspensions"` // read with caseColumns
	OpenTasks                  int     `gorm:"->;column:open_tasks"`         // read with caseColumns
}

func (caseRow) TableName() string { return "cases" }

func toCaseRow(c cases.Case) caseRow {
	return caseRow{
		ID: c.ID, Reference: c.Reference, Title: c.Title, Summary: c.Summary, Category: string(c.Category),
		Severity: string(c.Severity), SeverityRank: c.Severity.Rank(), Status: string(c.Status), BreachStatus: string(c.BreachStatus),
		OwnerID: c.OwnerID, DepartmentID: c.DepartmentID, DetectedAt: c.DetectedAt.UTC(), AwareAt: c.AwareAt.UTC(),
		PersonalDataInvolved: c.PersonalDataInvolved, DataSubjectsEstimate: c.DataSubjectsEstimate,
		RegulatorDueAt: utcPtr(c.NotificationDueAt()), RegulatorNotifiedAt: utcPtr(c.RegulatorNotifiedAt),
		RegulatorReference: c.RegulatorReference, RegulatorDecisionRationale: c.RegulatorDecisionRationale,
		RegulatorDelayReason: c.RegulatorDelayReason, Restricted: c.Restricted, Version: c.Version,
		NextClockDueAt: utcPtr(c.NextClockDueAt), NextClockLabel: c.NextClockLabel, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func (r caseRow) toDomain() (cases.Case, error) {
	var members []uuid.UUID
	if r.MemberIDs != nil {
		for _, id := range strings.Split(*r.MemberIDs, ",") {
			m, err := uuid.Parse(id)
			if err != nil {
				return cases.Case{}, fmt.Errorf("case %s: member id %q: %w", r.ID, id, err)
			}
			members = append(members, m)
		}
		slices.SortFunc(members, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	}
	return cases.Case{
		ID: r.ID, Reference: r.Reference, Title: r.Title, Summary: r.Summary, Category: cases.Category(r.Category),
		Severity: cases.Severity(r.Severity), Status: cases.Status(r.Status), BreachStatus: cases.BreachStatus(r.BreachStatus),
		OwnerID: r.OwnerID, DepartmentID: r.DepartmentID, DetectedAt: r.DetectedAt.UTC(), AwareAt: r.AwareAt.UTC(),
		PersonalDataInvolved: r.PersonalDataInvolved, DataSubjectsEstimate: r.DataSubjectsEstimate,
		RegulatorNotifiedAt: utcPtr(r.RegulatorNotifiedAt), RegulatorReference: r.RegulatorReference,
		RegulatorDecisionRationale: r.RegulatorDecisionRationale, RegulatorDelayReason: r.RegulatorDelayReason,
		Restricted: r.Restricted, MemberIDs: members, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ActiveSuspensions: r.ActiveSuspensions, OpenTasks: r.OpenTasks, NextClockDueAt: utcPtr(r.NextClockDueAt), NextClockLabel: r.NextClockLabel,
	}, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
