package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/auth"
)

type sessionRow struct {
	ID         uuid.UUID
	UserID     uuid.UUID
	CreatedAt  time.Time
	LastUsedAt time.Time
	IP         string `gorm:"column:ip"`
	UserAgent  string
}

func (sessionRow) TableName() string { return "sessions" }

func (r sessionRow) toDomain() auth.SignInSession {
	return auth.SignInSession{ID: r.ID, UserID: r.UserID, CreatedAt: r.CreatedAt.UTC(), LastUsedAt: r.LastUsedAt.UTC(), IP: r.IP, UserAgent: r.UserAgent}
}

// InsertSession records a new sign-in.
func (db *DB) InsertSession(ctx context.Context, s auth.SignInSession) error {
	row := sessionRow{ID: s.ID, UserID: s.UserID, CreatedAt: s.CreatedAt.UTC(), LastUsedAt: s.LastUsedAt.UTC(), IP: s.IP, UserAgent: s.UserAgent}
	return translate(db.conn(ctx).Create(&row).Error, "session")
}

// TouchSession records a sign-in's latest use, and where from.
func (db *DB) TouchSession(ctx context.Context, id uuid.UUID, at time.Time, ip, userAgent string) error {
	err := db.conn(ctx).Model(&sessionRow{}).Where("id = ?", id).
		Updates(map[string]any{"last_used_at": at.UTC(), "ip": ip, "user_agent": userAgent}).Error
	return translate(err, "session")
}

// liveFamily is true of a session with a refresh token neither revoked nor
// expired at its argument.
const liveFamily = `EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = sessions.id
  AND r.revoked_at IS NULL AND r.expires_at > ?)`

// LiveSessions returns an account's live sign-ins, newest first.
func (db *DB) LiveSessions(ctx context.Context, userID uuid.UUID, now time.Time) ([]auth.SignInSession, error) {
	var rows []sessionRow
	err := db.reader(ctx).Where("user_id = ?", userID).Where(liveFamily, now.UTC()).
		Order("created_at DESC, id DESC").Limit(maxLiveSessions).Find(&rows).Error
	if err != nil {
		return nil, translate(err, "sessions")
	}
	out := make([]auth.SignInSession, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// maxLiveSessions bounds a list of sign-ins: a script signing in again and
// again without signing out leaves that many at most in view.
const maxLiveSessions = 200

// SessionForUpdate returns a sign-in, locked until the transaction ends, and
// whether it is live at now.
func (db *DB) SessionForUpdate(ctx context.Context, id uuid.UUID, now time.Time) (auth.SignInSession, bool, error) {
	var row sessionRow
	if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("id = ?", id).Take(&row).Error; err != nil {
		return auth.SignInSession{}, false, translate(err, "session")
	}
	var live int64
	if err := db.conn(ctx).Model(&sessionRow{}).Where("id = ?", id).Where(liveFamily, now.UTC()).Count(&live).Error; err != nil {
		return auth.SignInSession{}, false, translate(err, "session")
	}
	return row.toDomain(), live == 1, nil
}
