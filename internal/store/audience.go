package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
)

// inChunk bounds the IN lists of the batched reads: a relay batch (500
// events) is one chunk, and no list nears a database's limit on parameters.
const inChunk = 500

// eachChunk calls fn with ids, deduplicated, inChunk at a time.
func eachChunk(ids []uuid.UUID, fn func(chunk []uuid.UUID) error) error {
	ids = slices.Clone(ids)
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	for chunk := range slices.Chunk(slices.Compact(ids), inChunk) {
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return nil
}

// CaseAudience returns who may see the case (NotFound when there is none),
// read as the store's queries would decide it (visible).
func (db *DB) CaseAudience(ctx context.Context, caseID uuid.UUID) (cases.Audience, error) {
	all, err := db.CaseAudiences(ctx, []uuid.UUID{caseID})
	if err != nil {
		return cases.Audience{}, err
	}
	a, ok := all[caseID]
	if !ok {
		return cases.Audience{}, apperr.NotFoundf("case not found")
	}
	return a, nil
}

// CaseAudiences returns who may see each case of ids that exists (the
// others have no entry), as CaseAudience would one by one: three queries
// for up to 500 cases, so that a relay batch costs the same whatever its size.
func (db *DB) CaseAudiences(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]cases.Audience, error) {
	out := make(map[uuid.UUID]cases.Audience, len(ids))
	err := eachChunk(ids, func(chunk []uuid.UUID) error { return db.caseAudiences(ctx, chunk, out) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// caseAudiences adds the audiences of ids to out: members then the owner,
// the departments of the services the case suspends then its own.
func (db *DB) caseAudiences(ctx context.Context, ids []uuid.UUID, out map[uuid.UUID]cases.Audience) error {
	var cs []struct {
		ID           uuid.UUID
		Restricted   bool
		OwnerID      *uuid.UUID
		DepartmentID *uuid.UUID
	}
	err := db.reader(ctx).Table("cases").Select("id, restricted, owner_id, department_id").Where("id IN ?", ids).Find(&cs).Error
	if err != nil {
		return fmt.Errorf("cases' audiences: %w", err)
	}
	var members []struct{ CaseID, UserID uuid.UUID }
	err = db.reader(ctx).Table("case_members").Select("case_id, user_id").Where("case_id IN ?", ids).
		Order("case_id, user_id").Find(&members).Error
	if err != nil {
		return fmt.Errorf("case members: %w", err)
	}
	var depts []struct{ CaseID, DepartmentID uuid.UUID }
	err = db.reader(ctx).Table("suspensions s").Joins("JOIN services sv ON sv.id = s.service_id").
		Select("DISTINCT s.case_id, sv.department_id").Where("s.case_id IN ?", ids).
		Order("s.case_id, sv.department_id").Find(&depts).Error
	if err != nil {
		return fmt.Errorf("departments of the cases' suspensions: %w", err)
	}
	found := make(map[uuid.UUID]*cases.Audience, len(cs))
	for _, c := range cs {
		found[c.ID] = &cases.Audience{Restricted: c.Restricted}
	}
	for _, m := range members {
		if a := found[m.CaseID]; a != nil {
			a.People = append(a.People, m.UserID)
		}
	}
	for _, d := range depts {
		if a := found[d.CaseID]; a != nil {
			a.Departments = append(a.Departments, d.DepartmentID)
		}
	}
	for _, c := range cs {
		a := found[c.ID]
		if c.OwnerID != nil {
			a.People = append(a.People, *c.OwnerID)
		}
		if c.DepartmentID != nil {
			a.Departments = append(a.Departments, *c.DepartmentID)
		}
		out[c.ID] = *a
	}
	return nil
}
