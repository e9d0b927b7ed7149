package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/mywork"
)

// openClock is a case with a running clock under any of its obligations.
const openClock = clockRuns

// countUpTo counts q's rows up to mywork.CountCap+1, so that a large match
// costs no more than that many rows.
func (db *DB) countUpTo(ctx context.Context, q *gorm.DB, what string) (int, error) {
	var n int64
	err := db.reader(ctx).Raw("SELECT count(*) FROM (?) AS capped", q.Select("1").Limit(mywork.CountCap+1)).Scan(&n).Error
	return int(n), translate(err, what)
}

// casesInOrder reads the cases page picks (a query of cases in its order,
// limited), in order. The page is chosen on its ids alone and only its cases
// are read whole: with the whole case in the SELECT list, SQLite built every
// matching row (members and all) before sorting them, 1.4 s for an owner of
// 10 000 cases.
func (db *DB) casesInOrder(ctx context.Context, page *gorm.DB, order string, limit int) ([]cases.Case, error) {
	q := db.reader(ctx).Model(&caseRow{}).Clauses(db.selectCase(false)).Where("cases.id IN (?)", page.Select("cases.id")).Order(order)
	return db.scanCases(q, limit)
}

// OwnOpenCases lists the cases owner owns that are not closed, the soonest
// running regulator deadline first, then the newest (cases_owner_idx).
func (db *DB) OwnOpenCases(ctx context.Context, owner uuid.UUID, limit int) ([]cases.Case, int, error) {
	matching := func() *gorm.DB {
		return db.reader(ctx).Model(&caseRow{}).Where("cases.owner_id = ? AND cases.status <> ?", owner, cases.Closed)
	}
	order := "CASE WHEN " + openClock + " THEN 0 ELSE 1 END, CASE WHEN " + openClock + " THEN cases.next_clock_due_at END, cases.created_at DESC, cases.id DESC"
	list, err := db.casesInOrder(ctx, matching().Order(order).Limit(limit), order, limit)
	if err != nil {
		return nil, 0, err
	}
	n, err := db.countUpTo(ctx, matching(), "count my open cases")
	return list, n, err
}

// ClocksDue lists the cases scope may see whose nearest running clock (any
// obligation) is due before before, overdue ones included, the soonest first
// (cases_next_clock_idx).
func (db *DB) ClocksDue(ctx context.Context, scope cases.Scope, before time.Time, limit int) ([]cases.Case, int, error) {
	matching := func() *gorm.DB {
		return visible(db.reader(ctx).Model(&caseRow{}), scope).Where("cases.next_clock_due_at < ?", before.UTC())
	}
	const order = "cases.next_clock_due_at, cases.id"
	list, err := db.casesInOrder(ctx, matching().Order(order).Limit(limit), order, limit)
	if err != nil {
		return nil, 0, err
	}
	n, err := db.countUpTo(ctx, matching(), "count regulator clocks")
	return list, n, err
}

// possession are the custody actions that move an item: its holder is the
// party the latest of them went to (none after a disposal).
const possession = "('collected', 'transferred', 'returned', 'disposed')"

type heldRow struct {
	EvidenceID    uuid.UUID
	Title         string
	Kind          string
	CaseID        uuid.UUID
	CaseReference string
	CaseTitle     string
	HeldSince     time.Time
}

