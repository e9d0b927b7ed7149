package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/observables"
)

type observableRow struct {
	ID          uuid.UUID
	CaseID      uuid.UUID
	Type        string
	Value       string
	ValueKey    string
	TLP         string `gorm:"column:tlp"`
	PAP         string `gorm:"column:pap"`
	IOC         bool   `gorm:"column:ioc"`
	Tags        string // a JSON array
	Description string
	Source      string
	FirstSeenAt *time.Time
	LastSeenAt  *time.Time
	CreatedByID uuid.UUID
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int64
}

func (observableRow) TableName() string { return "observables" }

type observableEvidenceRow struct {
	ObservableID uuid.UUID
	EvidenceID   uuid.UUID
}

func (observableEvidenceRow) TableName() string { return "observable_evidence" }

// valueKey is what observables are looked up by: values run longer than an
// index entry may be.
func valueKey(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

func valueKeys(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = valueKey(v)
	}
	return out
}

// oneOf is the condition that column is one of values, and its argument: on
// PostgreSQL one array parameter, so that the statement's text (and the
// plan PostgreSQL keeps for it) is the same however many values there are,
// and binding it does not plan a list of hundreds; on SQLite a list.
func oneOf[T any](db *DB, column string, values []T) (string, any) {
	if db.dialect == Postgres {
		return column + " = ANY(?)", &values
	}
	return column + " IN ?", values
}

func toObservableRow(o observables.Observable) (observableRow, error) {
	tags, err := json.Marshal(o.Tags)
	if err != nil {
		return observableRow{}, fmt.Errorf("observable tags: %w", err)
	}
	return observableRow{ID: o.ID, CaseID: o.CaseID, Type: string(o.Type), Value: o.Value, ValueKey: valueKey(o.Value),
		TLP: string(o.TLP), PAP: string(o.PAP), IOC: o.IOC, Tags: string(tags), Description: o.Description, Source: o.Source,
		FirstSeenAt: utcPtr(o.FirstSeenAt), LastSeenAt: utcPtr(o.LastSeenAt), CreatedByID: o.CreatedByID,
		CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC(), Version: o.Version}, nil
}

func (r observableRow) toDomain(evidenceIDs []uuid.UUID) (observables.Observable, error) {
	tags := []string{}
	if err := json.Unmarshal([]byte(r.Tags), &tags); err != nil {
		return observables.Observable{}, fmt.Errorf("observable %s tags: %w", r.ID, err)
	}
	if evidenceIDs == nil {
		evidenceIDs = []uuid.UUID{}
	}
	return observables.Observable{ID: r.ID, CaseID: r.CaseID, Type: observables.Type(r.Type), Value: r.Value,
		TLP: observables.TLP(r.TLP), PAP: observables.PAP(r.PAP), IOC: r.IOC, Tags: tags, Description: r.Description,
		Source: r.Source, FirstSeenAt: utcPtr(r.FirstSeenAt), LastSeenAt: utcPtr(r.LastSeenAt), EvidenceIDs: evidenceIDs,
		CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version}, nil
}

// CreateObservables inserts os with their evidence links.
func (db *DB) CreateObservables(ctx context.Context, os []observables.Observable) error {
	rows := make([]observableRow, len(os))
	var links []observableEvidenceRow
	for i, o := range os {
		r, err := toObservableRow(o)
		if err != nil {
			return err
		}
		rows[i] = r
		for _, e := range o.EvidenceIDs {
			links = append(links, observableEvidenceRow{ObservableID: o.ID, EvidenceID: e})
		}
	}
	if err := db.conn(ctx).CreateInBatches(rows, 500).Error; err != nil {
		return translate(err, "observables")
	}
	if len(links) > 0 {
		if err := db.conn(ctx).CreateInBatches(links, 1000).Error; err != nil {
			return translate(err, "observable evidence")
		}
	}
	return nil
}

