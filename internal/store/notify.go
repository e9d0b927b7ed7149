package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/notify"
)

type followRow struct {
	UserID     uuid.UUID `gorm:"primaryKey"`
	TargetType string    `gorm:"primaryKey"`
	TargetID   uuid.UUID `gorm:"primaryKey"`
	Following  bool
	CreatedAt  time.Time
}

func (followRow) TableName() string { return "notification_follows" }

func (r followRow) toDomain() notify.FollowRow {
	return notify.FollowRow{UserID: r.UserID, TargetType: r.TargetType, TargetID: r.TargetID, Following: r.Following}
}

type preferenceRow struct {
	UserID  uuid.UUID `gorm:"primaryKey"`
	Kind    string    `gorm:"primaryKey"`
	Channel string    `gorm:"primaryKey"`
	Enabled bool
}

func (preferenceRow) TableName() string { return "notification_preferences" }

type notifySettingsRow struct {
	UserID      uuid.UUID `gorm:"primaryKey"`
	EmailDigest string
	UpdatedAt   time.Time
}

func (notifySettingsRow) TableName() string { return "notification_settings" }

type notificationRow struct {
	ID            uuid.UUID
	UserID        uuid.UUID
	EventID       uuid.UUID
	EventSeq      int64
	Kind          string
	CaseID        *uuid.UUID
	CaseReference *string
	ActorName     string
	Sentence      string
	OccurredAt    time.Time
	ReadAt        *time.Time
}

func (notificationRow) TableName() string { return "notifications" }

func (r notificationRow) toDomain() notify.Notification {
	n := notify.Notification{ID: r.ID, UserID: r.UserID, EventID: r.EventID, Seq: r.EventSeq, Kind: r.Kind, CaseID: r.CaseID,
		CaseReference: deref(r.CaseReference), ActorName: r.ActorName, Sentence: r.Sentence, OccurredAt: r.OccurredAt.UTC()}
	if r.ReadAt != nil {
		t := r.ReadAt.UTC()
		n.ReadAt = &t
	}
	return n
}

// FollowOf returns the user's row about a target; found is false when none.
func (db *DB) FollowOf(ctx context.Context, userID uuid.UUID, targetType string, targetID uuid.UUID) (notify.FollowRow, bool, error) {
	var r followRow
	err := db.conn(ctx).Where("user_id = ? AND target_type = ? AND target_id = ?", userID, targetType, targetID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return notify.FollowRow{}, false, nil
	}
	if err != nil {
		return notify.FollowRow{}, false, fmt.Errorf("read follow: %w", err)
	}
	return r.toDomain(), true, nil
}

// SetFollow stores f, replacing the user's row about its target.
func (db *DB) SetFollow(ctx context.Context, f notify.FollowRow) error {
	r := followRow{UserID: f.UserID, TargetType: f.TargetType, TargetID: f.TargetID, Following: f.Following, CreatedAt: Now(ctx).UTC()}
	err := db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "target_type"}, {Name: "target_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"following", "created_at"}),
	}).Create(&r).Error
	return translate(err, "follow")
}

// DeleteFollow removes the user's row about a target.
func (db *DB) DeleteFollow(ctx context.Context, userID uuid.UUID, targetType string, targetID uuid.UUID) error {
	err := db.conn(ctx).Where("user_id = ? AND target_type = ? AND target_id = ?", userID, targetType, targetID).
		Delete(&followRow{}).Error
	return translate(err, "unfollow")
}

// CountFollows counts the user's rows.
func (db *DB) CountFollows(ctx context.Context, userID uuid.UUID) (int, error) {
	var n int64
	err := db.conn(ctx).Model(&followRow{}).Where("user_id = ?", userID).Count(&n).Error
	return int(n), translate(err, "count follows")
}

// Follows lists what the user follows (not their refusals), named, newest first.
func (db *DB) Follows(ctx context.Context, userID uuid.UUID) ([]notify.Follow, error) {
	var rows []struct {
		TargetType string
		TargetID   uuid.UUID
		Name       *string
		CreatedAt  time.Time
	}
	err := db.reader(ctx).Raw(`SELECT f.target_type, f.target_id, f.created_at,
 COALESCE(c.reference, s.name, d.name) AS name
 FROM notification_follows f
 LEFT JOIN cases c ON f.target_type = 'case' AND c.id = f.target_id
 LEFT JOIN services s ON f.target_type = 'service' AND s.id = f.target_id
 LEFT JOIN departments d ON f.target_type = 'department' AND d.id = f.target_id
 WHERE f.user_id = ? AND f.following
 ORDER BY f.created_at DESC, f.target_id`, userID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list follows: %w", err)
	}
	out := make([]notify.Follow, 0, len(rows))
	for _, r := range rows {
		if r.Name == nil {
			continue // what it followed is gone
		}
		out = append(out, notify.Follow{TargetType: r.TargetType, TargetID: r.TargetID, Name: *r.Name, CreatedAt: r.CreatedAt.UTC()})
	}
	return out, nil
}

