package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/restoration"
)

// ReadSnapshot runs fn in one read-only transaction carried in its context,
// so that every store read fn makes sees one consistent state of the
// database: on PostgreSQL REPEATABLE READ READ ONLY (the snapshot is taken at
// the first statement); on SQLite a transaction on a read-only connection,
// which in WAL mode reads one snapshot from its first read to its end. Like
// InTx, the whole transaction is bounded by the timeout. fn must not write:
// PostgreSQL refuses, and an audit event recorded in it is an error.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*txState); ok {
		return errors.New("read snapshot: already in a transaction")
	}
	ctx, cancel := db.bounded(ctx)
	defer cancel()
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	conn := db.gorm
	if db.dialect == SQLite {
		opts, conn = nil, db.readers // SQLite takes no isolation level; its readers cannot write
	}
	return unavailable(conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		st := &txState{tx: tx}
		if err := fn(context.WithValue(ctx, txKey{}, st)); err != nil {
			return err
		}
		if len(st.pending) > 0 {
			return errors.New("read snapshot: an audit event was recorded in a read-only transaction")
		}
		return nil
	}, opts))
}

// CaseNotes returns every note of a case, oldest first (ids are time-ordered).
func (db *DB) CaseNotes(ctx context.Context, v cases.Visible) ([]cases.Note, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case notes: %w", err)
	}
	var rows []noteRow
	if err := db.reader(ctx).Where("case_id = ?", caseID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "case notes")
	}
	out := make([]cases.Note, len(rows))
	for i, r := range rows {
		out[i] = cases.Note{ID: r.ID, CaseID: r.CaseID, Kind: cases.NoteKind(r.Kind), Body: r.Body, AuthorID: r.AuthorID, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

// CaseCustody returns the custody events of every item of a case, each
// item's oldest first, in one query.
func (db *DB) CaseCustody(ctx context.Context, v cases.Visible) ([]evidence.CustodyEvent, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case custody events: %w", err)
	}
	var rows []custodyRow
	err = db.reader(ctx).Select("custody_events.*").Joins("JOIN evidence e ON e.id = custody_events.evidence_id").
		Where("e.case_id = ?", caseID).Order("custody_events.evidence_id, custody_events.occurred_at, custody_events.id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "case custody events")
	}
	return toCustody(rows), nil
}

// AddCustodyEvents appends custody events in as few statements as both
// databases' limits on bound parameters allow.
func (db *DB) AddCustodyEvents(ctx context.Context, evs []evidence.CustodyEvent) error {
	if len(evs) == 0 {
		return nil
	}
	now := Now(ctx)
	rows := make([]custodyRow, len(evs))
	for i, e := range evs {
		rows[i] = custodyRow{ID: e.ID, EvidenceID: e.EvidenceID, Action: string(e.Action), ActorID: e.ActorID, FromParty: e.FromParty,
			ToParty: e.ToParty, Location: e.Location, Purpose: e.Purpose, OccurredAt: e.OccurredAt.UTC(), TimeZone: e.TimeZone,
			Note: e.Note, CreatedAt: now, SealID: e.Seal}
	}
	return translate(db.conn(ctx).CreateInBatches(rows, custodyInsertBatch).Error, "custody events")
}

// custodyInsertBatch keeps a multi-row insert of custody events (13 columns)
// under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters.
const custodyInsertBatch = 1000

// CaseServices returns the services a case's suspensions name, by name.
func (db *DB) CaseServices(ctx context.Context, v cases.Visible) ([]directory.Service, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case services: %w", err)
	}
	var rows []serviceRow
	err = db.reader(ctx).Clauses(selectSQL(serviceColumns)).
		Where("services.id IN (SELECT s.service_id FROM suspensions s WHERE s.case_id = ?)", caseID).Order("services.name, services.id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "case services")
	}
	out := make([]directory.Service, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// CaseMilestones returns the milestones of every suspension of a case, by
// suspension, each in position order, in one query.
func (db *DB) CaseMilestones(ctx context.Context, v cases.Visible) (map[uuid.UUID][]restoration.Milestone, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case milestones: %w", err)
	}
	var rows []milestoneRow
	err = db.reader(ctx).Where("suspension_id IN (SELECT s.id FROM suspensions s WHERE s.case_id = ?)", caseID).
		Order("suspension_id, position, id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "case milestones")
	}
	out := map[uuid.UUID][]restoration.Milestone{}
	for _, r := range rows {
		out[r.SuspensionID] = append(out[r.SuspensionID], r.toDomain())
	}
	return out, nil
}

// CaseReplans returns the re-plans of every suspension of a case, oldest
// first, in one query.
func (db *DB) CaseReplans(ctx context.Context, v cases.Visible) ([]restoration.Replan, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case re-plans: %w", err)
	}
	var rows []replanRow
	err = db.reader(ctx).Where("suspension_id IN (SELECT s.id FROM suspensions s WHERE s.case_id = ?)", caseID).Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "case re-plans")
	}
	out := make([]restoration.Replan, len(rows))
	for i, r := range rows {
		out[i] = restoration.Replan{ID: r.ID, SuspensionID: r.SuspensionID, MilestoneID: r.MilestoneID, Kind: restoration.ReplanKind(r.Kind),
			From: utcPtr(r.FromAt), To: utcPtr(r.ToAt), Reason: r.Reason, ByID: r.ByID, At: r.CreatedAt.UTC()}
	}
	return out, nil
}

// CaseUpdates returns the updates posted on every suspension of a case,
// oldest first, with their authors' names, in one query.
func (db *DB) CaseUpdates(ctx context.Context, v cases.Visible) ([]restoration.Update, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("case suspension updates: %w", err)
	}
	var rows []updateRow
	err = db.updates(ctx).Where("suspension_updates.suspension_id IN (SELECT s.id FROM suspensions s WHERE s.case_id = ?)", caseID).
		Order("suspension_updates.id").Find(&rows).Error
	if err != nil {
		return nil, translate(err, "case suspension updates")
	}
	out := make([]restoration.Update, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
