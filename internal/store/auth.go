package store

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/auth"
)

type refreshTokenRow struct {
	ID        uuid.UUID
	FamilyID  uuid.UUID
	UserID    uuid.UUID
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

// InsertRefreshToken stores a new refresh token (its hash only).
func (db *DB) InsertRefreshToken(ctx context.Context, t auth.RefreshToken) error {
	row := refreshTokenRow(t)
	row.CreatedAt, row.ExpiresAt = row.CreatedAt.UTC(), row.ExpiresAt.UTC()
	return translate(db.conn(ctx).Create(&row).Error, "refresh token")
}

// RefreshTokenForUpdate returns the token with this hash, row-locked on
// PostgreSQL (SQLite's single writer serialises it already). Its owner's row
// is share-locked first, so that a password reset or a disable, which lock
// that row before they revoke every token of the user (see
// RevokeUserRefreshTokens), either waits until this transaction has committed
// the token it mints, and then revokes that one too, or has committed before
// and this one sees the token revoked and the account as it now is. Locking
// the token first would let a reset's revoke miss the token minted behind it.
func (db *DB) RefreshTokenForUpdate(ctx context.Context, hash string) (auth.RefreshToken, error) {
	if db.dialect == Postgres {
		err := db.conn(ctx).Exec(`SELECT 1 FROM users
WHERE id = (SELECT user_id FROM refresh_tokens WHERE token_hash = ?) FOR SHARE`, hash).Error
		if err != nil {
			return auth.RefreshToken{}, translate(err, "lock refresh token owner")
		}
	}
	var row refreshTokenRow
	err := db.conn(ctx).Clauses(db.forUpdate()...).Where("token_hash = ?", hash).Take(&row).Error
	if err != nil {
		return auth.RefreshToken{}, translate(err, "refresh token")
	}
	return auth.RefreshToken(row), nil
}

// MarkRefreshTokenUsed spends a token; a token already spent is a Conflict.
func (db *DB) MarkRefreshTokenUsed(ctx context.Context, id uuid.UUID, at time.Time) error {
	res := db.conn(ctx).Model(&refreshTokenRow{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC())
	if res.Error != nil {
		return translate(res.Error, "spend refresh token")
	}
	if res.RowsAffected != 1 {
		return apperr.New(apperr.Conflict, "refresh token already used")
	}
	return nil
}

// RevokeRefreshFamily revokes every live token of a family.
func (db *DB) RevokeRefreshFamily(ctx context.Context, familyID uuid.UUID, at time.Time) error {
	db.forgetSession(ctx, familyID)
	err := db.conn(ctx).Model(&refreshTokenRow{}).Where("family_id = ? AND revoked_at IS NULL", familyID).Update("revoked_at", at.UTC()).Error
	return translate(err, "revoke refresh tokens")
}

// forUpdate locks selected rows on PostgreSQL; SQLite has no row locks and
// needs none behind its single writer.
func (db *DB) forUpdate() []clause.Expression {
	if db.dialect == Postgres {
		return []clause.Expression{clause.Locking{Strength: clause.LockingStrengthUpdate}}
	}
	return nil
}

type signingKeyRow struct {
	ID        string
	Purpose   string
	Secret    []byte
	CreatedAt time.Time
}

func (signingKeyRow) TableName() string { return "signing_keys" }

// SigningKey returns the newest key for purpose, creating the first one with
// generate. Replicas starting together agree: the first key has a fixed id and
// only one insert wins.
func (db *DB) SigningKey(ctx context.Context, purpose string, generate func() ([]byte, error)) (auth.SigningKey, error) {
	var row signingKeyRow
	err := db.conn(ctx).Where("purpose = ?", purpose).Order("created_at DESC").Take(&row).Error
	if err == nil {
		return auth.SigningKey{ID: row.ID, Secret: row.Secret}, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return auth.SigningKey{}, translate(err, "signing key")
	}
	secret, err := generate()
	if err != nil {
		return auth.SigningKey{}, err
	}
	first := signingKeyRow{ID: purpose + "-1", Purpose: purpose, Secret: secret, CreatedAt: Now(ctx)}
	if err := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&first).Error; err != nil {
		return auth.SigningKey{}, translate(err, "create signing key")
	}
	if err := db.conn(ctx).Where("id = ?", first.ID).Take(&row).Error; err != nil {
		return auth.SigningKey{}, translate(err, "signing key")
	}
	return auth.SigningKey{ID: row.ID, Secret: row.Secret}, nil
}

type loginFailureRow struct {
	Key             string
	Failures        int
	WindowStartedAt time.Time
}

func (loginFailureRow) TableName() string { return "login_failures" }

// ReserveLoginAttempt counts one sign-in attempt for key and returns the count
// in the current window and when the window began, in one atomic statement:
// concurrent attempts, on any replica, each see a different count, so no two
// can both pass a check at the limit. A window that began before windowStart
// restarts at now.
func (db *DB) ReserveLoginAttempt(ctx context.Context, key string, now, windowStart time.Time) (int, time.Time, error) {
	var row loginFailureRow
	err := db.conn(ctx).Raw(`INSERT INTO login_failures (key, failures, window_started_at) VALUES (?, 1, ?)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN login_failures.window_started_at < ? THEN 1 ELSE login_failures.failures + 1 END,
  window_started_at = CASE WHEN login_failures.window_started_at < ? THEN excluded.window_started_at ELSE login_failures.window_started_at END
RETURNING key, failures, window_started_at`,
		key, now.UTC(), windowStart.UTC(), windowStart.UTC()).Scan(&row).Error
	if err != nil {
		return 0, time.Time{}, translate(err, "reserve login attempt")
	}
	return row.Failures, row.WindowStartedAt.UTC(), nil
}

// ReleaseLoginAttempt gives back one attempt reserved for key: a sign-in that
// succeeded, or one that never got to check its password.
func (db *DB) ReleaseLoginAttempt(ctx context.Context, key string) error {
	err := db.conn(ctx).Exec(`UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, key).Error
	return translate(err, "release login attempt")
}

// ClearLoginFailures forgets the failures of key after a successful sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	return translate(db.conn(ctx).Where("key = ?", key).Delete(&loginFailureRow{}).Error, "clear login failures")
}
