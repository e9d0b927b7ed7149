package export

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/figures"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/links"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/restoration"
)

// Store is what a case export needs from the database. Every read but the
// key's is made inside ReadSnapshot, and each reads a whole kind of record of
// one case in one statement, so that an export costs the same number of
// queries however large the case.
type Store interface {
	// InTx runs fn in a read-write transaction; ReadSnapshot in a read-only
	// one that sees one consistent state (REPEATABLE READ on PostgreSQL).
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	ReadSnapshot(ctx context.Context, fn func(ctx context.Context) error) error

	// Case returns the case if scope may see it, else NotFound: the read that
	// GET /cases/{id} makes, and the one cases.See makes the Visible with that
	// the case's other reads take.
	Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error)
	CasePeople(ctx context.Context, v cases.Visible) ([]cases.Person, error)
	CaseNotes(ctx context.Context, v cases.Visible) ([]cases.Note, error)
	CaseChronology(ctx context.Context, v cases.Visible) ([]chronology.Entry, error)
	// CaseLinks lists the case's links whose other case scope may see.
	CaseLinks(ctx context.Context, v cases.Visible, scope cases.Scope) ([]links.Listed, error)
	// Review is the case's post-incident review (NotFound when none).
	Review(ctx context.Context, v cases.Visible) (cases.Review, error)
	// CasePhaseTimes are when the case was first contained and last closed.
	CasePhaseTimes(ctx context.Context, v cases.Visible) (contained, closed *time.Time, err error)
	Department(ctx context.Context, id uuid.UUID) (directory.Department, error)
	CaseServices(ctx context.Context, v cases.Visible) ([]directory.Service, error)
	CaseSuspensions(ctx context.Context, v cases.Visible) ([]restoration.Suspension, error)
	CaseMilestones(ctx context.Context, v cases.Visible) (map[uuid.UUID][]restoration.Milestone, error)
	CaseReplans(ctx context.Context, v cases.Visible) ([]restoration.Replan, error)
	CaseUpdates(ctx context.Context, v cases.Visible) ([]restoration.Update, error)
	CaseEvidence(ctx context.Context, v cases.Visible) ([]evidence.Item, error)
	CaseCustody(ctx context.Context, v cases.Visible) ([]evidence.CustodyEvent, error)
	AddCustodyEvents(ctx context.Context, evs []evidence.CustodyEvent) error
	CaseAudit(ctx context.Context, v cases.Visible, f audit.Filter) ([]audit.Event, error)
	// CaseObservables returns up to limit of the case's observables, newest
	// first, after the observable afterID (uuid.Nil: from the newest).
	CaseObservables(ctx context.Context, v cases.Visible, afterID uuid.UUID, limit int) ([]observables.Observable, error)

	ExportKey(ctx context.Context) (Key, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service exports cases: it checks that the caller may read the case, records
// the export (audit and custody), reads the case in one snapshot, renders and
// signs it.
type Service struct {
	store   Store
	audit   Recorder
	version string
	now     func(context.Context) time.Time
}

// NewService returns a Service whose files name Caseward version version.
func NewService(store Store, rec Recorder, version string) *Service {
	return &Service{store: store, audit: rec, version: version, now: clock.Now}
}

// File is a finished export: its bytes, their media type, the name to save
// them under, the headers that carry its signed manifest, and how many
// TLP:RED observables it leaves out.
type File struct {
	Body        []byte
	ContentType string
	Name        string
	Headers     map[string]string
	Withheld    int
}

// formats are the formats a case exports to.
var formats = []string{"json", "csv", "pdf"}

var (
	contentTypes = map[string]string{"json": "application/json", "csv": "application/zip", "pdf": "application/pdf"}
	extensions   = map[string]string{"json": "json", "csv": "zip", "pdf": "pdf"}
)

// ExportCase renders case caseID in format (json, csv or pdf), signed with the
// export key. A case the caller may not read is NotFound, as on GET
// /cases/{id}, and nothing is recorded. TLP:RED observables are left out
// unless includeRed, which the export's audit row records.
//
// Order: the export is recorded first, in a read-write transaction that
// commits (the export.case audit row and one exported custody event per
// item); then one read-only transaction (REPEATABLE READ on PostgreSQL)
// reads the whole case, so the file holds its own audit row and custody
// events and is one consistent state of the case.
func (s *Service) ExportCase(ctx context.Context, caseID uuid.UUID, format string, includeRed bool) (File, error) {
	if !slices.Contains(formats, format) {
		return File{}, apperr.Invalidf([]apperr.FieldError{{Field: "format", Message: "must be json, csv or pdf"}}, "unknown export format %q", format)
	}
	key, err := s.store.ExportKey(ctx) // before recording: without a key nothing is exported
	if err != nil {
		return File{}, err
	}
	now := s.now(ctx)
	if err := s.record(ctx, caseID, format, includeRed, now); err != nil {
		return File{}, err
	}
	snap, err := s.Snapshot(ctx, caseID, now)
	if err != nil {
		return File{}, err
	}
	withholdRed(&snap, includeRed)
	snap.KeyID, snap.KeyFingerprint = key.ID, Fingerprint(key.Public)
	f, err := render(key, snap, format)
	if err != nil {
		return File{}, fmt.Errorf("export case %s as %s: %w", caseID, format, err)
	}
	f.Withheld = snap.Withheld
	return f, nil
}

// record writes the export's audit row and an exported custody event for each
// of the case's items, sealed together, if the caller may read the case.
func (s *Service) record(ctx context.Context, caseID uuid.UUID, format string, includeRed bool, now time.Time) error {
	p := identity.From(ctx)
	return s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, false)
		if err != nil {
			return err
		}
		items, err := s.store.CaseEvidence(ctx, v)
		if err != nil {
			return err
		}
		evs := make([]*evidence.CustodyEvent, len(items))
		for i, it := range items {
			evs[i] = &evidence.CustodyEvent{ID: uuid.Must(uuid.NewV7()), EvidenceID: it.ID, Action: evidence.Exported, ActorID: p.UserID,
				ToParty: p.Email, OccurredAt: now, TimeZone: "UTC", Purpose: "case export (" + format + ")",
				Note: "metadata and hashes exported, not the file"}
		}
		sealed, entry := evidence.Seal(audit.Entry{Action: "export.case", EntityType: "case", EntityID: caseID.String(), CaseID: caseID.String(),
			Changes: audit.Changes{"format": {nil, format}, "include_red": {nil, includeRed}}}, evs...)
		if err := s.store.AddCustodyEvents(ctx, sealed); err != nil {
			return err
		}
		return s.audit.Record(ctx, entry)
	})
}

