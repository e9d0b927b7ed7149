package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/chronology"
)

type chronologyRow struct {
	ID               uuid.UUID
	CaseID           uuid.UUID
	Kind             string
	OccurredAt       time.Time
	RecordedAt       time.Time
	AuthorID         uuid.UUID
	Body             string
	CorrectedAt      *time.Time
	CorrectedByID    *uuid.UUID
	RetractedAt      *time.Time
	RetractedByID    *uuid.UUID
	RetractionReason *string
	Version          int64
}

func (chronologyRow) TableName() string { return "chronology_entries" }

type chronologyEvidenceRow struct {
	EntryID    uuid.UUID
	EvidenceID uuid.UUID
}

func (chronologyEvidenceRow) TableName() string { return "chronology_evidence" }

func (r chronologyRow) toDomain(evidenceIDs []uuid.UUID) chronology.Entry {
	if evidenceIDs == nil {
		evidenceIDs = []uuid.UUID{}
	}
	return chronology.Entry{ID: r.ID, CaseID: r.CaseID, Kind: chronology.Kind(r.Kind), OccurredAt: r.OccurredAt.UTC(),
		RecordedAt: r.RecordedAt.UTC(), AuthorID: r.AuthorID, Body: r.Body, EvidenceIDs: evidenceIDs,
		CorrectedAt: utcPtr(r.CorrectedAt), CorrectedByID: r.CorrectedByID, RetractedAt: utcPtr(r.RetractedAt),
		RetractedByID: r.RetractedByID, RetractionReason: deref(r.RetractionReason), Version: r.Version}
}

// CreateChronologyEntry inserts e with its evidence links.
func (db *DB) CreateChronologyEntry(ctx context.Context, e chronology.Entry) error {
	row := chronologyRow{ID: e.ID, CaseID: e.CaseID, Kind: string(e.Kind), OccurredAt: e.OccurredAt.UTC(), RecordedAt: e.RecordedAt.UTC(),
		AuthorID: e.AuthorID, Body: e.Body, Version: 1}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err, "chronology entry")
	}
	return db.linkChronologyEvidence(ctx, e.ID, e.EvidenceIDs)
}

func (db *DB) linkChronologyEvidence(ctx context.Context, entryID uuid.UUID, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([]chronologyEvidenceRow, len(ids))
	for i, id := range ids {
		rows[i] = chronologyEvidenceRow{EntryID: entryID, EvidenceID: id}
	}
	return translate(db.conn(ctx).Create(&rows).Error, "chronology evidence")
}

// ChronologyEntryCase returns the case an entry belongs to.
func (db *DB) ChronologyEntryCase(ctx context.Context, id uuid.UUID) (uuid.UUID, error) {
	return db.caseOf(ctx, &chronologyRow{}, id, "chronology entry")
}

// caseOf returns the case_id of the row of model with id, to read the case
// in the caller's scope before the row; NotFound names what when there is
// no such row.
func (db *DB) caseOf(ctx context.Context, model any, id uuid.UUID, what string) (uuid.UUID, error) {
	var caseIDs []uuid.UUID
	if err := db.conn(ctx).Model(model).Where("id = ?", id).Limit(1).Pluck("case_id", &caseIDs).Error; err != nil {
		return uuid.Nil, translate(err, what)
	}
	if len(caseIDs) == 0 {
		return uuid.Nil, apperr.NotFoundf("%s not found", what)
	}
	return caseIDs[0], nil
}

// ChronologyEntry returns one entry of the case v.
func (db *DB) ChronologyEntry(ctx context.Context, v cases.Visible, id uuid.UUID) (chronology.Entry, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return chronology.Entry{}, fmt.Errorf("chronology entry: %w", err)
	}
	return db.chronologyEntry(ctx, caseID, id)
}

func (db *DB) chronologyEntry(ctx context.Context, caseID, id uuid.UUID) (chronology.Entry, error) {
	var row chronologyRow
	if err := db.conn(ctx).Where("id = ? AND case_id = ?", id, caseID).Take(&row).Error; err != nil {
		return chronology.Entry{}, translate(err, "chronology entry")
	}
	links, err := db.chronologyEvidence(ctx, db.conn(ctx).Where("entry_id = ?", id))
	if err != nil {
		return chronology.Entry{}, err
	}
	return row.toDomain(links[id]), nil
}

