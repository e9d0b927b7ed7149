package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/alerts"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/observables"
)

type alertRow struct {
	ID           uuid.UUID
	Source       string
	SourceRef    string
	Title        string
	Description  string
	Severity     string
	Status       string
	Observables  string // a JSON array of alertObservable
	Raw          *string
	RawSHA256    string `gorm:"column:raw_sha256"`
	RawSize      int
	Occurrences  int64
	FirstSeenAt  time.Time
	LastSeenAt   time.Time
	CaseID       *uuid.UUID
	IgnoreReason string
	DecidedByID  *uuid.UUID
	DecidedAt    *time.Time
	CreatedByID  uuid.UUID
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Version      int64
}

func (alertRow) TableName() string { return "alerts" }

// alertColumns are the columns of a list: all but the raw payload.
const alertColumns = "id, source, source_ref, title, description, severity, status, observables, raw_sha256, raw_size, occurrences, " +
	"first_seen_at, last_seen_at, case_id, ignore_reason, decided_by_id, decided_at, created_by_id, created_at, updated_at, version"

// alertObservable is an alert's observable as the observables column holds it.
type alertObservable struct {
	Type        string     `json:"type"`
	Value       string     `json:"value"`
	TLP         string     `json:"tlp"`
	PAP         string     `json:"pap"`
	IOC         bool       `json:"ioc"`
	Tags        []string   `json:"tags"`
	Description string     `json:"description"`
	Source      string     `json:"source"`
	FirstSeenAt *time.Time `json:"first_seen_at,omitempty"`
	LastSeenAt  *time.Time `json:"last_seen_at,omitempty"`
}

func toAlertRow(a alerts.Alert) (alertRow, error) {
	os := make([]alertObservable, len(a.Observables))
	for i, o := range a.Observables {
		os[i] = alertObservable{Type: string(o.Type), Value: o.Value, TLP: string(o.TLP), PAP: string(o.PAP), IOC: o.IOC, Tags: o.Tags,
			Description: o.Description, Source: o.Source, FirstSeenAt: utcPtr(o.FirstSeenAt), LastSeenAt: utcPtr(o.LastSeenAt)}
	}
	b, err := json.Marshal(os)
	if err != nil {
		return alertRow{}, fmt.Errorf("alert observables: %w", err)
	}
	r := alertRow{ID: a.ID, Source: a.Source, SourceRef: a.SourceRef, Title: a.Title, Description: a.Description,
		Severity: string(a.Severity), Status: string(a.Status), Observables: string(b), RawSHA256: a.RawSHA256, RawSize: a.RawSize,
		Occurrences: a.Occurrences, FirstSeenAt: a.FirstSeenAt.UTC(), LastSeenAt: a.LastSeenAt.UTC(), CaseID: a.CaseID,
		IgnoreReason: a.IgnoreReason, DecidedByID: a.DecidedByID, DecidedAt: utcPtr(a.DecidedAt), CreatedByID: a.CreatedByID,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), Version: a.Version}
	if a.Raw != nil {
		raw := string(a.Raw)
		r.Raw = &raw
	}
	return r, nil
}