// Snapshot reads case caseID whole, as the caller may see it, in one
// read-only transaction; now is the export's time. It holds every
// observable, TLP:RED ones too: ExportCase withholds them.
func (s *Service) Snapshot(ctx context.Context, caseID uuid.UUID, now time.Time) (Snapshot, error) {
	p := identity.From(ctx)
	snap := Snapshot{ExportedAt: now.UTC().Truncate(time.Second), CasewardVersion: s.version,
		Exporter: Exporter{ID: p.UserID, Email: p.Email}}
	err := s.store.ReadSnapshot(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, false)
		if err != nil {
			return err
		}
		snap.Case = v.Case()
		if err := s.readPeopleAndPlaces(ctx, v, &snap); err != nil {
			return err
		}
		if err := s.readSuspensions(ctx, v, &snap); err != nil {
			return err
		}
		if err := s.readEvidence(ctx, v, &snap); err != nil {
			return err
		}
		if snap.Notes, err = s.store.CaseNotes(ctx, v); err != nil {
			return err
		}
		if snap.Chronology, err = s.store.CaseChronology(ctx, v); err != nil {
			return err
		}
		if snap.Links, err = s.store.CaseLinks(ctx, v, cases.ScopeFrom(ctx)); err != nil {
			return err
		}
		if err := s.readReview(ctx, v, &snap); err != nil {
			return err
		}
		if err := s.readObservables(ctx, v, &snap); err != nil {
			return err
		}
		// The whole trail, oldest first; no case holds more events than an int.
		snap.Audit, err = s.store.CaseAudit(ctx, v, audit.Filter{Ascending: true, Limit: 1<<31 - 1})
		return err
	})
	if err != nil {
		return Snapshot{}, err
	}
	snap.Exporter.Name = snap.People[p.UserID]
	return snap, nil
}

func (s *Service) readPeopleAndPlaces(ctx context.Context, v cases.Visible, snap *Snapshot) error {
	people, err := s.store.CasePeople(ctx, v)
	if err != nil {
		return err
	}
	snap.People = make(map[uuid.UUID]string, len(people))
	for _, p := range people {
		snap.People[p.ID] = p.Name
	}
	if id := snap.Case.DepartmentID; id != nil {
		d, err := s.store.Department(ctx, *id)
		if err != nil {
			return err
		}
		snap.Department = &d
	}
	services, err := s.store.CaseServices(ctx, v)
	if err != nil {
		return err
	}
	snap.Services = make(map[uuid.UUID]directory.Service, len(services))
	for _, svc := range services {
		snap.Services[svc.ID] = svc
	}
	return nil
}

