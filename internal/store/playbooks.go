package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/playbook"
)

type playbookRow struct {
	ID             uuid.UUID
	BuiltinKey     *string
	Name           string
	CurrentVersion int
	RetiredAt      *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (playbookRow) TableName() string { return "playbooks" }

type playbookVersionRow struct {
	PlaybookID  uuid.UUID
	Version     int
	Name        string
	Description string
	Category    string
	Severity    string
	Tasks       string // JSON, see migration 00031
	Milestones  string // JSON
	CreatedByID *uuid.UUID
	CreatedAt   time.Time
}

func (playbookVersionRow) TableName() string { return "playbook_versions" }

type casePlaybookRow struct {
	CaseID          uuid.UUID
	PlaybookID      uuid.UUID
	PlaybookVersion int
}

func (casePlaybookRow) TableName() string { return "case_playbooks" }

func toPlaybookVersionRow(p playbook.Playbook) (playbookVersionRow, error) {
	tasks, err := json.Marshal(nonNil(p.Tasks))
	if err != nil {
		return playbookVersionRow{}, fmt.Errorf("playbook tasks: %w", err)
	}
	ms, err := json.Marshal(nonNil(p.Milestones))
	if err != nil {
		return playbookVersionRow{}, fmt.Errorf("playbook milestones: %w", err)
	}
	return playbookVersionRow{PlaybookID: p.ID, Version: p.Version, Name: p.Name, Description: p.Description,
		Category: string(p.Category), Severity: string(p.Severity), Tasks: string(tasks), Milestones: string(ms),
		CreatedByID: p.CreatedByID, CreatedAt: p.CreatedAt.UTC()}, nil
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func toDomainPlaybook(p playbookRow, v playbookVersionRow) (playbook.Playbook, error) {
	out := playbook.Playbook{ID: p.ID, Version: v.Version, CurrentVersion: p.CurrentVersion, Builtin: p.BuiltinKey != nil,
		RetiredAt: utcPtr(p.RetiredAt), CreatedByID: v.CreatedByID, CreatedAt: v.CreatedAt.UTC(),
		Definition: playbook.Definition{Name: v.Name, Description: v.Description, Category: cases.Category(v.Category),
			Severity: cases.Severity(v.Severity), Tasks: []playbook.TaskTemplate{}, Milestones: []playbook.MilestoneTemplate{}}}
	if err := json.Unmarshal([]byte(v.Tasks), &out.Tasks); err != nil {
		return playbook.Playbook{}, fmt.Errorf("playbook %s tasks: %w", p.ID, err)
	}
	for i := range out.Tasks {
		out.Tasks[i].Checklist = nonNil(out.Tasks[i].Checklist)
	}
	if err := json.Unmarshal([]byte(v.Milestones), &out.Milestones); err != nil {
		return playbook.Playbook{}, fmt.Errorf("playbook %s milestones: %w", p.ID, err)
	}
	return out, nil
}

// Playbooks lists the playbooks at their current version, by name (case
// folded, the same on both databases).
func (db *DB) Playbooks(ctx context.Context, withRetired bool) ([]playbook.Playbook, error) {
	q := db.reader(ctx).Model(&playbookRow{})
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	var heads []playbookRow
	if err := q.Limit(playbook.MaxPlaybooks).Find(&heads).Error; err != nil {
		return nil, translate(err, "list playbooks")
	}
	if len(heads) == 0 {
		return []playbook.Playbook{}, nil
	}
	ids := make([]uuid.UUID, len(heads))
	for i, h := range heads {
		ids[i] = h.ID
	}
	var versions []playbookVersionRow
	if err := db.reader(ctx).Where("playbook_id IN ? AND version = (SELECT current_version FROM playbooks p WHERE p.id = playbook_versions.playbook_id)", ids).
		Find(&versions).Error; err != nil {
		return nil, translate(err, "list playbook versions")
	}
	byID := make(map[uuid.UUID]playbookVersionRow, len(versions))
	for _, v := range versions {
		byID[v.PlaybookID] = v
	}
	out := make([]playbook.Playbook, 0, len(heads))
	for _, h := range heads {
		p, err := toDomainPlaybook(h, byID[h.ID])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b playbook.Playbook) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.ID.String(), b.ID.String()))
	})
	return out, nil
}

