package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/links"
)

type caseLinkRow struct {
	ID          uuid.UUID
	FromCaseID  uuid.UUID
	ToCaseID    uuid.UUID
	Kind        string
	CreatedByID uuid.UUID
	CreatedAt   time.Time
}

func (caseLinkRow) TableName() string { return "case_links" }

func (r caseLinkRow) toDomain() links.Link {
	return links.Link{ID: r.ID, FromCaseID: r.FromCaseID, ToCaseID: r.ToCaseID, Kind: links.Kind(r.Kind),
		CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt.UTC()}
}

// LockCaseLinks makes the transaction in ctx the only one changing links
// until it ends. On PostgreSQL it locks the table in a mode that conflicts
// with itself and with writes but not with reads; on SQLite the transaction
// already holds the database's one write lock from its BEGIN IMMEDIATE.
func (db *DB) LockCaseLinks(ctx context.Context) error {
	if !db.InTransaction(ctx) {
		return fmt.Errorf("lock case links outside a transaction")
	}
	if db.dialect != Postgres {
		return nil
	}
	return db.conn(ctx).Exec("LOCK TABLE case_links IN SHARE ROW EXCLUSIVE MODE").Error
}

// CaseLinkCounts counts the links of a, of b, and those between them.
func (db *DB) CaseLinkCounts(ctx context.Context, a, b uuid.UUID) (na, nb, between int, err error) {
	var n struct{ A, B, Pair int }
	err = db.conn(ctx).Raw(`SELECT
 (SELECT count(*) FROM case_links WHERE from_case_id = ? OR to_case_id = ?) AS a,
 (SELECT count(*) FROM case_links WHERE from_case_id = ? OR to_case_id = ?) AS b,
 (SELECT count(*) FROM case_links WHERE (from_case_id = ? AND to_case_id = ?) OR (from_case_id = ? AND to_case_id = ?)) AS pair`,
		a, a, b, b, a, b, b, a).Scan(&n).Error
	if err != nil {
		return 0, 0, 0, translate(err, "count case links")
	}
	return n.A, n.B, n.Pair, nil
}

// Reaches reports whether following links of kind from from arrives at to.
// UNION (not UNION ALL) stops at cases already reached, so it ends even on a
// graph that holds a cycle.
func (db *DB) Reaches(ctx context.Context, from, to uuid.UUID, kind links.Kind) (bool, error) {
	start := "?"
	if db.dialect == Postgres {
		start = "CAST(? AS uuid)"
	}
	var n int64
	err := db.conn(ctx).Raw(`WITH RECURSIVE reach(id) AS (
 SELECT `+start+`
 UNION
 SELECT l.to_case_id FROM case_links l JOIN reach r ON l.from_case_id = r.id WHERE l.kind = ?
) SELECT count(*) FROM reach WHERE id = ?`, from, string(kind), to).Scan(&n).Error
	if err != nil {
		return false, translate(err, "follow case links")
	}
	return n > 0, nil
}

// CreateCaseLink inserts l; a link already between its two cases, in either
// direction, is a Conflict.
func (db *DB) CreateCaseLink(ctx context.Context, l links.Link) error {
	row := caseLinkRow{ID: l.ID, FromCaseID: l.FromCaseID, ToCaseID: l.ToCaseID, Kind: string(l.Kind),
		CreatedByID: l.CreatedByID, CreatedAt: l.CreatedAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "case link")
}

// CaseLink returns one link by id, whoever may see its cases: the caller
// checks both.
func (db *DB) CaseLink(ctx context.Context, id uuid.UUID) (links.Link, error) {
	var row caseLinkRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return links.Link{}, translate(err, "link")
	}
	return row.toDomain(), nil
}

// DeleteCaseLink removes a link.
func (db *DB) DeleteCaseLink(ctx context.Context, id uuid.UUID) error {
	res := db.conn(ctx).Where("id = ?", id).Delete(&caseLinkRow{})
	if res.Error != nil {
		return translate(res.Error, "delete case link")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("link not found")
	}
	return nil
}

// CaseLinks lists the links of the case v, oldest first, with their other
// case, in one query: the other case is joined in scope, so a link whose
// other case scope may not see is not read at all.
func (db *DB) CaseLinks(ctx context.Context, v cases.Visible, scope cases.Scope) ([]links.Listed, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("list case links: %w", err)
	}
	var rows []struct {
		ID          uuid.UUID
		FromCaseID  uuid.UUID
		ToCaseID    uuid.UUID
		Kind        string
		CreatedByID uuid.UUID
		CreatedAt   time.Time
		Reference   string
		Title       string
		Status      string
	}
	q := db.reader(ctx).Table("case_links").
		Select("case_links.*, cases.reference, cases.title, cases.status").
		Joins("JOIN cases ON cases.id = CASE WHEN case_links.from_case_id = ? THEN case_links.to_case_id ELSE case_links.from_case_id END", caseID).
		Where("(case_links.from_case_id = ? OR case_links.to_case_id = ?)", caseID, caseID)
	if err := visible(q, scope).Order("case_links.id").Limit(links.MaxPerCase).Scan(&rows).Error; err != nil {
		return nil, translate(err, "list case links")
	}
	out := make([]links.Listed, len(rows))
	for i, r := range rows {
		l := caseLinkRow{ID: r.ID, FromCaseID: r.FromCaseID, ToCaseID: r.ToCaseID, Kind: r.Kind, CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt}.toDomain()
		out[i] = links.Listed{Link: l, Other: links.Brief{ID: l.Other(caseID), Reference: r.Reference, Title: r.Title, Status: cases.Status(r.Status)}}
	}
	return out, nil
}