// UpdateObservable stores o's markings, notes and links if its version is
// still version, and returns it as stored.
func (db *DB) UpdateObservable(ctx context.Context, o observables.Observable, version int64) (observables.Observable, error) {
	r, err := toObservableRow(o)
	if err != nil {
		return observables.Observable{}, err
	}
	res := db.conn(ctx).Model(&observableRow{}).Where("id = ? AND version = ?", o.ID, version).Updates(map[string]any{
		"tlp": r.TLP, "pap": r.PAP, "ioc": r.IOC, "tags": r.Tags, "description": r.Description, "source": r.Source,
		"first_seen_at": r.FirstSeenAt, "last_seen_at": r.LastSeenAt, "updated_at": r.UpdatedAt, "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return observables.Observable{}, translate(res.Error, "observable")
	}
	if res.RowsAffected != 1 {
		return observables.Observable{}, apperr.New(apperr.PreconditionFailed, "This observable was changed by someone else: read it again and retry.")
	}
	if err := db.conn(ctx).Where("observable_id = ?", o.ID).Delete(&observableEvidenceRow{}).Error; err != nil {
		return observables.Observable{}, translate(err, "observable evidence")
	}
	if len(o.EvidenceIDs) > 0 {
		links := make([]observableEvidenceRow, len(o.EvidenceIDs))
		for i, e := range o.EvidenceIDs {
			links[i] = observableEvidenceRow{ObservableID: o.ID, EvidenceID: e}
		}
		if err := db.conn(ctx).Create(&links).Error; err != nil {
			return observables.Observable{}, translate(err, "observable evidence")
		}
	}
	return db.observable(ctx, o.CaseID, o.ID)
}

// DeleteObservable deletes o and its links if its version is still version.
func (db *DB) DeleteObservable(ctx context.Context, o observables.Observable, version int64) error {
	if err := db.conn(ctx).Where("observable_id = ?", o.ID).Delete(&observableEvidenceRow{}).Error; err != nil {
		return translate(err, "observable evidence")
	}
	res := db.conn(ctx).Where("id = ? AND version = ?", o.ID, version).Delete(&observableRow{})
	if res.Error != nil {
		return translate(res.Error, "observable")
	}
	if res.RowsAffected != 1 {
		return apperr.New(apperr.PreconditionFailed, "This observable was changed by someone else: read it again and retry.")
	}
	return nil
}

// ObservableCase returns the case an observable belongs to.
func (db *DB) ObservableCase(ctx context.Context, id uuid.UUID) (uuid.UUID, error) {
	return db.caseOf(ctx, &observableRow{}, id, "observable")
}

// Observable returns one observable of the case v.
func (db *DB) Observable(ctx context.Context, v cases.Visible, id uuid.UUID) (observables.Observable, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return observables.Observable{}, fmt.Errorf("observable: %w", err)
	}
	return db.observable(ctx, caseID, id)
}

func (db *DB) observable(ctx context.Context, caseID, id uuid.UUID) (observables.Observable, error) {
	os, err := db.readObservables(ctx, db.conn(ctx).Where("id = ? AND case_id = ?", id, caseID))
	if err != nil {
		return observables.Observable{}, err
	}
	if len(os) == 0 {
		return observables.Observable{}, apperr.NotFoundf("observable not found")
	}
	return os[0], nil
}

// CaseObservables returns a page of the case v's observables, newest first.
func (db *DB) CaseObservables(ctx context.Context, v cases.Visible, afterID uuid.UUID, limit int) ([]observables.Observable, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("observables: %w", err)
	}
	q := db.conn(ctx).Where("case_id = ?", caseID)
	if afterID != uuid.Nil {
		q = q.Where("id < ?", afterID)
	}
	return db.readObservables(ctx, q.Order("id DESC").Limit(limit))
}

// CaseObservablesByValue returns the observables of the case v with the
// given types and values.
func (db *DB) CaseObservablesByValue(ctx context.Context, v cases.Visible, keys []observables.Key) (map[observables.Key]observables.Observable, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("observables by value: %w", err)
	}
	out := map[observables.Key]observables.Observable{}
	want := map[observables.Key]bool{}
	var values []string
	for _, k := range keys {
		want[k] = true
		values = append(values, k.Value)
	}
	for chunk := range slices.Chunk(valueKeys(values), 500) {
		in, arg := oneOf(db, "value_key", chunk)
		os, err := db.readObservables(ctx, db.conn(ctx).Where("case_id = ?", caseID).Where(in, arg))
		if err != nil {
			return nil, err
		}
		for _, o := range os {
			if k := (observables.Key{Type: o.Type, Value: o.Value}); want[k] {
				out[k] = o
			}
		}
	}
	return out, nil
}