// HeldEvidence lists the items on cases scope may see whose latest hand-over
// (collection, transfer or return, by the time it happened) went to user,
// named by email or name in any case, the newest hand-over first. The
// custody events to the user come from custody_events_to_party_idx; each is
// checked to be its item's latest through custody_events_evidence_idx.
func (db *DB) HeldEvidence(ctx context.Context, scope cases.Scope, user uuid.UUID, limit int) ([]mywork.HeldItem, int, error) {
	var u userRow
	if err := db.reader(ctx).Select("email", "name").Where("id = ?", user).Take(&u).Error; err != nil {
		return nil, 0, translate(err, "user")
	}
	parties := []string{strings.ToLower(strings.TrimSpace(u.Email))}
	if name := strings.ToLower(strings.TrimSpace(u.Name)); name != "" {
		parties = append(parties, name)
	}
	matching := func() *gorm.DB {
		// CROSS JOIN keeps SQLite's join order as written: from the custody
		// events to the user (custody_events_to_party_idx) to their items and
		// cases, never from every case the user may see. PostgreSQL plans it
		// as an inner join.
		q := db.reader(ctx).Table("custody_events ce").
			Joins("CROSS JOIN evidence e").Where("e.id = ce.evidence_id").
			Joins("CROSS JOIN cases").Where("cases.id = e.case_id").
			Where("lower(ce.to_party) IN ? AND ce.action IN ('collected', 'transferred', 'returned')", parties).
			Where(`NOT EXISTS (SELECT 1 FROM custody_events later WHERE later.evidence_id = ce.evidence_id AND later.action IN ` + possession + `
 AND (later.occurred_at > ce.occurred_at OR (later.occurred_at = ce.occurred_at AND later.id > ce.id)))`)
		return visible(q, scope)
	}
	var rows []heldRow
	err := matching().Select("e.id AS evidence_id, e.title, e.kind, e.case_id, cases.reference AS case_reference, cases.title AS case_title, ce.occurred_at AS held_since").
		Order("ce.occurred_at DESC, ce.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, translate(err, "evidence held")
	}
	out := make([]mywork.HeldItem, len(rows))
	for i, r := range rows {
		out[i] = mywork.HeldItem{EvidenceID: r.EvidenceID, Title: r.Title, Kind: r.Kind, CaseID: r.CaseID,
			CaseReference: r.CaseReference, CaseTitle: r.CaseTitle, HeldSince: r.HeldSince.UTC()}
	}
	n, err := db.countUpTo(ctx, matching(), "count evidence held")
	return out, n, err
}

// exportActions are the audit trail's export events.
var exportActions = []string{"export.case", "export.audit"}

// RecentExports lists the newest export events (audit_events_action_idx).
func (db *DB) RecentExports(ctx context.Context, limit int) ([]audit.Event, int, error) {
	matching := func() *gorm.DB { return db.reader(ctx).Model(&auditRow{}).Where("action IN ?", exportActions) }
	events, err := db.scanAudit(matching().Order("seq DESC").Limit(limit), limit)
	if err != nil {
		return nil, 0, err
	}
	n, err := db.countUpTo(ctx, matching(), "count exports")
	return events, n, err
}

type auditVerificationRow struct {
	ID              uuid.UUID
	VerifiedAt      time.Time
	VerifiedByID    *uuid.UUID
	Valid           bool
	Checked         int64
	FirstInvalidSeq *int64
}

func (auditVerificationRow) TableName() string { return "audit_verifications" }

// RecordAuditVerification keeps one walk of the audit chain.
func (db *DB) RecordAuditVerification(ctx context.Context, v audit.Verification) error {
	row := auditVerificationRow{ID: uuid.Must(uuid.NewV7()), VerifiedAt: v.At.UTC(), VerifiedByID: v.ByID,
		Valid: v.Result.Valid, Checked: v.Result.Checked, FirstInvalidSeq: v.Result.FirstInvalidSeq}
	return translate(db.conn(ctx).Create(&row).Error, "audit verification")
}

// LastAuditVerification is the newest recorded walk of the chain, nil if none.
func (db *DB) LastAuditVerification(ctx context.Context) (*audit.Verification, error) {
	var rows []auditVerificationRow
	if err := db.reader(ctx).Order("verified_at DESC, id DESC").Limit(1).Find(&rows).Error; err != nil {
		return nil, translate(err, "audit verification")
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	return &audit.Verification{At: r.VerifiedAt.UTC(), ByID: r.VerifiedByID,
		Result: audit.VerifyResult{Valid: r.Valid, Checked: r.Checked, FirstInvalidSeq: r.FirstInvalidSeq}}, nil
}

// LatestAuditSeq is the newest audit event's number, 0 for an empty trail.
func (db *DB) LatestAuditSeq(ctx context.Context) (int64, error) {
	var seq *int64
	err := db.reader(ctx).Raw("SELECT max(seq) FROM audit_events").Scan(&seq).Error
	if err != nil || seq == nil {
		return 0, translate(err, "latest audit event")
	}
	return *seq, nil
}

// SetupState says whether a department, a service and a user other than an
// administrator exist.
func (db *DB) SetupState(ctx context.Context) (mywork.Setup, error) {
	var s struct{ Departments, Services, Users bool }
	err := db.reader(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM departments) AS departments, EXISTS (SELECT 1 FROM services) AS services,
 EXISTS (SELECT 1 FROM users WHERE role <> 'admin') AS users`).Scan(&s).Error
	return mywork.Setup{Departments: s.Departments, Services: s.Services, Users: s.Users}, translate(err, "set-up state")
}

var _ mywork.Store = (*DB)(nil)
