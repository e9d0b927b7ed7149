package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/status"
)

// publicSuspensions are the suspensions the status page may show: those of a
// service with a public name, active or restored at or after the time given.
const publicSuspensions = `SELECT s.id FROM suspensions s JOIN services v ON v.id = s.service_id
	WHERE v.public_name IS NOT NULL AND (s.status = 'active' OR (s.status = 'restored' AND s.restored_at >= ?))`

// publicCorrected joins, as c, the public update of the same suspension that
// u corrects; a correction of anything else shows as a plain update.
const publicCorrected = `LEFT JOIN suspension_updates c ON c.id = u.corrects_id AND c.audience = 'public' AND c.suspension_id = u.suspension_id`

type statusSuspensionRow struct {
	ID                    uuid.UUID
	ServiceID             uuid.UUID
	Status                string
	SuspendedAt           time.Time
	ExpectedRestorationAt *time.Time
	BaselineRestorationAt *time.Time
	RestoredAt            *time.Time
}

type statusUpdateRow struct {
	ID           uuid.UUID
	SuspensionID uuid.UUID
	Body         string
	CreatedAt    time.Time
	CorrectsID   *uuid.UUID
	CorrectsAt   *time.Time
	PublicName   string
	Status       string
}

// StatusSnapshot reads what the public status page shows, in three queries;
// it selects no column beyond the public ones.
func (db *DB) StatusSnapshot(ctx context.Context, restoredSince time.Time, perSuspension int) (status.Snapshot, error) {
	var snap status.Snapshot
	restoredSince = restoredSince.UTC()
	var services []struct {
		ID         uuid.UUID
		PublicName string
	}
	err := db.reader(ctx).Table("services").Select("id, public_name").Where("public_name IS NOT NULL").
		Order("lower(public_name), id").Find(&services).Error
	if err != nil {
		return snap, translate(err, "status services")
	}
	snap.Services = make([]status.PublicService, len(services))
	for i, s := range services {
		snap.Services[i] = status.PublicService{ID: s.ID, PublicName: s.PublicName}
	}

	var suspensions []statusSuspensionRow
	err = db.reader(ctx).Raw(`SELECT id, service_id, status, suspended_at, expected_restoration_at, baseline_restoration_at, restored_at
		FROM suspensions WHERE id IN (`+publicSuspensions+`)`, restoredSince).Scan(&suspensions).Error
	if err != nil {
		return snap, translate(err, "status suspensions")
	}
	snap.Suspensions = make([]status.PublicSuspension, len(suspensions))
	for i, s := range suspensions {
		snap.Suspensions[i] = status.PublicSuspension{ID: s.ID, ServiceID: s.ServiceID, Active: s.Status == "active",
			SuspendedAt: s.SuspendedAt.UTC(), Expected: utcPtr(s.ExpectedRestorationAt), Baseline: utcPtr(s.BaselineRestorationAt),
			RestoredAt: utcPtr(s.RestoredAt)}
	}

	var updates []statusUpdateRow
	err = db.reader(ctx).Raw(`SELECT id, suspension_id, body, created_at, corrects_id, corrects_at FROM (
			SELECT u.id, u.suspension_id, u.body, u.created_at, c.id AS corrects_id, c.created_at AS corrects_at,
				ROW_NUMBER() OVER (PARTITION BY u.suspension_id ORDER BY u.created_at DESC, u.id DESC) AS n
			FROM suspension_updates u `+publicCorrected+`
			WHERE u.audience = 'public' AND u.suspension_id IN (`+publicSuspensions+`)
		) t WHERE n <= ?`, restoredSince, perSuspension).Scan(&updates).Error
	if err != nil {
		return snap, translate(err, "status updates")
	}
	snap.Updates = make([]status.PublicUpdate, len(updates))
	for i, u := range updates {
		snap.Updates[i] = status.PublicUpdate{ID: u.ID, SuspensionID: u.SuspensionID, Body: u.Body, At: u.CreatedAt.UTC(),
			CorrectsID: u.CorrectsID, CorrectsAt: utcPtr(u.CorrectsAt)}
	}
	return snap, nil
}

// StatusFeed reads the newest limit public updates of services with a public
// name, with the name and the state their suspension stands for.
func (db *DB) StatusFeed(ctx context.Context, limit int) ([]status.FeedEntry, error) {
	var rows []statusUpdateRow
	err := db.reader(ctx).Raw(`SELECT u.id, u.suspension_id, u.body, u.created_at, c.id AS corrects_id, c.created_at AS corrects_at,
			v.public_name, s.status
		FROM suspension_updates u JOIN suspensions s ON s.id = u.suspension_id JOIN services v ON v.id = s.service_id `+publicCorrected+`
		WHERE u.audience = 'public' AND v.public_name IS NOT NULL
		ORDER BY u.created_at DESC, u.id DESC LIMIT ?`, limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "status feed")
	}
	out := make([]status.FeedEntry, len(rows))
	for i, r := range rows {
		state := status.Suspended
		if r.Status != "active" {
			state = status.Restored
		}
		out[i] = status.FeedEntry{
			Update:     status.Update{ID: r.ID, Body: r.Body, At: r.CreatedAt.UTC(), CorrectsAt: utcPtr(r.CorrectsAt)},
			CorrectsID: r.CorrectsID, PublicName: r.PublicName, State: state,
		}
	}
	return out, nil
}
