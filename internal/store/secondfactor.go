package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/users"
)

// Two-step sign-in's rows (migration 00045; package auth has the rules).

type totpFactorRow struct {
	UserID        uuid.UUID `gorm:"primaryKey"`
	Secret        string
	EnrolledAt    *time.Time
	LastStep      int64
	PendingSecret string
	PendingUntil  *time.Time
}

func (totpFactorRow) TableName() string { return "totp_factors" }

type recoveryCodeRow struct {
	UserID   uuid.UUID
	CodeHash string
	UsedAt   *time.Time
}

func (recoveryCodeRow) TableName() string { return "recovery_codes" }

type challengeRow struct {
	ID                  uuid.UUID
	TokenHash           string
	UserID              uuid.UUID
	PasswordFingerprint string
	Enrol               bool
	CreatedAt           time.Time
	ExpiresAt           time.Time
	Failures            int
	UsedAt              *time.Time
}

func (challengeRow) TableName() string { return "sign_in_challenges" }

type signInPolicyRow struct {
	ID                int
	SecondFactorRoles string
	UpdatedAt         *time.Time
}

func (signInPolicyRow) TableName() string { return "sign_in_policy" }

// LockSecondFactor returns an account's second factor, locking the account's
// row first and then the factor's, so that every change of a second factor
// (and a sign-in's second step) takes them in one order. Call it inside a
// transaction; SQLite's single writer serialises them already.
func (db *DB) LockSecondFactor(ctx context.Context, userID uuid.UUID) (auth.SecondFactor, error) {
	if db.dialect == Postgres {
		var n int64
		if err := db.conn(ctx).Raw(`SELECT count(*) FROM (SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE) locked`, userID).Scan(&n).Error; err != nil {
			return auth.SecondFactor{}, translate(err, "lock user")
		}
		if n == 0 {
			return auth.SecondFactor{}, translate(gorm.ErrRecordNotFound, "user")
		}
	} else if _, err := db.UserByID(ctx, userID); err != nil {
		return auth.SecondFactor{}, err
	}
	var rows []totpFactorRow
	if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("user_id = ?", userID).Limit(1).Find(&rows).Error; err != nil {
		return auth.SecondFactor{}, translate(err, "second factor")
	}
	if len(rows) == 0 {
		return auth.SecondFactor{UserID: userID}, nil
	}
	return rows[0].toDomain(), nil
}

func (r totpFactorRow) toDomain() auth.SecondFactor {
	return auth.SecondFactor{UserID: r.UserID, Secret: r.Secret, EnrolledAt: utcPtr(r.EnrolledAt), LastStep: r.LastStep,
		PendingSecret: r.PendingSecret, PendingUntil: utcPtr(r.PendingUntil)}
}

// SecondFactorOf reads an account's second factor and how many of its
// recovery codes are unused.
func (db *DB) SecondFactorOf(ctx context.Context, userID uuid.UUID) (auth.SecondFactor, int, error) {
	var rows []totpFactorRow
	if err := db.reader(ctx).Where("user_id = ?", userID).Limit(1).Find(&rows).Error; err != nil {
		return auth.SecondFactor{}, 0, translate(err, "second factor")
	}
	if len(rows) == 0 {
		return auth.SecondFactor{UserID: userID}, 0, nil
	}
	var left int64
	if err := db.reader(ctx).Model(&recoveryCodeRow{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&left).Error; err != nil {
		return auth.SecondFactor{}, 0, translate(err, "recovery codes")
	}
	return rows[0].toDomain(), int(left), nil
}

// SaveSecondFactor stores an account's second factor.
func (db *DB) SaveSecondFactor(ctx context.Context, f auth.SecondFactor) error {
	row := totpFactorRow{UserID: f.UserID, Secret: f.Secret, EnrolledAt: utcPtr(f.EnrolledAt), LastStep: f.LastStep,
		PendingSecret: f.PendingSecret, PendingUntil: utcPtr(f.PendingUntil)}
	err := db.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}}, UpdateAll: true}).Create(&row).Error
	return translate(err, "second factor")
}

// DeleteSecondFactor removes an account's secret and recovery codes.
func (db *DB) DeleteSecondFactor(ctx context.Context, userID uuid.UUID) error {
	if err := db.conn(ctx).Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error; err != nil {
		return translate(err, "recovery codes")
	}
	return translate(db.conn(ctx).Where("user_id = ?", userID).Delete(&totpFactorRow{}).Error, "second factor")
}

