package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

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
}

func (caseRow) TableName() string { return "cases" }

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

func (r caseRow) toDomain(members []uuid.UUID) cases.Case {
	return cases.Case{
		ID: r.ID, Reference: r.Reference, Title: r.Title, Summary: r.Summary, Category: cases.Category(r.Category),
		Severity: cases.Severity(r.Severity), Status: cases.Status(r.Status), BreachStatus: cases.BreachStatus(r.BreachStatus),
		OwnerID: r.OwnerID, DepartmentID: r.DepartmentID, DetectedAt: r.DetectedAt.UTC(), AwareAt: r.AwareAt.UTC(),
		PersonalDataInvolved: r.PersonalDataInvolved, DataSubjectsEstimate: r.DataSubjectsEstimate,
		RegulatorNotifiedAt: utcPtr(r.RegulatorNotifiedAt), RegulatorReference: r.RegulatorReference,
		RegulatorDecisionRationale: r.RegulatorDecisionRationale, RegulatorDelayReason: r.RegulatorDelayReason,
		Restricted: r.Restricted, MemberIDs: members, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// NextCaseNumber takes the next number of year in one atomic upsert; the row
// stays locked until the caller's transaction ends, which keeps numbers gap-free.
func (db *DB) NextCaseNumber(ctx context.Context, year int) (int, error) {
	var n int
	err := db.conn(ctx).Raw(`INSERT INTO case_counters (year, last) VALUES (?, 1)
ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`, year).Scan(&n).Error
	if err != nil {
		return 0, translate(err, "case counter")
	}
	return n, nil
}

// CreateCase inserts c with its members.
func (db *DB) CreateCase(ctx context.Context, c cases.Case) error {
	now := Now()
	c.CreatedAt, c.UpdatedAt, c.Version = now, now, 1
	row := toCaseRow(c)
	row.SearchText = searchText(c.Reference, c.Title, c.Summary)
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err, "case")
	}
	return db.setMembers(ctx, c.ID, c.MemberIDs)
}

func searchText(parts ...string) string {
	return strings.Join(parts, "\n")
}

func (db *DB) setMembers(ctx context.Context, caseID uuid.UUID, members []uuid.UUID) error {
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
// decided for cases (and what hangs off them). Restricted cases: admins,
// auditors, owner and members only; department heads: cases of their
// department, or suspending one of its services.
func visible(q *gorm.DB, scope cases.Scope) *gorm.DB {
	if scope.All {
		return q
	}
	q = q.Where("(NOT cases.restricted OR cases.owner_id = ? OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = cases.id AND m.user_id = ?))",
		scope.UserID, scope.UserID)
	if d := scope.DepartmentID; d != nil {
		q = q.Where(`(cases.department_id = ? OR EXISTS (SELECT 1 FROM suspensions s JOIN services sv ON sv.id = s.service_id
 WHERE s.case_id = cases.id AND sv.department_id = ?))`, *d, *d)
	}
	return q
}

// Case returns one case within scope (NotFound otherwise), optionally locked.
func (db *DB) Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error) {
	q := visible(db.conn(ctx).Model(&caseRow{}), scope).Where("cases.id = ?", id)
	if forUpdate {
		q = q.Clauses(db.forUpdate()...)
	}
	var row caseRow
	if err := q.Take(&row).Error; err != nil {
		return cases.Case{}, translate(err, "case")
	}
	members, err := db.members(ctx, []uuid.UUID{id})
	if err != nil {
		return cases.Case{}, err
	}
	return row.toDomain(members[id]), nil
}

func (db *DB) members(ctx context.Context, caseIDs []uuid.UUID) (map[uuid.UUID][]uuid.UUID, error) {
	out := map[uuid.UUID][]uuid.UUID{}
	if len(caseIDs) == 0 {
		return out, nil
	}
	var rows []caseMemberRow
	if err := db.conn(ctx).Where("case_id IN ?", caseIDs).Order("user_id").Find(&rows).Error; err != nil {
		return nil, translate(err, "case members")
	}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], r.UserID)
	}
	return out, nil
}