// UpdateChronologyEntry stores e's contents, correction and retraction if its
// version is still version, with its evidence links.
func (db *DB) UpdateChronologyEntry(ctx context.Context, e chronology.Entry, version int64) (chronology.Entry, error) {
	var reason *string
	if e.RetractionReason != "" {
		reason = &e.RetractionReason
	}
	res := db.conn(ctx).Model(&chronologyRow{}).Where("id = ? AND version = ?", e.ID, version).Updates(map[string]any{
		"kind": string(e.Kind), "occurred_at": e.OccurredAt.UTC(), "body": e.Body,
		"corrected_at": utcPtr(e.CorrectedAt), "corrected_by_id": e.CorrectedByID,
		"retracted_at": utcPtr(e.RetractedAt), "retracted_by_id": e.RetractedByID, "retraction_reason": reason,
		"version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return chronology.Entry{}, translate(res.Error, "chronology entry")
	}
	if res.RowsAffected != 1 {
		return chronology.Entry{}, apperr.New(apperr.PreconditionFailed, "This entry was changed by someone else: read it again and retry.")
	}
	if err := db.conn(ctx).Where("entry_id = ?", e.ID).Delete(&chronologyEvidenceRow{}).Error; err != nil {
		return chronology.Entry{}, translate(err, "chronology evidence")
	}
	if err := db.linkChronologyEvidence(ctx, e.ID, e.EvidenceIDs); err != nil {
		return chronology.Entry{}, err
	}
	return db.chronologyEntry(ctx, e.CaseID, e.ID)
}

// CaseChronology returns every entry of the case v in the story's order, in
// two queries.
func (db *DB) CaseChronology(ctx context.Context, v cases.Visible) ([]chronology.Entry, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("chronology: %w", err)
	}
	var rows []chronologyRow
	if err := db.conn(ctx).Where("case_id = ?", caseID).Order("occurred_at, recorded_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "chronology")
	}
	links, err := db.chronologyEvidence(ctx, db.conn(ctx).
		Where("entry_id IN (SELECT id FROM chronology_entries WHERE case_id = ?)", caseID))
	if err != nil {
		return nil, err
	}
	out := make([]chronology.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(links[r.ID])
	}
	return out, nil
}

// chronologyEvidence reads the links q selects, each entry's sorted as the
// domain keeps them.
func (db *DB) chronologyEvidence(ctx context.Context, q *gorm.DB) (map[uuid.UUID][]uuid.UUID, error) {
	var rows []chronologyEvidenceRow
	if err := q.Model(&chronologyEvidenceRow{}).WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, translate(err, "chronology evidence")
	}
	out := map[uuid.UUID][]uuid.UUID{}
	for _, r := range rows {
		out[r.EntryID] = append(out[r.EntryID], r.EvidenceID)
	}
	for _, ids := range out {
		slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	}
	return out, nil
}

// CountChronology counts the entries of the case v.
func (db *DB) CountChronology(ctx context.Context, v cases.Visible) (int, error) {
	return db.countOfCase(ctx, v, &chronologyRow{}, "chronology")
}

// countOfCase counts the rows of model that belong to the case v.
func (db *DB) countOfCase(ctx context.Context, v cases.Visible, model any, what string) (int, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	var n int64
	err = db.conn(ctx).Model(model).Where("case_id = ?", caseID).Count(&n).Error
	return int(n), translate(err, "count "+what)
}

// CaseEvidenceIDs reports which of ids are evidence of the case v.
func (db *DB) CaseEvidenceIDs(ctx context.Context, v cases.Visible, ids []uuid.UUID) (map[uuid.UUID]bool, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case evidence: %w", err)
	}
	var found []uuid.UUID
	if err := db.conn(ctx).Model(&evidenceRow{}).Where("case_id = ? AND id IN ?", caseID, ids).Pluck("id", &found).Error; err != nil {
		return nil, translate(err, "case evidence")
	}
	out := make(map[uuid.UUID]bool, len(found))
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

var _ chronology.Store = (*DB)(nil)
