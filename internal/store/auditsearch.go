package store

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/text"
)

// MatchAuditText resolves folded text (text.Fold) to the people, things and
// cases whose names hold it. Names are folded and compared here, in Go:
// SQLite's lower() folds ASCII only, and a name in Polish or Greek must match
// whatever its case. The tables read are the small ones (people, services,
// departments, evidence titles, milestone titles); case references, of which
// there are many, are ASCII and matched by the database, which reads them
// from an index that holds each with its id (cases_reference_id_idx), not
// from the cases' rows.
func (db *DB) MatchAuditText(ctx context.Context, folded string) (audit.Match, error) {
	m := audit.Match{Entities: map[string][]string{}}
	var people []struct {
		ID          uuid.UUID
		Name, Email string
	}
	if err := db.reader(ctx).Table("users").Select("id, name, email").Scan(&people).Error; err != nil {
		return audit.Match{}, translate(err, "match people")
	}
	for _, p := range people {
		if text.Contains(p.Name, folded) || text.Contains(p.Email, folded) {
			m.Actors = append(m.Actors, p.ID.String())
		}
	}
	m.Entities["user"] = m.Actors
	for _, k := range []struct{ entity, table, name string }{
		{"service", "services", "name"}, {"department", "departments", "name"},
		{"evidence", "evidence", "title"}, {"milestone", "milestones", "title"},
	} {
		ids, err := db.matchNames(ctx, k.table, k.name, folded)
		if err != nil {
			return audit.Match{}, err
		}
		m.Entities[k.entity] = ids
	}
	if services := m.Entities["service"]; len(services) > 0 {
		var ids []string
		if err := db.reader(ctx).Table("suspensions").Where("service_id IN ?", parseIDs(services)).Pluck("id", &ids).Error; err != nil {
			return audit.Match{}, translate(err, "match suspensions")
		}
		m.Entities["suspension"] = normaliseIDs(ids)
	}
	var caseIDs []string
	err := db.reader(ctx).Table("cases").Where("reference LIKE ? ESCAPE '\\'", "%"+escapeLike(folded)+"%").
		Limit(maxListedCases+1).Pluck("id", &caseIDs).Error
	if err != nil {
		return audit.Match{}, translate(err, "match case references")
	}
	if len(caseIDs) > maxListedCases {
		m.CaseReference = folded
	} else {
		m.Cases = normaliseIDs(caseIDs)
	}
	return m, nil
}

// maxListedCases is how many cases a search lists by id (their events read
// through the case index and sorted: a few thousand rows); past it, the
// trail is walked newest first keeping the events of cases whose reference
// matches, which finds a page soon, since so many cases match. A variable
// so that tests can lower it.
var maxListedCases = 1000

// matchNames returns the ids of the rows of table whose name column holds
// folded text, whatever its case.
func (db *DB) matchNames(ctx context.Context, table, column, folded string) ([]string, error) {
	rows, err := db.reader(ctx).Table(table).Select("id, " + column).Rows()
	if err != nil {
		return nil, translate(err, "match "+table)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id uuid.UUID
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, translate(err, "match "+table)
		}
		if text.Contains(name, folded) {
			out = append(out, id.String())
		}
	}
	return out, translate(rows.Err(), "match "+table)
}

// escapeLike quotes LIKE's wildcards (with \ as the escape character).
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func parseIDs(ss []string) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(ss))
	for _, s := range ss {
		if id, err := uuid.Parse(s); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// normaliseIDs renders ids as uuid.UUID.String does, whatever the driver
// returned (PostgreSQL's uuid, SQLite's text).
func normaliseIDs(ss []string) []string {
	ids := parseIDs(ss)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// perValue is how many values a branch of a search looks up one by one,
// each through its index in seq order; past it, the values are so many that
// their events are common, and the trail is walked newest first instead.
const perValue = 32

// listAuditMatch reads the events f.Match selects: each branch (actions,
// actors, entities of one type, cases, failed sign-ins) through its own
// index, newest first and at most f.Limit, and the branches merged. So a
// search costs a few index reads whatever the size of the trail.
func (db *DB) listAuditMatch(ctx context.Context, f audit.Filter, base func() *gorm.DB) ([]audit.Event, error) {
	m := f.Match
	var branches []*gorm.DB
	add := func(where string, args ...any) { branches = append(branches, base().Where(where, args...)) }
	// byValue adds one branch per value while they are few, one walk otherwise.
	byValue := func(where, column string, values []string) {
		switch {
		case len(values) == 0:
		case len(values) <= perValue:
			for _, v := range values {
				add(where+column+" = ?", v)
			}
		default:
			add(where+db.walk(column)+" IN ?", values)
		}
	}
	byValue("", "action", m.Actions)
	byValue("", "actor_id", m.Actors)
	// A person is the entity of their every sign-in: many events, like an actor.
	byValue("entity_type = 'user' AND ", "entity_id", m.Entities["user"])
	for _, entity := range slices.Sorted(maps.Keys(m.Entities)) {
		// Other things have a handful of events each: read them all through the index.
		if ids := m.Entities[entity]; entity != "user" && len(ids) > 0 {
			add("entity_type = ? AND entity_id IN ?", entity, ids)
		}
	}
	if len(m.Cases) > 0 {
		add("case_id IN ?", m.Cases)
	}
	if m.CaseReference != "" {
		add(db.walk("case_id")+" IN (SELECT id FROM cases WHERE reference LIKE ? ESCAPE '\\')", "%"+escapeLike(m.CaseReference)+"%")
	}
	if m.FailedLogin != "" {
		add("action = 'auth.login_failed' AND actor_email LIKE ? ESCAPE '\\'", "%"+escapeLike(m.FailedLogin)+"%")
	}
	seen := map[int64]bool{}
	var out []audit.Event
	for _, q := range branches {
		events, err := db.scanAudit(q.Order(auditOrder(f)).Limit(f.Limit), f.Limit)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if !seen[e.Seq] {
				seen[e.Seq] = true
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b audit.Event) int {
		if f.Ascending {
			return cmp.Compare(a.Seq, b.Seq)
		}
		return cmp.Compare(b.Seq, a.Seq)
	})
	return out[:min(len(out), f.Limit)], nil
}

// walk is column as a condition that keeps SQLite off its index, so that
// it walks the trail in seq order (PostgreSQL's planner chooses by itself).
func (db *DB) walk(column string) string {
	if db.dialect == Postgres {
		return column
	}
	return "+" + column
}

func auditOrder(f audit.Filter) string {
	if f.Ascending {
		return "seq"
	}
	return "seq DESC"
}
