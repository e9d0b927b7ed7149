package store

import (
	"context"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/regimes"
)

type caseMemberRow struct {
	CaseID uuid.UUID
	UserID uuid.UUID
}

func (caseMemberRow) TableName() string { return "case_members" }

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
		// A new case carries no recorded obligation yet: its nearest clock is its own.
		c.NextClockDueAt, c.NextClockLabel = c.RunningClockDue(), ""
		if c.NextClockDueAt != nil {
			c.NextClockLabel = regimes.GDPRLabel
		}
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
	stored.MemberIDs, stored.ActiveSuspensions, stored.OpenTasks = c.MemberIDs, c.ActiveSuspensions, c.OpenTasks
	return stored
}

// A case's search_text is its reference, title and summary, one per line.
// Notes are indexed in their own rows (see search.go), so that adding one
// costs as much as that note alone. When the reference ends in a number with
// leading zeros, a fourth line holds that number without them, so that `150`
// finds INC-2026-0150 (migration 00025 writes the same for older cases).
func searchText(reference, title, summary string) string {
	text := reference + "\n" + title + "\n" + summary
	digits := reference[len(strings.TrimRight(reference, "0123456789")):]
	if short := strings.TrimLeft(digits, "0"); short != "" && short != digits {
		text += "\n" + short
	}
	return text
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
	cond, args := visibleSQL(scope)
	return q.Where(cond, args...)
}

// visibleSQL is visible's condition as SQL on a table named cases, for
// statements gorm does not build ("" when scope sees every case).
func visibleSQL(scope cases.Scope) (string, []any) {
	if scope.All {
		return "", nil
	}
	// OFFSET 0 keeps PostgreSQL from hashing every case the user is a member
	// of before each list (its plan for an EXISTS under OR): for a responder on
	// 3 400 cases that took 1.4 ms of a 2 ms first page. Probed row by row, the
	// check runs only for cases the cheaper conditions before it did not admit.
	const member = "EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = cases.id AND m.user_id = ? LIMIT 1 OFFSET 0)"
	d := scope.DepartmentID
	if d == nil {
		return "(NOT cases.restricted OR cases.owner_id = ? OR " + member + ")", []any{scope.UserID, scope.UserID}
	}
	return `((NOT cases.restricted AND (cases.department_id = ? OR EXISTS (SELECT 1 FROM suspensions s JOIN services sv ON sv.id = s.service_id
 WHERE s.case_id = cases.id AND sv.department_id = ?))) OR cases.owner_id = ? OR ` + member + ")", []any{*d, *d, scope.UserID, scope.UserID}
}

// Case returns one case within scope (NotFound otherwise), optionally locked.
func (db *DB) Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error) {
	var q *gorm.DB
	if forUpdate {
		q = db.conn(ctx).Clauses(db.forUpdate()...)
	} else {
		q = db.reader(ctx)
	}
	q = visible(q.Model(&caseRow{}).Clauses(db.selectCase(true)), scope).Where("cases.id = ?", id)
	found, err := db.scanCases(q.Limit(1), 1)
	if err != nil {
		return cases.Case{}, err
	}
	if len(found) == 0 {
		return cases.Case{}, apperr.NotFoundf("case not found")
	}
	return found[0], nil
}

// UpdateCase stores c, apart from its members, if its version is still
// version, and returns it as stored. Call it with the case locked.
func (db *DB) UpdateCase(ctx context.Context, c cases.Case, version int64) (cases.Case, error) {
	// Its awareness and regulator fields move its clocks: the nearest is kept
	// with it (regimes.go), from its obligations as the lock lets us read them.
	due, label, err := db.nextClock(ctx, c)
	if err != nil {
		return cases.Case{}, err
	}
	c.NextClockDueAt, c.NextClockLabel = due, label
	row := toCaseRow(c)
	updates := map[string]any{
		"title": row.Title, "summary": row.Summary, "category": row.Category, "severity": row.Severity,
		"severity_rank": row.SeverityRank, "status": row.Status, "breach_status": row.BreachStatus, "owner_id": row.OwnerID,
		"department_id": row.DepartmentID, "detected_at": row.DetectedAt, "aware_at": row.AwareAt,
		"personal_data_involved": row.PersonalDataInvolved, "data_subjects_estimate": row.DataSubjectsEstimate,
		"regulator_due_at": row.RegulatorDueAt, "regulator_notified_at": row.RegulatorNotifiedAt,
		"regulator_reference": row.RegulatorReference, "regulator_decision_rationale": row.RegulatorDecisionRationale,
		"regulator_delay_reason": row.RegulatorDelayReason, "restricted": row.Restricted,
		"search_text": searchText(c.Reference, c.Title, c.Summary), "next_clock_due_at": row.NextClockDueAt,
		"next_clock_label": row.NextClockLabel,
	}
	updatedAt, err := db.updateVersioned(ctx, &caseRow{}, c.ID, version, updates, "case")
	if err != nil {
		return cases.Case{}, err
	}
	c.Version, c.UpdatedAt = version+1, updatedAt
	return asStored(c), nil
}
