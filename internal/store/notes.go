package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
)

type noteRow struct {
	ID        uuid.UUID
	CaseID    uuid.UUID
	Kind      string
	Body      string
	AuthorID  uuid.UUID
	CreatedAt time.Time
}

func (noteRow) TableName() string { return "notes" }

// CreateNote inserts n, counts it on its case and touches the case's
// updated_at, if scope may see the case and it holds fewer than max notes.
// Otherwise nothing is written: a case scope cannot see is not found, and a
// full one is a 409. Need-to-know, the cap and the count are one update of
// the case's row, which locks it, so concurrent notes cannot pass the cap
// whatever the notes table's statistics say. The note is indexed for search
// in its own row (PostgreSQL's stored vector, SQLite's notes_search
// triggers): the case's search text stays as it is.
func (db *DB) CreateNote(ctx context.Context, n cases.Note, scope cases.Scope, max int) error {
	seen, args := visibleSQL(scope)
	if seen == "" {
		seen = "TRUE"
	}
	var counted int64
	if db.dialect == Postgres {
		// One statement, one round trip: concurrent notes share a transaction
		// (InSharedTx) and its leader runs them one after another.
		args = append([]any{Now(ctx), n.CaseID, max}, args...)
		args = append(args, n.ID, string(n.Kind), n.Body, n.AuthorID, n.CreatedAt.UTC())
		res := db.conn(ctx).Exec(`WITH counted AS (
  UPDATE cases SET note_count = note_count + 1, updated_at = ? WHERE id = ? AND note_count < ? AND `+seen+` RETURNING id)
INSERT INTO notes (id, case_id, kind, body, author_id, created_at) SELECT ?, id, ?, ?, ?, ? FROM counted`, args...)
		if res.Error != nil {
			return translate(res.Error, "note")
		}
		counted = res.RowsAffected
	} else {
		res := db.conn(ctx).Model(&caseRow{}).Where("id = ? AND note_count < ? AND "+seen, append([]any{n.CaseID, max}, args...)...).
			Updates(map[string]any{"note_count": gorm.Expr("note_count + 1"), "updated_at": Now(ctx)})
		if res.Error != nil {
			return translate(res.Error, "case")
		}
		if counted = res.RowsAffected; counted == 1 {
			row := noteRow{ID: n.ID, CaseID: n.CaseID, Kind: string(n.Kind), Body: n.Body, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt.UTC()}
			if err := db.conn(ctx).Create(&row).Error; err != nil {
				return translate(err, "note")
			}
		}
	}
	if counted == 0 {
		return db.whyNoNote(ctx, n.CaseID, scope, max)
	}
	return nil
}

// whyNoNote tells why CreateNote wrote nothing: scope cannot see the case,
// or it is full.
func (db *DB) whyNoNote(ctx context.Context, caseID uuid.UUID, scope cases.Scope, max int) error {
	var found []uuid.UUID
	if err := visible(db.conn(ctx).Model(&caseRow{}), scope).Where("cases.id = ?", caseID).Limit(1).Pluck("cases.id", &found).Error; err != nil {
		return translate(err, "case")
	}
	if len(found) == 0 {
		return apperr.NotFoundf("case not found")
	}
	return notesFull(max)
}

// notesFull is the conflict of a note past its case's cap.
func notesFull(max int) error {
	return apperr.New(apperr.Conflict, fmt.Sprintf("the case already holds %d notes, the most one case may: continue in a related case", max))
}

// ListNotes returns a case's notes newest first, after the note afterID.
func (db *DB) ListNotes(ctx context.Context, v cases.Visible, afterID uuid.UUID, limit int) ([]cases.Note, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("list notes: %w", err)
	}
	q := db.conn(ctx).Where("case_id = ?", caseID)
	if afterID != uuid.Nil {
		q = q.Where("id < ?", afterID)
	}
	var rows []noteRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list notes")
	}
	out := make([]cases.Note, len(rows))
	for i, r := range rows {
		out[i] = cases.Note{ID: r.ID, CaseID: r.CaseID, Kind: cases.NoteKind(r.Kind), Body: r.Body, AuthorID: r.AuthorID, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}
