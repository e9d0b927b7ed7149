package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/cases"
)

// ListCases returns the cases matching q within its scope, in its order.
func (db *DB) ListCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	if q.Sort == cases.SortRegulatorDue {
		return db.listByRegulatorDue(ctx, q)
	}
	column := map[cases.SortKey]string{cases.SortOpened: "cases.created_at", cases.SortUpdated: "cases.updated_at", cases.SortSeverity: "cases.severity_rank"}[q.Sort]
	if column == "" {
		return nil, fmt.Errorf("list cases: unknown sort %q", q.Sort)
	}
	return db.listPage(ctx, q, column, "")
}

// clockRuns holds for the cases with a running clock (overdue included) under
// any of their notification obligations; its words match cases_next_clock_idx.
const clockRuns = "cases.next_clock_due_at IS NOT NULL"

// listByRegulatorDue lists the cases with a running clock by the nearest
// one's end (through cases_next_clock_idx), then, once those are done, every
// other case newest first. A cursor among the others says so (NoClock) and
// holds their opening.
func (db *DB) listByRegulatorDue(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	var out []cases.Case
	if q.After == nil || !q.After.NoClock {
		running, err := db.listPage(ctx, q, "cases.next_clock_due_at", clockRuns)
		if err != nil || len(running) >= q.Limit {
			return running, err
		}
		out, q.After = running, nil
	}
	rest := q
	rest.Sort, rest.Ascending, rest.Limit = cases.SortOpened, false, q.Limit-len(out)
	others, err := db.listPage(ctx, rest, "cases.created_at", "cases.next_clock_due_at IS NULL")
	if err != nil {
		return nil, err
	}
	return append(out, others...), nil
}

// listPage reads a page of the cases matching q and the condition segment (if
// any), ordered by column and id in q's direction.
func (db *DB) listPage(ctx context.Context, q cases.Query, column, segment string) ([]cases.Case, error) {
	dir, cmp := "DESC", "<"
	if q.Ascending {
		dir, cmp = "ASC", ">"
	}
	// page keeps the cases after q's cursor, in q's order, at most q.Limit.
	page := func(tx *gorm.DB) *gorm.DB {
		if c := q.After; c != nil {
			var v any = c.Time.UTC()
			if q.Sort == cases.SortSeverity {
				v = c.Rank
			}
			tx = tx.Where(fmt.Sprintf("(%s, cases.id) %s (?, ?)", column, cmp), v, c.ID)
		}
		tx = tx.Order(fmt.Sprintf("%s %s, cases.id %s", column, dir, dir))
		// With the LIMIT bound, PostgreSQL costs a generic plan as if it returned a
		// tenth of the table and so planned every list again: a third of a page's
		// time in the database. With the LIMIT written in, it keeps a generic plan
		// where that costs no more than planning each time (plain and filtered
		// lists), and still plans each search for its words (a common word and a
		// rare one need different plans). SQLite's driver writes every LIMIT in
		// already.
		if db.dialect == Postgres {
			return tx.Clauses(writtenLimit(q.Limit))
		}
		return tx.Limit(q.Limit)
	}
	matching := func() *gorm.DB {
		tx := filterCases(visible(db.reader(ctx).Model(&caseRow{}), q.Scope), q)
		if segment != "" {
			tx = tx.Where(segment)
		}
		return tx
	}
	tx := matching()
	words := searchWords(q.Text)
	if len(words) == 0 && strings.TrimSpace(q.Text) != "" {
		return []cases.Case{}, nil // punctuation only: no word to find (search.go)
	}
	if len(words) > 0 && db.dialect == Postgres {
		// A page of the cases whose own text matches and a page of those with
		// a matching note, each planned for its words, merged (see search.go).
		query := postgresQuery(words)
		inNotes, args, err := db.postgresNoteMatch(ctx, query)
		if err != nil {
			return nil, err
		}
		tx = db.reader(ctx).Model(&caseRow{}).Where("cases.id IN ((?) UNION ALL (?))",
			page(matching().Select("cases.id").Where(postgresOwnMatch, query)), page(matching().Select("cases.id").Where(inNotes, args...)))
	} else if len(words) > 0 {
		tx = sqliteTextFilter(tx, words)
	} else if db.dialect == SQLite {
		var err error
		if tx, err = db.sqliteSortIndex(ctx, tx, q); err != nil {
			return nil, err
		}
	}
	return db.scanCases(page(tx.Clauses(db.selectCase(false))), q.Limit)
}

// CountCases counts the cases matching q within its scope (its order and
// cursor aside), reading at most limit of them: the list's total, capped so
// that a broad filter never costs a count of every case.
func (db *DB) CountCases(ctx context.Context, q cases.Query, limit int) (int, error) {
	tx := filterCases(visible(db.reader(ctx).Model(&caseRow{}), q.Scope), q)
	words := searchWords(q.Text)
	if len(words) == 0 && strings.TrimSpace(q.Text) != "" {
		return 0, nil // punctuation only: no word to find, as ListCases
	}
	if len(words) > 0 && db.dialect == Postgres {
		query := postgresQuery(words)
		inNotes, args, err := db.postgresNoteMatch(ctx, query)
		if err != nil {
			return 0, err
		}
		tx = tx.Where("("+postgresOwnMatch+" OR "+inNotes+")", append([]any{query}, args...)...)
	} else if len(words) > 0 {
		tx = sqliteTextFilter(tx, words)
	}
	var n int64
	if err := db.reader(ctx).Raw("SELECT count(*) FROM (?) AS matching", tx.Select("1").Limit(limit)).Scan(&n).Error; err != nil {
		return 0, translate(err, "count the cases to list")
	}
	return int(n), nil
}

