package store

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/cases"
)

// caseColumn is one column a case is read with: its SQL, and the destination
// in a caseRow that a row's value is scanned into.
type caseColumn struct {
	sql  string
	dest func(*caseRow) any
}

// caseColumns are the columns a case is read with, in order: the SELECT list
// and the scan destinations are both built from it, so a column is added
// with one line (and its field in caseRow). The search text is left out: only
// queries read it. Nullable columns and uuids scan through the destinations
// in casedest.go, which pgx and database/sql both fill without reflection.
var caseColumns = []caseColumn{
	{"cases.id", func(r *caseRow) any { return uuidDest{&r.ID} }},
	{"cases.reference", func(r *caseRow) any { return &r.Reference }},
	{"cases.title", func(r *caseRow) any { return &r.Title }},
	{"cases.summary", func(r *caseRow) any { return &r.Summary }},
	{"cases.category", func(r *caseRow) any { return &r.Category }},
	{"cases.severity", func(r *caseRow) any { return &r.Severity }},
	{"cases.severity_rank", func(r *caseRow) any { return &r.SeverityRank }},
	{"cases.status", func(r *caseRow) any { return &r.Status }},
	{"cases.breach_status", func(r *caseRow) any { return &r.BreachStatus }},
	{"cases.owner_id", func(r *caseRow) any { return uuidDest{&r.OwnerID} }},
	{"cases.department_id", func(r *caseRow) any { return &nullUUIDDest{p: &r.DepartmentID} }},
	{"cases.detected_at", func(r *caseRow) any { return &r.DetectedAt }},
	{"cases.aware_at", func(r *caseRow) any { return &r.AwareAt }},
	{"cases.personal_data_involved", func(r *caseRow) any { return &r.PersonalDataInvolved }},
	{"cases.data_subjects_estimate", func(r *caseRow) any { return &nullInt64Dest{p: &r.DataSubjectsEstimate} }},
	{"cases.regulator_due_at", func(r *caseRow) any { return &nullTimeDest{p: &r.RegulatorDueAt} }},
	{"cases.regulator_notified_at", func(r *caseRow) any { return &nullTimeDest{p: &r.RegulatorNotifiedAt} }},
	{"cases.regulator_reference", func(r *caseRow) any { return &r.RegulatorReference }},
	{"cases.regulator_decision_rationale", func(r *caseRow) any { return &r.RegulatorDecisionRationale }},
	{"cases.regulator_delay_reason", func(r *caseRow) any { return &r.RegulatorDelayReason }},
	{"cases.restricted", func(r *caseRow) any { return &r.Restricted }},
	{"cases.next_clock_due_at", func(r *caseRow) any { return &nullTimeDest{p: &r.NextClockDueAt} }},
	{"cases.next_clock_label", func(r *caseRow) any { return &r.NextClockLabel }},
	{"cases.version", func(r *caseRow) any { return &r.Version }},
	{"cases.created_at", func(r *caseRow) any { return &r.CreatedAt }},
	{"cases.updated_at", func(r *caseRow) any { return &r.UpdatedAt }},
	{activeSuspensionsColumn, func(r *caseRow) any { return &r.ActiveSuspensions }},
	{openTasksColumn, func(r *caseRow) any { return &r.OpenTasks }},
	{memberIDsColumn, func(r *caseRow) any { return &nullStringDest{p: &r.MemberIDs} }},
}

// The two columns whose SQL depends on the dialect or the read (see caseSelect).
const (
	activeSuspensionsColumn = "active_suspensions"
	openTasksColumn         = "open_tasks"
	memberIDsColumn         = "member_ids"
)