// ReplaceRecoveryCodes sets an account's recovery codes.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, userID uuid.UUID, hashes []string) error {
	if err := db.conn(ctx).Where("user_id = ?", userID).Delete(&recoveryCodeRow{}).Error; err != nil {
		return translate(err, "recovery codes")
	}
	rows := make([]recoveryCodeRow, len(hashes))
	for i, h := range hashes {
		rows[i] = recoveryCodeRow{UserID: userID, CodeHash: h}
	}
	if len(rows) == 0 {
		return nil
	}
	return translate(db.conn(ctx).Create(&rows).Error, "recovery codes")
}

// UnusedRecoveryCodes returns the hashes of an account's unused recovery codes.
func (db *DB) UnusedRecoveryCodes(ctx context.Context, userID uuid.UUID) ([]string, error) {
	var hashes []string
	err := db.conn(ctx).Model(&recoveryCodeRow{}).Where("user_id = ? AND used_at IS NULL", userID).Order("code_hash").Pluck("code_hash", &hashes).Error
	return hashes, translate(err, "recovery codes")
}

// UseRecoveryCode marks a recovery code used; false when it was already.
func (db *DB) UseRecoveryCode(ctx context.Context, userID uuid.UUID, hash string, at time.Time) (bool, error) {
	res := db.conn(ctx).Model(&recoveryCodeRow{}).Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).Update("used_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error, "recovery code")
}

// challengeKeep is how long an expired challenge stays before the next
// sign-in's insert removes it.
const challengeKeep = time.Hour

// InsertChallenge records a sign-in waiting for its second step, and removes
// challenges that ended long ago.
func (db *DB) InsertChallenge(ctx context.Context, c auth.Challenge) error {
	if err := db.conn(ctx).Where("expires_at < ?", c.CreatedAt.Add(-challengeKeep).UTC()).Delete(&challengeRow{}).Error; err != nil {
		return translate(err, "old challenges")
	}
	row := challengeRow{ID: c.ID, TokenHash: c.TokenHash, UserID: c.UserID, PasswordFingerprint: c.PasswordFingerprint, Enrol: c.Enrol,
		CreatedAt: c.CreatedAt.UTC(), ExpiresAt: c.ExpiresAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "challenge")
}

// ChallengeForUpdate returns the challenge with this token hash, locked
// until the transaction ends.
func (db *DB) ChallengeForUpdate(ctx context.Context, tokenHash string) (auth.Challenge, error) {
	var r challengeRow
	if err := db.conn(ctx).Clauses(db.forUpdate()...).Where("token_hash = ?", tokenHash).Take(&r).Error; err != nil {
		return auth.Challenge{}, translate(err, "challenge")
	}
	return auth.Challenge{ID: r.ID, TokenHash: r.TokenHash, UserID: r.UserID, PasswordFingerprint: r.PasswordFingerprint, Enrol: r.Enrol,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(), Failures: r.Failures, UsedAt: utcPtr(r.UsedAt)}, nil
}

// CountChallengeFailure adds a wrong code to a challenge.
func (db *DB) CountChallengeFailure(ctx context.Context, id uuid.UUID) error {
	err := db.conn(ctx).Exec(`UPDATE sign_in_challenges SET failures = failures + 1 WHERE id = ?`, id).Error
	return translate(err, "challenge")
}

// SpendChallenge marks a challenge used.
func (db *DB) SpendChallenge(ctx context.Context, id uuid.UUID, at time.Time) error {
	return translate(db.conn(ctx).Model(&challengeRow{}).Where("id = ?", id).Update("used_at", at.UTC()).Error, "challenge")
}

// SignInPolicy returns which roles must sign in with a second factor.
func (db *DB) SignInPolicy(ctx context.Context) (auth.SignInPolicy, error) {
	var row signInPolicyRow
	if err := db.reader(ctx).Where("id = 1").Take(&row).Error; err != nil {
		return auth.SignInPolicy{}, translate(err, "sign-in policy")
	}
	p := auth.SignInPolicy{SecondFactorRoles: []users.Role{}, UpdatedAt: utcPtr(row.UpdatedAt)}
	for r := range strings.SplitSeq(row.SecondFactorRoles, ",") {
		if r != "" {
			p.SecondFactorRoles = append(p.SecondFactorRoles, users.Role(r))
		}
	}
	return p, nil
}

// SetSignInPolicy stores the sign-in policy.
func (db *DB) SetSignInPolicy(ctx context.Context, p auth.SignInPolicy) error {
	names := make([]string, len(p.SecondFactorRoles))
	for i, r := range p.SecondFactorRoles {
		names[i] = string(r)
	}
	err := db.conn(ctx).Model(&signInPolicyRow{}).Where("id = 1").
		Updates(map[string]any{"second_factor_roles": strings.Join(names, ","), "updated_at": utcPtr(p.UpdatedAt)}).Error
	return translate(err, "sign-in policy")
}
