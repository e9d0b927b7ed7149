package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
)

type evidenceRow struct {
	ID             uuid.UUID
	CaseID         uuid.UUID
	Title          string
	Kind           string
	Description    string
	Source         string
	CollectedAt    time.Time
	CollectedByID  uuid.UUID
	FileName       *string
	FileSize       *int64
	SHA256         *string `gorm:"column:sha256"`
	ContentType    *string
	StorageKey     *string
	LastVerifiedAt *time.Time
	LastVerifiedOK *bool `gorm:"column:last_verified_ok"`
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (evidenceRow) TableName() string { return "evidence" }

func (r evidenceRow) toDomain() evidence.Item {
	it := evidence.Item{
		ID: r.ID, CaseID: r.CaseID, Title: r.Title, Kind: evidence.Kind(r.Kind), Description: r.Description, Source: r.Source,
		CollectedAt: r.CollectedAt.UTC(), CollectedByID: r.CollectedByID, LastVerifiedAt: utcPtr(r.LastVerifiedAt),
		LastVerifiedOK: r.LastVerifiedOK, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.StorageKey != nil {
		it.File = &evidence.File{Name: deref(r.FileName), Size: *r.FileSize, SHA256: deref(r.SHA256), ContentType: deref(r.ContentType), StorageKey: *r.StorageKey}
	}
	return it
}

// CreateEvidence inserts an item.
func (db *DB) CreateEvidence(ctx context.Context, it evidence.Item) error {
	now := Now(ctx)
	row := evidenceRow{ID: it.ID, CaseID: it.CaseID, Title: it.Title, Kind: string(it.Kind), Description: it.Description,
		Source: it.Source, CollectedAt: it.CollectedAt.UTC(), CollectedByID: it.CollectedByID, Version: 1, CreatedAt: now, UpdatedAt: now}
	if f := it.File; f != nil {
		row.FileName, row.FileSize, row.SHA256, row.ContentType, row.StorageKey = &f.Name, &f.Size, &f.SHA256, &f.ContentType, &f.StorageKey
	}
	return translate(db.conn(ctx).Create(&row).Error, "evidence")
}

// Evidence returns an item whose case is within scope.
func (db *DB) Evidence(ctx context.Context, id uuid.UUID, scope cases.Scope) (evidence.Item, error) {
	var row evidenceRow
	err := visible(db.conn(ctx).Model(&evidenceRow{}).Select("evidence.*").Joins("JOIN cases ON cases.id = evidence.case_id"), scope).
		Where("evidence.id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "evidence")
}

// CaseEvidence lists a case's items, oldest first.
func (db *DB) CaseEvidence(ctx context.Context, v cases.Visible) ([]evidence.Item, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	var rows []evidenceRow
	if err := db.conn(ctx).Where("case_id = ?", caseID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "evidence")
	}
	return toItems(rows), nil
}

// CountCaseEvidence counts a case's items.
func (db *DB) CountCaseEvidence(ctx context.Context, v cases.Visible) (int, error) {
	return db.countOfCase(ctx, v, &evidenceRow{}, "evidence")
}

func toItems(rows []evidenceRow) []evidence.Item {
	out := make([]evidence.Item, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out
}

// UpdateEvidence stores an item's metadata if its version is still version;
// the file columns are never written after creation.
func (db *DB) UpdateEvidence(ctx context.Context, it evidence.Item, version int64) (evidence.Item, error) {
	_, err := db.updateVersioned(ctx, &evidenceRow{}, it.ID, version, map[string]any{
		"title": it.Title, "kind": string(it.Kind), "description": it.Description, "source": it.Source, "collected_at": it.CollectedAt.UTC(),
	}, "evidence")
	if err != nil {
		return evidence.Item{}, err
	}
	return db.Evidence(ctx, it.ID, cases.Scope{All: true})
}

// SetVerified records the last integrity check of an item.
func (db *DB) SetVerified(ctx context.Context, id uuid.UUID, at time.Time, ok bool) error {
	err := db.conn(ctx).Model(&evidenceRow{}).Where("id = ?", id).
		Updates(map[string]any{"last_verified_at": at.UTC(), "last_verified_ok": ok}).Error
	return translate(err, "evidence")
}

// AllFiles lists every item with a file.
func (db *DB) AllFiles(ctx context.Context) ([]evidence.Item, error) {
	var rows []evidenceRow
	if err := db.conn(ctx).Where("storage_key IS NOT NULL").Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "evidence")
	}
	return toItems(rows), nil
}

// FileNamed reports whether any item names the stored file key.
func (db *DB) FileNamed(ctx context.Context, key string) (bool, error) {
	var n int64
	err := db.conn(ctx).Model(&evidenceRow{}).Where("storage_key = ?", key).Count(&n).Error
	return n > 0, translate(err, "evidence")
}

type custodyRow struct {
	ID         uuid.UUID
	EvidenceID uuid.UUID
	Action     string
	ActorID    uuid.UUID
	FromParty  string
	ToParty    string
	Location   string
	Purpose    string
	OccurredAt time.Time
	TimeZone   string
	Note       string
	CreatedAt  time.Time
	SealID     *uuid.UUID
}

func (custodyRow) TableName() string { return "custody_events" }

// AddCustody appends a custody event.
func (db *DB) AddCustody(ctx context.Context, e evidence.CustodyEvent) error {
	row := custodyRow{ID: e.ID, EvidenceID: e.EvidenceID, Action: string(e.Action), ActorID: e.ActorID, FromParty: e.FromParty,
		ToParty: e.ToParty, Location: e.Location, Purpose: e.Purpose, OccurredAt: e.OccurredAt.UTC(), TimeZone: e.TimeZone,
		Note: e.Note, CreatedAt: Now(ctx), SealID: e.Seal}
	return translate(db.conn(ctx).Create(&row).Error, "custody event")
}

// Custody returns an item's chain of custody, oldest first.
func (db *DB) Custody(ctx context.Context, evidenceID uuid.UUID) ([]evidence.CustodyEvent, error) {
	var rows []custodyRow
	if err := db.conn(ctx).Where("evidence_id = ?", evidenceID).Order("occurred_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "custody events")
	}
	return toCustody(rows), nil
}

// AllCustody returns every custody event, in id order.
func (db *DB) AllCustody(ctx context.Context) ([]evidence.CustodyEvent, error) {
	var rows []custodyRow
	if err := db.reader(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "custody events")
	}
	return toCustody(rows), nil
}

func toCustody(rows []custodyRow) []evidence.CustodyEvent {
	out := make([]evidence.CustodyEvent, len(rows))
	for i, r := range rows {
		out[i] = evidence.CustodyEvent{ID: r.ID, EvidenceID: r.EvidenceID, Action: evidence.Action(r.Action), ActorID: r.ActorID,
			FromParty: r.FromParty, ToParty: r.ToParty, Location: r.Location, Purpose: r.Purpose, OccurredAt: r.OccurredAt.UTC(),
			TimeZone: r.TimeZone, Note: r.Note, CreatedAt: r.CreatedAt.UTC(), Seal: r.SealID}
	}
	return out
}