// CountObservables counts the observables of the case v.
func (db *DB) CountObservables(ctx context.Context, v cases.Visible) (int, error) {
	return db.countOfCase(ctx, v, &observableRow{}, "observables")
}

// Sightings counts, for each of values, the cases other than the case v that
// hold it and that scope may see, in one query per 500 values. It counts by
// value_key, so that the index on (value_key, case_id) answers without
// reading the observables themselves.
func (db *DB) Sightings(ctx context.Context, v cases.Visible, scope cases.Scope, values []string) (map[string]int, error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, fmt.Errorf("sightings: %w", err)
	}
	out := map[string]int{}
	for chunk := range slices.Chunk(values, 500) {
		keys := valueKeys(chunk)
		byKey := make(map[string]string, len(chunk))
		for i, value := range chunk {
			byKey[keys[i]] = value
		}
		type count struct {
			ValueKey string
			N        int
		}
		var counts []count
		in, arg := oneOf(db, "o.value_key", keys)
		q := db.reader(ctx).Table("observables o").Joins("JOIN cases ON cases.id = o.case_id").
			Where(in, arg).Where("o.case_id <> ?", caseID)
		err := visible(q, scope).Select("o.value_key, count(DISTINCT o.case_id) AS n").Group("o.value_key").Scan(&counts).Error
		if err != nil {
			return nil, translate(err, "sightings")
		}
		for _, c := range counts {
			out[byKey[c.ValueKey]] = c.N
		}
	}
	return out, nil
}

// ObservablesByValue returns a page of the observables whose value is one of
// values, in the cases scope may see, newest first, with their case.
func (db *DB) ObservablesByValue(ctx context.Context, scope cases.Scope, values []string, afterID uuid.UUID, limit int) ([]observables.Sighting, error) {
	keyIn, keys := oneOf(db, "observables.value_key", valueKeys(values))
	valueIn, vals := oneOf(db, "observables.value", values)
	q := db.reader(ctx).Model(&observableRow{}).Joins("JOIN cases ON cases.id = observables.case_id").Where(keyIn, keys).Where(valueIn, vals)
	if afterID != uuid.Nil {
		q = q.Where("observables.id < ?", afterID)
	}
	var rows []struct {
		Row           observableRow `gorm:"embedded"`
		CaseReference string
		CaseTitle     string
	}
	err := visible(q, scope).Select("observables.*, cases.reference AS case_reference, cases.title AS case_title").
		Order("observables.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "observables by value")
	}
	plain := make([]observableRow, len(rows))
	for i, r := range rows {
		plain[i] = r.Row
	}
	os, err := db.withEvidence(ctx, plain)
	if err != nil {
		return nil, err
	}
	out := make([]observables.Sighting, len(os))
	for i, o := range os {
		out[i] = observables.Sighting{Observable: o, CaseReference: rows[i].CaseReference, CaseTitle: rows[i].CaseTitle}
	}
	return out, nil
}

// readObservables runs q over observables and reads their evidence links in
// one more query.
func (db *DB) readObservables(ctx context.Context, q *gorm.DB) ([]observables.Observable, error) {
	var rows []observableRow
	if err := q.Model(&observableRow{}).WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, translate(err, "observables")
	}
	return db.withEvidence(ctx, rows)
}

// withEvidence is rows as observables, with their evidence links read in one
// query.
func (db *DB) withEvidence(ctx context.Context, rows []observableRow) ([]observables.Observable, error) {
	if len(rows) == 0 {
		return []observables.Observable{}, nil
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var links []observableEvidenceRow
	in, arg := oneOf(db, "observable_id", ids)
	if err := db.conn(ctx).Where(in, arg).Find(&links).Error; err != nil {
		return nil, translate(err, "observable evidence")
	}
	byObservable := map[uuid.UUID][]uuid.UUID{}
	for _, l := range links {
		byObservable[l.ObservableID] = append(byObservable[l.ObservableID], l.EvidenceID)
	}
	out := make([]observables.Observable, len(rows))
	for i, r := range rows {
		ev := byObservable[r.ID]
		slices.SortFunc(ev, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
		o, err := r.toDomain(ev)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

var _ observables.Store = (*DB)(nil)