func (r alertRow) toDomain() (alerts.Alert, error) {
	var os []alertObservable
	if err := json.Unmarshal([]byte(r.Observables), &os); err != nil {
		return alerts.Alert{}, fmt.Errorf("alert %s observables: %w", r.ID, err)
	}
	ds := make([]observables.Draft, len(os))
	for i, o := range os {
		tags := o.Tags
		if tags == nil {
			tags = []string{}
		}
		ds[i] = observables.Draft{Type: observables.Type(o.Type), Value: o.Value, TLP: observables.TLP(o.TLP), PAP: observables.PAP(o.PAP),
			IOC: o.IOC, Tags: tags, Description: o.Description, Source: o.Source, FirstSeenAt: utcPtr(o.FirstSeenAt), LastSeenAt: utcPtr(o.LastSeenAt)}
	}
	a := alerts.Alert{ID: r.ID, Source: r.Source, SourceRef: r.SourceRef, Title: r.Title, Description: r.Description,
		Severity: alerts.Severity(r.Severity), Status: alerts.Status(r.Status), Observables: ds, RawSHA256: r.RawSHA256, RawSize: r.RawSize,
		Occurrences: r.Occurrences, FirstSeenAt: r.FirstSeenAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(), CaseID: r.CaseID,
		IgnoreReason: r.IgnoreReason, DecidedByID: r.DecidedByID, DecidedAt: utcPtr(r.DecidedAt), CreatedByID: r.CreatedByID,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}
	if r.Raw != nil {
		a.Raw = []byte(*r.Raw)
	}
	return a, nil
}

// The intake's upsert: a new (source, source_ref) inserts, a known one
// refreshes the row it names and counts one more occurrence. The unique
// index serialises two at once (the second waits for the first, then
// updates), on both dialects. One statement serves a group of receipts
// (alerts.Service), each pair once.
const (
	upsertAlertsHead = `INSERT INTO alerts (id, source, source_ref, title, description, severity, status, observables, raw, raw_sha256,
 raw_size, occurrences, first_seen_at, last_seen_at, case_id, ignore_reason, decided_by_id, decided_at, created_by_id, created_at,
 updated_at, version) VALUES `
	upsertAlertsRow  = `(?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, 1, ?, ?, NULL, '', NULL, NULL, ?, ?, ?, 1)`
	upsertAlertsTail = `
ON CONFLICT (source, source_ref) DO UPDATE SET title = excluded.title, description = excluded.description,
 severity = excluded.severity, observables = excluded.observables, raw = excluded.raw, raw_sha256 = excluded.raw_sha256,
 raw_size = excluded.raw_size, occurrences = alerts.occurrences + 1, last_seen_at = excluded.last_seen_at,
 updated_at = excluded.updated_at, version = alerts.version + 1
RETURNING ` + alertColumns
)

// upsertChunk bounds the rows of one statement (15 parameters each).
const upsertChunk = 256

// UpsertAlerts inserts or refreshes as (no two of one key) in one statement
// per chunk, and returns them as stored, without their raw payloads.
func (db *DB) UpsertAlerts(ctx context.Context, as []alerts.Alert) (map[alerts.Key]alerts.Alert, error) {
	out := make(map[alerts.Key]alerts.Alert, len(as))
	for chunk := range slices.Chunk(as, upsertChunk) {
		var b strings.Builder
		b.WriteString(upsertAlertsHead)
		args := make([]any, 0, 15*len(chunk))
		for i, a := range chunk {
			r, err := toAlertRow(a)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(upsertAlertsRow)
			args = append(args, r.ID, r.Source, r.SourceRef, r.Title, r.Description, r.Severity, r.Observables, r.Raw,
				r.RawSHA256, r.RawSize, r.FirstSeenAt, r.LastSeenAt, r.CreatedByID, r.CreatedAt, r.UpdatedAt)
		}
		b.WriteString(upsertAlertsTail)
		var rows []alertRow
		if err := db.conn(ctx).Raw(b.String(), args...).Scan(&rows).Error; err != nil {
			return nil, translate(err, "alerts")
		}
		if len(rows) != len(chunk) {
			return nil, fmt.Errorf("alert upsert: %d rows returned for %d", len(rows), len(chunk))
		}
		for _, r := range rows {
			a, err := r.toDomain()
			if err != nil {
				return nil, err
			}
			out[alerts.KeyOf(a)] = a
		}
	}
	return out, nil
}

