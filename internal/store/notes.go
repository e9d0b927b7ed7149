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
// updated_at, unless the case already holds max notes: then it is a 409 and
// nothing is written. The count sits on the case's row, so the check is the
// update that locks it, whatever the notes table's statistics say. The note
// is indexed for search in its own row (PostgreSQL's stored vector, SQLite's
// notes_search triggers): the case's search text stays as it is.
func (db *DB) CreateNote(ctx context.Context, n cases.Note, max int) error {
	if db.dialect == Postgres {
		// One statement, one round trip: concurrent notes share a transaction
		// (InSharedTx) and its leader runs them one after another.
		res := db.conn(ctx).Exec(`WITH counted AS (
  UPDATE cases SET note_count = note_count + 1, updated_at = ? WHERE id = ? AND note_count < ? RETURNING id)
INSERT INTO notes (id, case_id, kind, body, author_id, created_at) SELECT ?, id, ?, ?, ?, ? FROM counted`,
			Now(ctx), n.CaseID, max, n.ID, string(n.Kind), n.Body, n.AuthorID, n.CreatedAt.UTC())
		if res.Error != nil {
			return translate(res.Error, "note")
		}
		if res.RowsAffected == 0 {
			return notesFull(max)
		}
		return nil
	}
	res := db.conn(ctx).Model(&caseRow{}).Where("id = ? AND note_count < ?", n.CaseID, max).
		Updates(map[string]any{"note_count": gorm.Expr("note_count + 1"), "updated_at": Now(ctx)})
	if res.Error != nil {
		return translate(res.Error, "case")
	}
	if res.RowsAffected == 0 {
		return notesFull(max)
	}
	row := noteRow{ID: n.ID, CaseID: n.CaseID, Kind: string(n.Kind), Body: n.Body, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "note")
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