// Followers returns every row about the targets, given as ids by target
// type, in one query.
func (db *DB) Followers(ctx context.Context, targets map[string][]uuid.UUID) ([]notify.FollowRow, error) {
	cond := db.conn(ctx).Where("1 = 0")
	for _, typ := range slices.Sorted(maps.Keys(targets)) { // the same statement for the same types
		if ids := targets[typ]; len(ids) > 0 {
			cond = cond.Or("target_type = ? AND target_id IN ?", typ, ids)
		}
	}
	var rows []followRow
	if err := db.conn(ctx).Where(cond).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("followers: %w", err)
	}
	out := make([]notify.FollowRow, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// SuspendedServices returns the services each case's suspensions name,
// keyed by case.
func (db *DB) SuspendedServices(ctx context.Context, caseIDs []uuid.UUID) (map[uuid.UUID][]uuid.UUID, error) {
	out := map[uuid.UUID][]uuid.UUID{}
	err := eachChunk(caseIDs, func(chunk []uuid.UUID) error {
		var rows []struct{ CaseID, ServiceID uuid.UUID }
		err := db.conn(ctx).Table("suspensions").Select("DISTINCT case_id, service_id").Where("case_id IN ?", chunk).
			Order("case_id, service_id").Find(&rows).Error
		if err != nil {
			return fmt.Errorf("services of the cases: %w", err)
		}
		for _, r := range rows {
			out[r.CaseID] = append(out[r.CaseID], r.ServiceID)
		}
		return nil
	})
	return out, err
}

// PeopleOf returns who each entity of a type is about, keyed by entity:
// a case's owner, a task's assignee or a milestone's owner. Those about
// nobody have no entry.
func (db *DB) PeopleOf(ctx context.Context, entityType string, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	where, ok := map[string][2]string{
		"case": {"cases", "owner_id"}, "task": {"tasks", "assignee_id"}, "milestone": {"milestones", "owner_id"},
	}[entityType]
	if !ok {
		return nil, fmt.Errorf("who a %s is about: not known", entityType)
	}
	table, column := where[0], where[1]
	out := map[uuid.UUID]uuid.UUID{}
	err := eachChunk(ids, func(chunk []uuid.UUID) error {
		var rows []struct{ ID, Person uuid.UUID }
		err := db.conn(ctx).Table(table).Select("id, "+column+" AS person").Where("id IN ? AND "+column+" IS NOT NULL", chunk).
			Find(&rows).Error
		if err != nil {
			return fmt.Errorf("who the %ss are about: %w", entityType, err)
		}
		for _, r := range rows {
			out[r.ID] = r.Person
		}
		return nil
	})
	return out, err
}

// People returns the enabled users among ids, the enabled department heads
// of headsOf and, with admins, every enabled admin.
func (db *DB) People(ctx context.Context, ids, headsOf []uuid.UUID, admins bool) ([]notify.Person, error) {
	q := db.conn(ctx).Model(&userRow{}).Where("disabled = ?", false)
	cond := db.conn(ctx).Where("1 = 0")
	if len(ids) > 0 {
		cond = cond.Or("id IN ?", ids)
	}
	if len(headsOf) > 0 {
		cond = cond.Or("role = ? AND department_id IN ?", "department_head", headsOf)
	}
	if admins {
		cond = cond.Or("role = ?", "admin")
	}
	var rows []userRow
	if err := q.Where(cond).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("people to tell: %w", err)
	}
	out := make([]notify.Person, len(rows))
	for i, r := range rows {
		out[i] = notify.Person{ID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, DepartmentID: r.DepartmentID, TimeZone: deref(r.TimeZone)}
	}
	return out, nil
}

// StoredPreferences returns the users' stored choices and digests.
func (db *DB) StoredPreferences(ctx context.Context, userIDs []uuid.UUID) (map[uuid.UUID]notify.Stored, error) {
	out := map[uuid.UUID]notify.Stored{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var prefs []preferenceRow
	if err := db.conn(ctx).Where("user_id IN ?", userIDs).Find(&prefs).Error; err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	var settings []notifySettingsRow
	if err := db.conn(ctx).Where("user_id IN ?", userIDs).Find(&settings).Error; err != nil {
		return nil, fmt.Errorf("read digests: %w", err)
	}
	for _, s := range settings {
		out[s.UserID] = notify.Stored{Digest: s.EmailDigest, Choices: map[notify.Key]bool{}}
	}
	for _, p := range prefs {
		st, ok := out[p.UserID]
		if !ok {
			st = notify.Stored{Choices: map[notify.Key]bool{}}
		}
		st.Choices[notify.Key{Kind: p.Kind, Channel: p.Channel}] = p.Enabled
		out[p.UserID] = st
	}
	return out, nil
}

// SetPreferences stores the user's choices and, unless empty, their digest.
func (db *DB) SetPreferences(ctx context.Context, userID uuid.UUID, choices []notify.Choice, digest string) error {
	if len(choices) > 0 {
		rows := make([]preferenceRow, len(choices))
		for i, c := range choices {
			rows[i] = preferenceRow{UserID: userID, Kind: c.Kind, Channel: c.Channel, Enabled: c.Enabled}
		}
		err := db.conn(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "user_id"}, {Name: "kind"}, {Name: "channel"}},
			DoUpdates: clause.AssignmentColumns([]string{"enabled"}),
		}).Create(&rows).Error
		if err != nil {
			return translate(err, "preferences")
		}
	}
	if digest == "" {
		return nil
	}
	s := notifySettingsRow{UserID: userID, EmailDigest: digest, UpdatedAt: Now(ctx).UTC()}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"email_digest", "updated_at"})}).Create(&s).Error
	return translate(err, "digest")
}

