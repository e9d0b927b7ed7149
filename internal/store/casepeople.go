package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
)

// Assignable reports which of ids are enabled users; with ownersOnly, only
// those in cases.OwnerRoles count.
func (db *DB) Assignable(ctx context.Context, ids []uuid.UUID, ownersOnly bool) (map[uuid.UUID]bool, error) {
	q := db.reader(ctx).Model(&userRow{}).Where("id IN ? AND disabled = ?", ids, false)
	if ownersOnly {
		q = q.Where("role IN ?", cases.OwnerRoles)
	}
	var found []uuid.UUID
	if err := q.Pluck("id", &found).Error; err != nil {
		return nil, translate(err, "users")
	}
	out := make(map[uuid.UUID]bool, len(found))
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

// casePeopleQuery names everyone a case refers to by user id; each argument is
// the case's id.
const casePeopleQuery = `SELECT users.id, users.name FROM users WHERE users.id IN (
	SELECT owner_id FROM cases WHERE id = @case
	UNION SELECT user_id FROM case_members WHERE case_id = @case
	UNION SELECT author_id FROM notes WHERE case_id = @case
	UNION SELECT recorded_by_id FROM suspensions WHERE case_id = @case
	UNION SELECT m.owner_id FROM milestones m JOIN suspensions s ON s.id = m.suspension_id WHERE s.case_id = @case AND m.owner_id IS NOT NULL
	UNION SELECT r.by_id FROM replans r JOIN suspensions s ON s.id = r.suspension_id WHERE s.case_id = @case
	UNION SELECT u.author_id FROM suspension_updates u JOIN suspensions s ON s.id = u.suspension_id WHERE s.case_id = @case
	UNION SELECT collected_by_id FROM evidence WHERE case_id = @case
	UNION SELECT assignee_id FROM tasks WHERE case_id = @case AND assignee_id IS NOT NULL
	UNION SELECT c.actor_id FROM custody_events c JOIN evidence e ON e.id = c.evidence_id WHERE e.case_id = @case
	UNION SELECT created_by_id FROM observables WHERE case_id = @case
	UNION SELECT actor_id FROM audit_events WHERE case_id = @case AND actor_id IS NOT NULL
) ORDER BY users.name, users.id`

// CasePeople returns everyone a case names by user id, with their name, in one query.
func (db *DB) CasePeople(ctx context.Context, v cases.Visible) ([]cases.Person, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	var rows []struct {
		ID   uuid.UUID
		Name string
	}
	if err := db.conn(ctx).Raw(casePeopleQuery, sql.Named("case", caseID)).Scan(&rows).Error; err != nil {
		return nil, translate(err, "people")
	}
	out := make([]cases.Person, len(rows))
	for i, r := range rows {
		out[i] = cases.Person{ID: r.ID, Name: r.Name}
	}
	return out, nil
}