// writtenLimit is a LIMIT written into PostgreSQL's SQL instead of bound.
type writtenLimit int

func (writtenLimit) Name() string { return "LIMIT" }

func (l writtenLimit) Build(b clause.Builder) { b.WriteString("LIMIT " + strconv.Itoa(int(l))) }

func (l writtenLimit) MergeClause(c *clause.Clause) { c.Name, c.Expression = "", l }

// filterCases applies q's filters other than its search text.
func filterCases(tx *gorm.DB, q cases.Query) *gorm.DB {
	tx = inList(tx, "cases.status", q.Statuses)
	tx = inList(tx, "cases.severity", q.Severities)
	tx = inList(tx, "cases.breach_status", q.BreachStatuses)
	tx = inList(tx, "cases.category", q.Categories)
	if q.DepartmentID != nil {
		tx = tx.Where("cases.department_id = ?", *q.DepartmentID)
	}
	if q.OwnerID != nil {
		tx = tx.Where("cases.owner_id = ?", *q.OwnerID)
	}
	if !q.OpenedAfter.IsZero() {
		tx = tx.Where("cases.created_at >= ?", q.OpenedAfter.UTC())
	}
	if !q.OpenedBefore.IsZero() {
		tx = tx.Where("cases.created_at < ?", q.OpenedBefore.UTC())
	}
	return clockFilter(regulatorFilter(tx, q.RegulatorStatus, q.Now), q.Clock, q.Now)
}

// clockFilter keeps the cases whose nearest running clock (any obligation)
// is still due, or overdue (cases_next_clock_idx).
func clockFilter(q *gorm.DB, clock cases.ClockFilter, now time.Time) *gorm.DB {
	switch clock {
	case cases.ClockDue:
		return q.Where("cases.next_clock_due_at > ?", now.UTC())
	case cases.ClockOverdue:
		return q.Where("cases.next_clock_due_at <= ?", now.UTC())
	}
	return q
}

// sortIndexes are the indexes that read cases in each sort order other than
// opening, whose order the status, department and owner indexes keep too.
var sortIndexes = map[cases.SortKey]string{cases.SortSeverity: "cases_severity_idx", cases.SortUpdated: "cases_updated_idx"}

// sqliteSortIndex tells SQLite how to read a list sorted by severity or by
// update when it is filtered by status, department or owner. SQLite 3.54
// reads every case matching the filter through its index and sorts them (57 ms
// for two statuses at 100 000 cases, and everything else waits) even when a
// third of the cases match and walking the sort's own index finds a page in
// the first 150. So it is told, as for a search: with fewer than sortLimit
// matches they are read and sorted; with more, the sort's index is walked.
func (db *DB) sqliteSortIndex(ctx context.Context, tx *gorm.DB, q cases.Query) (*gorm.DB, error) {
	index := sortIndexes[q.Sort]
	if index == "" || (len(q.Statuses) == 0 && q.DepartmentID == nil && q.OwnerID == nil) {
		return tx, nil
	}
	matches := filterCases(visible(db.reader(ctx).Model(&caseRow{}).Select("1"), q.Scope), q).Limit(sortLimit)
	var n int64
	if err := db.reader(ctx).Raw("SELECT count(*) FROM (?)", matches).Scan(&n).Error; err != nil {
		return nil, translate(err, "count the cases to list")
	}
	if n < sortLimit {
		return tx, nil
	}
	return tx.Table("cases INDEXED BY " + index), nil
}

func inList[T ~string](q *gorm.DB, column string, values []T) *gorm.DB {
	if len(values) == 0 {
		return q
	}
	return q.Where(column+" IN ?", values)
}

// regulatorFilter mirrors cases.Case.RegulatorStatusAt in SQL.
func regulatorFilter(q *gorm.DB, status cases.RegulatorStatus, now time.Time) *gorm.DB {
	open := "cases.regulator_notified_at IS NULL AND cases.regulator_due_at IS NOT NULL AND cases.regulator_decision_rationale = ''"
	switch status {
	case cases.RegulatorNotified:
		return q.Where("cases.regulator_notified_at IS NOT NULL")
	case cases.RegulatorNotRequired:
		return q.Where("cases.regulator_notified_at IS NULL AND (cases.regulator_due_at IS NULL OR cases.regulator_decision_rationale <> '')")
	case cases.RegulatorDue:
		return q.Where(open+" AND cases.regulator_due_at > ?", now.UTC())
	case cases.RegulatorOverdue:
		return q.Where(open+" AND cases.regulator_due_at <= ?", now.UTC())
	}
	return q
}