// UpdateCase stores c if its version is still version.
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
	if err := db.updateVersioned(ctx, &caseRow{}, c.ID, version, updates, "case"); err != nil {
		return cases.Case{}, err
	}
	if err := db.setMembers(ctx, c.ID, c.MemberIDs); err != nil {
		return cases.Case{}, err
	}
	return db.Case(ctx, c.ID, cases.Scope{All: true}, false)
}

// ListCases returns the cases matching q within its scope, in its order.
func (db *DB) ListCases(ctx context.Context, q cases.Query) ([]cases.Case, error) {
	tx := visible(db.conn(ctx).Model(&caseRow{}), q.Scope)
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
	tx = regulatorFilter(tx, q.RegulatorStatus, q.Now)
	if text := strings.TrimSpace(q.Text); text != "" {
		tx = db.textFilter(tx, text)
	}
	column := map[cases.SortKey]string{cases.SortOpened: "cases.created_at", cases.SortUpdated: "cases.updated_at", cases.SortSeverity: "cases.severity_rank"}[q.Sort]
	if column == "" {
		return nil, fmt.Errorf("list cases: unknown sort %q", q.Sort)
	}
	dir, cmp := "DESC", "<"
	if q.Ascending {
		dir, cmp = "ASC", ">"
	}
	if c := q.After; c != nil {
		var v any = c.Time.UTC()
		if q.Sort == cases.SortSeverity {
			v = c.Rank
		}
		tx = tx.Where(fmt.Sprintf("(%s, cases.id) %s (?, ?)", column, cmp), v, c.ID)
	}
	var rows []caseRow
	err := tx.Order(fmt.Sprintf("%s %s, cases.id %s", column, dir, dir)).Limit(q.Limit).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "list cases")
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	members, err := db.members(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]cases.Case, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(members[r.ID])
	}
	return out, nil
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

// textFilter matches every word of text in the reference, title, summary or a
// note: PostgreSQL full-text search on its GIN indexes; on SQLite, LIKE.
func (db *DB) textFilter(q *gorm.DB, text string) *gorm.DB {
	if db.dialect == Postgres {
		return q.Where(`(to_tsvector('simple', cases.search_text) @@ plainto_tsquery('simple', ?)
 OR EXISTS (SELECT 1 FROM notes n WHERE n.case_id = cases.id AND to_tsvector('simple', n.body) @@ plainto_tsquery('simple', ?)))`, text, text)
	}
	for _, word := range strings.Fields(strings.ToLower(text)) {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(word) + "%"
		q = q.Where(`(lower(cases.search_text) LIKE ? ESCAPE '\'
 OR EXISTS (SELECT 1 FROM notes n WHERE n.case_id = cases.id AND lower(n.body) LIKE ? ESCAPE '\'))`, like, like)
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

// CreateNote inserts n and touches its case's updated_at.
func (db *DB) CreateNote(ctx context.Context, n cases.Note) error {
	row := noteRow{ID: n.ID, CaseID: n.CaseID, Kind: string(n.Kind), Body: n.Body, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt.UTC()}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err, "note")
	}
	return translate(db.conn(ctx).Model(&caseRow{}).Where("id = ?", n.CaseID).Update("updated_at", Now()).Error, "case")
}

// ListNotes returns a case's notes newest first, after the note afterID.
func (db *DB) ListNotes(ctx context.Context, caseID uuid.UUID, afterID uuid.UUID, limit int) ([]cases.Note, error) {
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
// admins and responders count.
func (db *DB) Assignable(ctx context.Context, ids []uuid.UUID, ownersOnly bool) (map[uuid.UUID]bool, error) {
	q := db.conn(ctx).Model(&userRow{}).Where("id IN ? AND disabled = ?", ids, false)
	if ownersOnly {
		q = q.Where("role IN ?", []string{"admin", "responder"})
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