// AlertsBySourceRef returns the alerts of keys, locked on PostgreSQL until
// the transaction ends, in key order, without their raw payloads.
func (db *DB) AlertsBySourceRef(ctx context.Context, keys []alerts.Key) (map[alerts.Key]alerts.Alert, error) {
	out := make(map[alerts.Key]alerts.Alert, len(keys))
	for chunk := range slices.Chunk(keys, 500) {
		pairs := make([]string, len(chunk))
		args := make([]any, 0, 2*len(chunk))
		for i, k := range chunk {
			pairs[i] = "(?, ?)"
			args = append(args, k.Source, k.Ref)
		}
		var rows []alertRow
		q := db.conn(ctx).Model(&alertRow{}).Select(alertColumns).Where("(source, source_ref) IN ("+strings.Join(pairs, ", ")+")", args...).
			Order("source, source_ref").Clauses(db.forUpdate()...)
		if err := q.Find(&rows).Error; err != nil {
			return nil, translate(err, "alerts")
		}
		for _, r := range rows {
			a, err := r.toDomain()
			if err != nil {
				return nil, err
			}
			out[alerts.KeyOf(a)] = a
		}
	}
	return out, nil
}

// Alert returns one alert with its raw payload.
func (db *DB) Alert(ctx context.Context, id uuid.UUID, forUpdate bool) (alerts.Alert, error) {
	q := db.reader(ctx)
	if forUpdate {
		q = db.conn(ctx).Clauses(db.forUpdate()...)
	}
	return db.readAlert(ctx, q.Where("id = ?", id))
}

func (db *DB) readAlert(ctx context.Context, q *gorm.DB) (alerts.Alert, error) {
	var r alertRow
	if err := q.WithContext(ctx).Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return alerts.Alert{}, apperr.NotFoundf("alert not found")
		}
		return alerts.Alert{}, translate(err, "alert")
	}
	return r.toDomain()
}

// ListAlerts returns the alerts q selects, last seen first, without their
// raw payloads.
func (db *DB) ListAlerts(ctx context.Context, q alerts.Query) ([]alerts.Alert, error) {
	sel := db.reader(ctx).Model(&alertRow{}).Select(alertColumns)
	if len(q.Statuses) > 0 {
		statuses := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			statuses[i] = string(st)
		}
		in, arg := oneOf(db, "status", statuses)
		sel = sel.Where(in, arg)
	}
	if q.Source != "" {
		sel = sel.Where("source = ?", q.Source)
	}
	if q.Text != "" {
		like := "%" + escapeLike(strings.ToLower(q.Text)) + "%"
		sel = sel.Where("(lower(title) LIKE ? ESCAPE '\\' OR lower(source_ref) LIKE ? ESCAPE '\\')", like, like)
	}
	if q.After != nil {
		t := q.After.Time.UTC()
		sel = sel.Where("(last_seen_at < ? OR (last_seen_at = ? AND id < ?))", t, t, q.After.ID)
	}
	var rows []alertRow
	if err := sel.Order("last_seen_at DESC, id DESC").Limit(q.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "alerts")
	}
	out := make([]alerts.Alert, len(rows))
	for i, r := range rows {
		a, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// DecideAlert stores a's decision if its version is still version.
func (db *DB) DecideAlert(ctx context.Context, a alerts.Alert, version int64) (alerts.Alert, error) {
	res := db.conn(ctx).Model(&alertRow{}).Where("id = ? AND version = ?", a.ID, version).Updates(map[string]any{
		"status": string(a.Status), "case_id": a.CaseID, "ignore_reason": a.IgnoreReason, "decided_by_id": a.DecidedByID,
		"decided_at": utcPtr(a.DecidedAt), "updated_at": a.UpdatedAt.UTC(), "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return alerts.Alert{}, translate(res.Error, "alert")
	}
	if res.RowsAffected != 1 {
		return alerts.Alert{}, apperr.New(apperr.PreconditionFailed, "This alert changed since you read it: read it again and retry.")
	}
	return db.Alert(ctx, a.ID, false)
}

var _ alerts.Store = (*DB)(nil)