// caseSelect writes caseColumns as a SELECT list. A case's members come as
// their ids, comma-separated, so that one query reads a whole case. With
// countSuspensions it also counts the case's active suspensions, which
// decide its allowed moves; lists, which show no moves, leave it 0.
func caseSelect(d Dialect, countSuspensions bool) string {
	list := make([]string, len(caseColumns))
	for i, c := range caseColumns {
		switch {
		case c.sql == activeSuspensionsColumn && countSuspensions:
			list[i] = "(SELECT count(*) FROM suspensions s WHERE s.case_id = cases.id AND s.status = 'active') AS active_suspensions"
		case c.sql == activeSuspensionsColumn:
			list[i] = "0 AS active_suspensions"
		// Open tasks, like active suspensions, keep a case from closing; a
		// review's follow-up actions outlive it, so do not.
		case c.sql == openTasksColumn && countSuspensions:
			list[i] = "(SELECT count(*) FROM tasks t WHERE t.case_id = cases.id AND t.status IN ('todo', 'in_progress') AND NOT EXISTS (SELECT 1 FROM review_follow_ups f WHERE f.task_id = t.id)) AS open_tasks"
		case c.sql == openTasksColumn:
			list[i] = "0 AS open_tasks"
		// Members come unordered (toDomain sorts them): an ordered aggregate is a
		// sort for every row, 6–20 % of a list query on PostgreSQL.
		case c.sql == memberIDsColumn && d == Postgres:
			list[i] = "(SELECT string_agg(m.user_id::text, ',') FROM case_members m WHERE m.case_id = cases.id) AS member_ids"
		case c.sql == memberIDsColumn:
			list[i] = "(SELECT group_concat(m.user_id, ',') FROM case_members m WHERE m.case_id = cases.id) AS member_ids"
		default:
			list[i] = c.sql
		}
	}
	return strings.Join(list, ", ")
}

// caseSelects holds caseSelect's lists, written once.
var caseSelects = map[Dialect][2]clause.Select{
	Postgres: {selectSQL(caseSelect(Postgres, false)), selectSQL(caseSelect(Postgres, true))},
	SQLite:   {selectSQL(caseSelect(SQLite, false)), selectSQL(caseSelect(SQLite, true))},
}

// selectCase is the SELECT clause that scanCases reads.
func (db *DB) selectCase(countSuspensions bool) clause.Select {
	if countSuspensions {
		return caseSelects[db.dialect][1]
	}
	return caseSelects[db.dialect][0]
}

// selectSQL is a SELECT list given as SQL, written as it is. gorm's
// Select(string) looks the whole string up as a field name first, converting
// it to snake case, and then scans it for placeholders: a tenth of a GET
// case's server time for a list of columns this long.
func selectSQL(columns string) clause.Select {
	return clause.Select{Expression: rawSQL(columns)}
}

// rawSQL is SQL without placeholders.
type rawSQL string

func (r rawSQL) Build(b clause.Builder) { b.WriteString(string(r)) }

// scanCases runs q (selecting selectCase) and reads its rows by hand: lists
// read many cases, and gorm's reflection cost more than the query. There is
// one read path per dialect: pgx on PostgreSQL (see queryPGX), database/sql
// on SQLite. A PostgreSQL transaction's connection is held by database/sql,
// so reads inside one go through it, into the same destinations (the test
// of the read paths proves the results equal).
func (db *DB) scanCases(q *gorm.DB, capacity int) ([]cases.Case, error) {
	out := make([]cases.Case, 0, capacity)
	// One set of variables for every row (Scan sets each one), and one list of
	// Scan's arguments: built per row, the list and its boxed pointers were a
	// third of a page's allocations.
	var r caseRow
	dest := make([]any, len(caseColumns))
	for i, c := range caseColumns {
		dest[i] = c.dest(&r)
	}
	scan := func(row interface{ Scan(...any) error }) error {
		if err := row.Scan(dest...); err != nil {
			return fmt.Errorf("read case: %w", err)
		}
		c, err := r.toDomain()
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}
	if db.readsThroughPGX(q) {
		if err := db.queryPGX(q, &[]caseRow{}, func(rows pgx.Rows) error { return scan(rows) }); err != nil {
			return nil, translate(err, "read cases")
		}
		return out, nil
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, translate(err, "read cases")
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return nil, translate(err, "read cases")
		}
	}
	return out, translate(rows.Err(), "read cases")
}
