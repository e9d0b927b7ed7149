package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
)

type caseRow struct {
	ID                         uuid.UUID
	Reference                  string
	Title                      string
	Summary                    string
	Category                   string
	Severity                   string
	SeverityRank               int
	Status                     string
	BreachStatus               string
	OwnerID                    uuid.UUID
	DepartmentID               *uuid.UUID
	DetectedAt                 time.Time
	AwareAt                    time.Time
	PersonalDataInvolved       bool
	DataSubjectsEstimate       *int64
	RegulatorDueAt             *time.Time
	RegulatorNotifiedAt        *time.Time
	RegulatorReference         string
	RegulatorDecisionRationale string
	RegulatorDelayReason       string
	Restricted                 bool
	SearchText                 string
	Version                    int64
	CreatedAt                  time.Time
	UpdatedAt                  time.Time
	MemberIDs                  *string `gorm:"->;column:member_ids"`         // read with caseColumns
	ActiveSuspensions          int     `gorm:"->;column:active_suspensions"` // read with caseColumns
}

func (caseRow) TableName() string { return "cases" }

// caseColumns selects a case (without its search text, which only queries
// read; scanCases reads them in this order) with its members' ids,
// comma-separated, so that one query reads a whole case. With
// countSuspensions it also counts the case's active suspensions, which
// decide its allowed moves; lists, which show no moves, leave it 0.
func (db *DB) caseColumns(countSuspensions bool) string {
	columns := `cases.id, cases.reference, cases.title, cases.summary, cases.category, cases.severity, cases.severity_rank,
 cases.status, cases.breach_status, cases.owner_id, cases.department_id, cases.detected_at, cases.aware_at,
 cases.personal_data_involved, cases.data_subjects_estimate, cases.regulator_due_at, cases.regulator_notified_at,
 cases.regulator_reference, cases.regulator_decision_rationale, cases.regulator_delay_reason, cases.restricted,
 cases.version, cases.created_at, cases.updated_at,`
	if countSuspensions {
		columns += `
 (SELECT count(*) FROM suspensions s WHERE s.case_id = cases.id AND s.status = 'active') AS active_suspensions,`
	} else {
		columns += " 0 AS active_suspensions,"
	}
	// Members come unordered (toDomain sorts them): an ordered aggregate is a
	// sort for every row, 6–20 % of a list query on PostgreSQL.
	if db.dialect == Postgres {
		return columns + `
 (SELECT string_agg(m.user_id::text, ',') FROM case_members m WHERE m.case_id = cases.id) AS member_ids`
	}
	return columns + `
 (SELECT group_concat(m.user_id, ',') FROM case_members m WHERE m.case_id = cases.id) AS member_ids`
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

type caseMemberRow struct {
	CaseID uuid.UUID
	UserID uuid.UUID
}

func (caseMemberRow) TableName() string { return "case_members" }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func toCaseRow(c cases.Case) caseRow {
	return caseRow{
		ID: c.ID, Reference: c.Reference, Title: c.Title, Summary: c.Summary, Category: string(c.Category),
		Severity: string(c.Severity), SeverityRank: c.Severity.Rank(), Status: string(c.Status), BreachStatus: string(c.BreachStatus),
		OwnerID: c.OwnerID, DepartmentID: c.DepartmentID, DetectedAt: c.DetectedAt.UTC(), AwareAt: c.AwareAt.UTC(),
		PersonalDataInvolved: c.PersonalDataInvolved, DataSubjectsEstimate: c.DataSubjectsEstimate,
		RegulatorDueAt: utcPtr(c.NotificationDueAt()), RegulatorNotifiedAt: utcPtr(c.RegulatorNotifiedAt),
		RegulatorReference: c.RegulatorReference, RegulatorDecisionRationale: c.RegulatorDecisionRationale,
		RegulatorDelayReason: c.RegulatorDelayReason, Restricted: c.Restricted, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func (r caseRow) toDomain() (cases.Case, error) {
	var members []uuid.UUID
	if r.MemberIDs != nil {
		for _, id := range strings.Split(*r.MemberIDs, ",") {
			m, err := uuid.Parse(id)
			if err != nil {
				return cases.Case{}, fmt.Errorf("case %s: member id %q: %w", r.ID, id, err)
			}
			members = append(members, m)
		}
		slices.SortFunc(members, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	}
	return cases.Case{
		ID: r.ID, Reference: r.Reference, Title: r.Title, Summary: r.Summary, Category: cases.Category(r.Category),
		Severity: cases.Severity(r.Severity), Status: cases.Status(r.Status), BreachStatus: cases.BreachStatus(r.BreachStatus),
		OwnerID: r.OwnerID, DepartmentID: r.DepartmentID, DetectedAt: r.DetectedAt.UTC(), AwareAt: r.AwareAt.UTC(),
		PersonalDataInvolved: r.PersonalDataInvolved, DataSubjectsEstimate: r.DataSubjectsEstimate,
		RegulatorNotifiedAt: utcPtr(r.RegulatorNotifiedAt), RegulatorReference: r.RegulatorReference,
		RegulatorDecisionRationale: r.RegulatorDecisionRationale, RegulatorDelayReason: r.RegulatorDelayReason,
		Restricted: r.Restricted, MemberIDs: members, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ActiveSuspensions: r.ActiveSuspensions,
	}, nil
}

// NextCaseNumbers takes the next n numbers of year in one atomic upsert and
// returns the first; the row stays locked until the caller's transaction ends,
// which keeps numbers gap-free.
func (db *DB) NextCaseNumbers(ctx context.Context, year, n int) (int, error) {
	var last int
	err := db.conn(ctx).Raw(`INSERT INTO case_counters (year, last) VALUES (?, ?)
ON CONFLICT (year) DO UPDATE SET last = case_counters.last + ? RETURNING last`, year, n, n).Scan(&last).Error
	if err != nil {
		return 0, translate(err, "case counter")
	}
	return last - n + 1, nil
}

// CreateCases inserts cs with their members, in as few statements as the
// databases' limits on parameters allow, and returns them as stored.
func (db *DB) CreateCases(ctx context.Context, cs []cases.Case) ([]cases.Case, error) {
	now := Now(ctx)
	rows := make([]caseRow, len(cs))
	var members []caseMemberRow
	out := make([]cases.Case, len(cs))
	for i, c := range cs {
		c.CreatedAt, c.UpdatedAt, c.Version = now, now, 1
		rows[i] = toCaseRow(c)
		rows[i].SearchText = searchText(c.Reference, c.Title, c.Summary)
		for _, m := range c.MemberIDs {
			members = append(members, caseMemberRow{CaseID: c.ID, UserID: m})
		}
		out[i] = asStored(c)
	}
	if err := db.conn(ctx).CreateInBatches(rows, 500).Error; err != nil {
		return nil, translate(err, "case")
	}
	if len(members) > 0 {
		if err := db.conn(ctx).CreateInBatches(members, 1000).Error; err != nil {
			return nil, translate(err, "case members")
		}
	}
	return out, nil
}

// asStored is c as reading it back would return it (times in UTC).
func asStored(c cases.Case) cases.Case {
	stored, _ := toCaseRow(c).toDomain() // no member ids in the row: no error
	stored.MemberIDs, stored.ActiveSuspensions = c.MemberIDs, c.ActiveSuspensions
	return stored
}

// A case's search_text is its reference, title and summary, one per line.
// Notes are indexed in their own rows (see search.go), so that adding one
// costs as much as that note alone.
func searchText(parts ...string) string {
	return strings.Join(parts, "\n")
}

// SetCaseMembers replaces a case's members.
func (db *DB) SetCaseMembers(ctx context.Context, caseID uuid.UUID, members []uuid.UUID) error {
	if err := db.conn(ctx).Where("case_id = ?", caseID).Delete(&caseMemberRow{}).Error; err != nil {
		return translate(err, "case members")
	}
	if len(members) == 0 {
		return nil
	}
	rows := make([]caseMemberRow, len(members))
	for i, m := range members {
		rows[i] = caseMemberRow{CaseID: caseID, UserID: m}
	}
	return translate(db.conn(ctx).Create(&rows).Error, "case members")
}

// visible limits q to the cases scope may see: the one place need-to-know is
// decided for cases (and what hangs off them). Its owner and listed members
// see a case whatever their role; otherwise a restricted case is for admins
// and auditors only, and department heads see only cases of their
// department or suspending one of its services.
func visible(q *gorm.DB, scope cases.Scope) *gorm.DB {
	if scope.All {
		return q
	}
	// OFFSET 0 keeps PostgreSQL from hashing every case the user is a member
	// of before each list (its plan for an EXISTS under OR): for a responder on
	// 3 400 cases that took 1.4 ms of a 2 ms first page. Probed row by row, the
	// check runs only for cases the cheaper conditions before it did not admit.
	const member = "EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = cases.id AND m.user_id = ? LIMIT 1 OFFSET 0)"
	d := scope.DepartmentID
	if d == nil {
		return q.Where("(NOT cases.restricted OR cases.owner_id = ? OR "+member+")", scope.UserID, scope.UserID)
	}
	return q.Where(`((NOT cases.restricted AND (cases.department_id = ? OR EXISTS (SELECT 1 FROM suspensions s JOIN services sv ON sv.id = s.service_id
 WHERE s.case_id = cases.id AND sv.department_id = ?))) OR cases.owner_id = ? OR `+member+")", *d, *d, scope.UserID, scope.UserID)
}

// Case returns one case within scope (NotFound otherwise), optionally locked.
func (db *DB) Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error) {
	var q *gorm.DB
	if forUpdate {
		q = db.conn(ctx).Clauses(db.forUpdate()...)
	} else {
		q = db.reader(ctx)
	}
	q = visible(q.Model(&caseRow{}).Clauses(selectSQL(db.caseColumns(true))), scope).Where("cases.id = ?", id)
	found, err := db.scanCases(q.Limit(1), 1)
	if err != nil {
		return cases.Case{}, err
	}
	if len(found) == 0 {
		return cases.Case{}, apperr.NotFoundf("case not found")
	}
	return found[0], nil
}

// scanCases runs q (selecting caseColumns) and reads its rows by hand: lists
// read many cases, and gorm's reflection cost more than the query. On
// PostgreSQL, outside a transaction, pgx reads them itself (see queryPGX).
func (db *DB) scanCases(q *gorm.DB, capacity int) ([]cases.Case, error) {
	out := make([]cases.Case, 0, capacity)
	// One set of variables for every row (Scan sets each one), and one list of
	// Scan's arguments: built per row, the list and its boxed pointers were a
	// third of a page's allocations.
	var r caseRow
	add := func() error {
		c, err := r.toDomain()
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}
	if db.readsThroughPGX(q) {
		var department pgtype.UUID // a *uuid.UUID would be scanned as text, through its sql.Scanner
		dest := []any{(*[16]byte)(&r.ID), &r.Reference, &r.Title, &r.Summary, &r.Category, &r.Severity, &r.SeverityRank,
			&r.Status, &r.BreachStatus, (*[16]byte)(&r.OwnerID), &department, &r.DetectedAt, &r.AwareAt,
			&r.PersonalDataInvolved, &r.DataSubjectsEstimate, &r.RegulatorDueAt, &r.RegulatorNotifiedAt,
			&r.RegulatorReference, &r.RegulatorDecisionRationale, &r.RegulatorDelayReason, &r.Restricted,
			&r.Version, &r.CreatedAt, &r.UpdatedAt, &r.ActiveSuspensions, &r.MemberIDs}
		err := db.queryPGX(q, &[]caseRow{}, func(rows pgx.Rows) error {
			if err := rows.Scan(dest...); err != nil {
				return fmt.Errorf("read case: %w", err)
			}
			r.DepartmentID = nullPtr(uuid.UUID(department.Bytes), department.Valid)
			return add()
		})
		if err != nil {
			return nil, translate(err, "read cases")
		}
		return out, nil
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, translate(err, "read cases")
	}
	defer rows.Close()
	// database/sql fills sql.Null types without reflection.
	var (
		department        uuid.NullUUID
		subjects          sql.NullInt64
		dueAt, notifiedAt sql.NullTime
		members           sql.NullString
	)
	dest := []any{&r.ID, &r.Reference, &r.Title, &r.Summary, &r.Category, &r.Severity, &r.SeverityRank,
		&r.Status, &r.BreachStatus, &r.OwnerID, &department, &r.DetectedAt, &r.AwareAt,
		&r.PersonalDataInvolved, &subjects, &dueAt, &notifiedAt,
		&r.RegulatorReference, &r.RegulatorDecisionRationale, &r.RegulatorDelayReason, &r.Restricted,
		&r.Version, &r.CreatedAt, &r.UpdatedAt, &r.ActiveSuspensions, &members}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, translate(err, "read case")
		}
		r.DepartmentID, r.DataSubjectsEstimate = nullPtr(department.UUID, department.Valid), nullPtr(subjects.Int64, subjects.Valid)
		r.RegulatorDueAt, r.RegulatorNotifiedAt = nullPtr(dueAt.Time, dueAt.Valid), nullPtr(notifiedAt.Time, notifiedAt.Valid)
		r.MemberIDs = nullPtr(members.String, members.Valid)
		if err := add(); err != nil {
			return nil, err
		}
	}
	return out, translate(rows.Err(), "read cases")
}

func nullPtr[T any](v T, valid bool) *T {
	if !valid {
		return nil
	}
	return &v
}

// UpdateCase stores c, apart from its members, if its version is still
// version, and returns it as stored. Call it with the case locked.
func (db *DB) UpdateCase(ctx context.Context, c cases.Case, version int64) (cases.Case, error) {
	row := toCaseRow(c)
	updates := map[string]any{
		"title": row.Title, "summary": row.Summary, "category": row.Category, "severity": row.Severity,
		"severity_rank": row.SeverityRank, "status": row.Status, "breach_status": row.BreachStatus, "owner_id": row.OwnerID,
		"department_id": row.DepartmentID, "detected_at": row.DetectedAt, "aware_at": row.AwareAt,
		"personal_data_involved": row.PersonalDataInvolved, "data_subjects_estimate": row.DataSubjectsEstimate,
		"regulator_due_at": row.RegulatorDueAt, "regulator_notified_at": row.RegulatorNotifiedAt,
		"regulator_reference": row.RegulatorReference, "regulator_decision_rationale": row.RegulatorDecisionRationale,
		"regulator_delay_reason": row.RegulatorDelayReason, "restricted": row.Restricted,
		"search_text": searchText(c.Reference, c.Title, c.Summary),
	}
	updatedAt, err := db.updateVersioned(ctx, &caseRow{}, c.ID, version, updates, "case")
	if err != nil {
		return cases.Case{}, err
	}
	c.Version, c.UpdatedAt = version+1, updatedAt
	return asStored(c), nil
}

// ListCases returns the cases matching q within its scope, in its order.
func (db *DB) ListCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	column := map[cases.SortKey]string{cases.SortOpened: "cases.created_at", cases.SortUpdated: "cases.updated_at", cases.SortSeverity: "cases.severity_rank"}[q.Sort]
	if column == "" {
		return nil, fmt.Errorf("list cases: unknown sort %q", q.Sort)
	}
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
	matching := func() *gorm.DB { return filterCases(visible(db.reader(ctx).Model(&caseRow{}), q.Scope), q) }
	tx := matching()
	if text := strings.TrimSpace(q.Text); text != "" && db.dialect == Postgres {
		// A page of the cases whose own text matches and a page of those with
		// a matching note, each planned for its words, merged (see search.go).
		inNotes, args, err := db.postgresNoteMatch(ctx, text)
		if err != nil {
			return nil, err
		}
		tx = db.reader(ctx).Model(&caseRow{}).Where("cases.id IN ((?) UNION ALL (?))",
			page(matching().Select("cases.id").Where(postgresOwnMatch, text)), page(matching().Select("cases.id").Where(inNotes, args...)))
	} else if text != "" {
		tx = sqliteTextFilter(tx, text)
	} else if db.dialect == SQLite {
		var err error
		if tx, err = db.sqliteSortIndex(ctx, tx, q); err != nil {
			return nil, err
		}
	}
	return db.scanCases(page(tx.Clauses(selectSQL(db.caseColumns(false)))), q.Limit)
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
	return regulatorFilter(tx, q.RegulatorStatus, q.Now)
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
	res := db.conn(ctx).Model(&caseRow{}).Where("id = ? AND note_count < ?", n.CaseID, max).
		Updates(map[string]any{"note_count": gorm.Expr("note_count + 1"), "updated_at": Now(ctx)})
	if res.Error != nil {
		return translate(res.Error, "case")
	}
	if res.RowsAffected == 0 {
		return apperr.New(apperr.Conflict, fmt.Sprintf("the case already holds %d notes, the most one case may: continue in a related case", max))
	}
	row := noteRow{ID: n.ID, CaseID: n.CaseID, Kind: string(n.Kind), Body: n.Body, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "note")
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

// Assignable reports which of ids are enabled users; with ownersOnly, only
// those in cases.OwnerRoles count.
func (db *DB) Assignable(ctx context.Context, ids []uuid.UUID, ownersOnly bool) (map[uuid.UUID]bool, error) {
	q := db.conn(ctx).Model(&userRow{}).Where("id IN ? AND disabled = ?", ids, false)
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
	UNION SELECT c.actor_id FROM custody_events c JOIN evidence e ON e.id = c.evidence_id WHERE e.case_id = @case
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