func (s *Service) readSuspensions(ctx context.Context, v cases.Visible, snap *Snapshot) error {
	suspensions, err := s.store.CaseSuspensions(ctx, v)
	if err != nil {
		return err
	}
	milestones, err := s.store.CaseMilestones(ctx, v)
	if err != nil {
		return err
	}
	replans, err := s.store.CaseReplans(ctx, v)
	if err != nil {
		return err
	}
	updates, err := s.store.CaseUpdates(ctx, v)
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]int, len(suspensions))
	snap.Suspensions = make([]SuspensionRecord, len(suspensions))
	for i, sp := range suspensions {
		j := len(suspensions) - 1 - i // the store lists them newest first
		snap.Suspensions[j] = SuspensionRecord{Suspension: sp, Milestones: milestones[sp.ID]}
		byID[sp.ID] = j
	}
	for _, r := range replans {
		if j, ok := byID[r.SuspensionID]; ok {
			snap.Suspensions[j].Replans = append(snap.Suspensions[j].Replans, r)
		}
	}
	for _, u := range updates {
		if j, ok := byID[u.SuspensionID]; ok {
			snap.Suspensions[j].Updates = append(snap.Suspensions[j].Updates, u)
		}
	}
	return nil
}

func (s *Service) readEvidence(ctx context.Context, v cases.Visible, snap *Snapshot) error {
	items, err := s.store.CaseEvidence(ctx, v)
	if err != nil {
		return err
	}
	custody, err := s.store.CaseCustody(ctx, v)
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]int, len(items))
	snap.Evidence = make([]EvidenceItem, len(items))
	for i, it := range items {
		snap.Evidence[i] = EvidenceItem{Item: it}
		byID[it.ID] = i
	}
	for _, e := range custody {
		if i, ok := byID[e.EvidenceID]; ok {
			snap.Evidence[i].Custody = append(snap.Evidence[i].Custody, e)
		}
	}
	return nil
}

// render turns a snapshot into the signed file of format.
func render(key Key, s Snapshot, format string) (File, error) {
	m := Manifest{Kind: "case", Format: format, CaseID: s.Case.ID.String(), CaseReference: s.Case.Reference, ExportedAt: s.ExportedAt,
		ExporterID: s.Exporter.ID.String(), ExporterEmail: s.Exporter.Email, ExporterName: s.Exporter.Name, CasewardVersion: s.CasewardVersion, SchemaVersion: SchemaVersion}
	var (
		body   []byte
		signed Signed
		err    error
	)
	switch format {
	case "json":
		body, signed, err = JSON(key, m, NewContent(s))
	case "csv":
		var files []ZipFile
		if files, err = CSV(s); err == nil {
			body, signed, err = SignedZip(key, m, files)
		}
	case "pdf":
		if body, err = PDF(s); err == nil {
			signed, err = Sign(key, m, body)
		}
	}
	if err != nil {
		return File{}, err
	}
	return File{Body: body, ContentType: contentTypes[format], Headers: signed.Headers(),
		Name: fmt.Sprintf("%s-%s.%s", s.Case.Reference, s.ExportedAt.Format("20060102T150405Z"), extensions[format])}, nil
}

// readReview reads the post-incident review, if one was written, and the
// phase durations as of the export (after the suspensions and services).
func (s *Service) readReview(ctx context.Context, v cases.Visible, snap *Snapshot) error {
	r, err := s.store.Review(ctx, v)
	switch {
	case err == nil:
		r.Written = true
		snap.Review = reviewOf(r)
	case !apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("read review: %w", err)
	}
	contained, closed, err := s.store.CasePhaseTimes(ctx, v)
	if err != nil {
		return err
	}
	susp := make([]restoration.Suspension, len(snap.Suspensions))
	for i, sp := range snap.Suspensions {
		susp[i] = sp.Suspension
	}
	names := make(map[uuid.UUID]string, len(snap.Services))
	for id, sv := range snap.Services {
		names[id] = sv.Name
	}
	snap.Phases = figures.PhasesOf(snap.Case, contained, closed, susp, names, snap.ExportedAt)
	return nil
}

// readObservables reads the case's observables, oldest first.
func (s *Service) readObservables(ctx context.Context, v cases.Visible, snap *Snapshot) error {
	os, err := s.store.CaseObservables(ctx, v, uuid.Nil, observables.MaxPerCase)
	if err != nil {
		return fmt.Errorf("read observables: %w", err)
	}
	slices.Reverse(os) // the store lists them newest first
	snap.Observables = os
	return nil
}