// AddNotifications writes ns; one already written for its user and event is skipped.
func (db *DB) AddNotifications(ctx context.Context, ns []notify.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	rows := make([]notificationRow, len(ns))
	for i, n := range ns {
		rows[i] = notificationRow{ID: n.ID, UserID: n.UserID, EventID: n.EventID, EventSeq: n.Seq, Kind: n.Kind, CaseID: n.CaseID,
			CaseReference: nullable(n.CaseReference), ActorName: n.ActorName, Sentence: n.Sentence, OccurredAt: n.OccurredAt.UTC()}
	}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}, {Name: "event_id"}}, DoNothing: true}).
		CreateInBatches(rows, 500).Error
	if err != nil {
		return fmt.Errorf("write notifications: %w", err)
	}
	return nil
}

// seenNotifications limits q to the notifications of scope's user about no
// case or about a case they may still see: one told before the case was
// restricted, or before they left it, is no longer shown. Each row is
// probed by the case's key, joining the case only when scope may see it, so
// the same join gives the title the list shows.
func (db *DB) seenNotifications(ctx context.Context, scope cases.Scope) *gorm.DB {
	on, args := "cases.id = notifications.case_id", []any(nil)
	if cond, condArgs := visibleSQL(scope); cond != "" {
		on, args = on+" AND "+cond, condArgs
	}
	return db.reader(ctx).Model(&notificationRow{}).Joins("LEFT JOIN cases ON "+on, args...).
		Where("notifications.user_id = ?", scope.UserID).
		Where("(notifications.case_id IS NULL OR cases.id IS NOT NULL)")
}

// Notifications returns up to limit of the user's notifications before seq
// beforeSeq (0: from the newest), newest first, leaving out those about cases
// scope may no longer see. Each carries its case's title as it is now, read
// in the same query.
func (db *DB) Notifications(ctx context.Context, scope cases.Scope, unread bool, beforeSeq int64, limit int) ([]notify.Notification, error) {
	q := db.seenNotifications(ctx, scope)
	if unread {
		q = q.Where("notifications.read_at IS NULL")
	}
	if beforeSeq > 0 {
		q = q.Where("notifications.event_seq < ?", beforeSeq)
	}
	var rows []struct {
		Row       notificationRow `gorm:"embedded"`
		CaseTitle *string
	}
	err := q.Select("notifications.*, cases.title AS case_title").Order("notifications.event_seq DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	out := make([]notify.Notification, len(rows))
	for i, r := range rows {
		out[i] = r.Row.toDomain()
		out[i].CaseTitle = deref(r.CaseTitle)
	}
	return out, nil
}

// UnreadCount counts the user's unread notifications about what scope may see.
func (db *DB) UnreadCount(ctx context.Context, scope cases.Scope) (int64, error) {
	var n int64
	err := db.seenNotifications(ctx, scope).Where("notifications.read_at IS NULL").Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count unread: %w", err)
	}
	return n, nil
}

// MarkRead marks the user's notification id read (once: a second time keeps
// the first time). Another user's is NotFound.
func (db *DB) MarkRead(ctx context.Context, userID, id uuid.UUID, at time.Time) error {
	res := db.conn(ctx).Model(&notificationRow{}).Where("id = ? AND user_id = ?", id, userID).
		Update("read_at", gorm.Expr("COALESCE(read_at, ?)", at.UTC()))
	if res.Error != nil {
		return fmt.Errorf("mark read: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("notification not found")
	}
	return nil
}

// MarkAllRead marks the user's unread notifications read and counts them.
func (db *DB) MarkAllRead(ctx context.Context, userID uuid.UUID, at time.Time) (int64, error) {
	res := db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).Update("read_at", at.UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("mark all read: %w", res.Error)
	}
	return res.RowsAffected, nil
}

var _ notify.Store = (*DB)(nil)