// Playbook returns playbook id at version, its current one for 0.
func (db *DB) Playbook(ctx context.Context, id uuid.UUID, version int) (playbook.Playbook, error) {
	var h playbookRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&h).Error; err != nil {
		return playbook.Playbook{}, translate(err, "playbook")
	}
	if version == 0 {
		version = h.CurrentVersion
	}
	var v playbookVersionRow
	if err := db.conn(ctx).Where("playbook_id = ? AND version = ?", id, version).Take(&v).Error; err != nil {
		return playbook.Playbook{}, translate(err, "playbook version")
	}
	return toDomainPlaybook(h, v)
}

// CountPlaybooks counts every playbook.
func (db *DB) CountPlaybooks(ctx context.Context) (int, error) {
	var n int64
	if err := db.conn(ctx).Model(&playbookRow{}).Count(&n).Error; err != nil {
		return 0, translate(err, "count playbooks")
	}
	return int(n), nil
}

// CreatePlaybook inserts p as its version 1.
func (db *DB) CreatePlaybook(ctx context.Context, p playbook.Playbook) error {
	v, err := toPlaybookVersionRow(p)
	if err != nil {
		return err
	}
	h := playbookRow{ID: p.ID, Name: p.Name, CurrentVersion: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.CreatedAt.UTC()}
	if err := db.conn(ctx).Create(&h).Error; err != nil {
		return translate(err, "playbook")
	}
	return translate(db.conn(ctx).Create(&v).Error, "playbook version")
}

// AddPlaybookVersion stores p as the next version of its playbook, if the
// playbook is still at p.Version-1 and not retired. The update of the
// playbook's row comes first: it locks the row, so two editors of one
// version cannot both write the next one.
func (db *DB) AddPlaybookVersion(ctx context.Context, p playbook.Playbook) error {
	res := db.conn(ctx).Model(&playbookRow{}).Where("id = ? AND current_version = ? AND retired_at IS NULL", p.ID, p.Version-1).
		Updates(map[string]any{"current_version": p.Version, "name": p.Name, "updated_at": p.CreatedAt.UTC()})
	if res.Error != nil {
		return translate(res.Error, "playbook")
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.PreconditionFailed, "the playbook was changed by someone else: read it again and retry")
	}
	v, err := toPlaybookVersionRow(p)
	if err != nil {
		return err
	}
	return translate(db.conn(ctx).Create(&v).Error, "playbook version")
}

// RetirePlaybook marks playbook id retired at at, if still at version.
func (db *DB) RetirePlaybook(ctx context.Context, id uuid.UUID, version int, at time.Time) error {
	res := db.conn(ctx).Model(&playbookRow{}).Where("id = ? AND current_version = ? AND retired_at IS NULL", id, version).
		Updates(map[string]any{"retired_at": at.UTC(), "updated_at": at.UTC()})
	if res.Error != nil {
		return translate(res.Error, "playbook")
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.PreconditionFailed, "the playbook was changed by someone else: read it again and retry")
	}
	return nil
}

// SetCasePlaybook records the playbook version case caseID was made from.
func (db *DB) SetCasePlaybook(ctx context.Context, caseID uuid.UUID, ref playbook.Ref) error {
	return translate(db.conn(ctx).Create(&casePlaybookRow{CaseID: caseID, PlaybookID: ref.ID, PlaybookVersion: ref.Version}).Error, "case playbook")
}

// CasePlaybook is the playbook version the case v was made from.
func (db *DB) CasePlaybook(ctx context.Context, v cases.Visible) (playbook.Ref, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return playbook.Ref{}, fmt.Errorf("case playbook: %w", err)
	}
	var r struct {
		PlaybookID      uuid.UUID
		PlaybookVersion int
		Name            string
	}
	err = db.reader(ctx).Table("case_playbooks cp").Select("cp.playbook_id, cp.playbook_version, pv.name").
		Joins("JOIN playbook_versions pv ON pv.playbook_id = cp.playbook_id AND pv.version = cp.playbook_version").
		Where("cp.case_id = ?", caseID).Take(&r).Error
	if err != nil {
		return playbook.Ref{}, translate(err, "case playbook")
	}
	return playbook.Ref{ID: r.PlaybookID, Version: r.PlaybookVersion, Name: r.Name}, nil
}
