package store

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/users"
)

type userRow struct {
	ID           uuid.UUID
	Email        string
	Name         string
	Role         string
	DepartmentID *uuid.UUID
	PasswordHash string
	Disabled     bool
	TimeZone     *string
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) toDomain() users.User {
	return users.User{
		ID: r.ID, Email: r.Email, Name: r.Name, Role: users.Role(r.Role),
		DepartmentID: r.DepartmentID, Disabled: r.Disabled, TimeZone: deref(r.TimeZone),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
	}
}

// CreateUser inserts u with its password hash and returns it as stored.
func (db *DB) CreateUser(ctx context.Context, u users.User, passwordHash string) (users.User, error) {
	now := Now(ctx)
	row := userRow{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), DepartmentID: u.DepartmentID,
		PasswordHash: passwordHash, Disabled: u.Disabled, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return users.User{}, translate(err, "user")
	}
	return row.toDomain(), nil
}

// CountUsers counts every account, disabled ones included.
func (db *DB) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := db.conn(ctx).Model(&userRow{}).Count(&n).Error
	return n, translate(err, "count users")
}

// UserByID returns one account.
func (db *DB) UserByID(ctx context.Context, id uuid.UUID) (users.User, error) {
	var row userRow
	err := db.conn(ctx).Where("id = ?", id).Take(&row).Error
	return row.toDomain(), translate(err, "user")
}

// UserCredentials returns the account with this email (matched case-insensitively)
// and its password hash.
func (db *DB) UserCredentials(ctx context.Context, email string) (users.User, string, error) {
	var row userRow
	err := db.conn(ctx).Where("lower(email) = lower(?)", email).Take(&row).Error
	return row.toDomain(), row.PasswordHash, translate(err, "user")
}

// LockUserCredentials returns the account with this id and its password
// hash, its row share-locked on PostgreSQL until the transaction ends: a
// password reset or disable (which update that row) waits until then, and
// then revokes whatever the transaction stored. SQLite's single writer
// serialises them already. Call it inside a transaction.
func (db *DB) LockUserCredentials(ctx context.Context, id uuid.UUID) (users.User, string, error) {
	q := db.conn(ctx)
	if db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthShare})
	}
	var row userRow
	if err := q.Where("id = ?", id).Take(&row).Error; err != nil {
		return users.User{}, "", translate(err, "user")
	}
	return row.toDomain(), row.PasswordHash, nil
}

// ListUsers returns accounts ordered by email, after afterEmail.
func (db *DB) ListUsers(ctx context.Context, afterEmail string, limit int) ([]users.User, error) {
	return db.listUsers(db.conn(ctx), afterEmail, limit)
}

// ListAssignees returns the enabled accounts that may own a case (roles in
// cases.OwnerRoles) ordered by email, after afterEmail.
func (db *DB) ListAssignees(ctx context.Context, afterEmail string, limit int) ([]users.User, error) {
	q := db.conn(ctx).Where("role IN ? AND NOT disabled", cases.OwnerRoles)
	return db.listUsers(q, afterEmail, limit)
}

func (db *DB) listUsers(q *gorm.DB, afterEmail string, limit int) ([]users.User, error) {
	var rows []userRow
	if afterEmail != "" {
		q = q.Where("lower(email) > lower(?)", afterEmail)
	}
	if err := q.Order("lower(email)").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list users")
	}
	out := make([]users.User, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// UpdateUser stores u's profile if the version is still version.
func (db *DB) UpdateUser(ctx context.Context, u users.User, version int64) (users.User, error) {
	db.forgetUser(ctx, u.ID)
	_, err := db.updateVersioned(ctx, &userRow{}, u.ID, version, map[string]any{
		"name": u.Name, "role": string(u.Role), "department_id": u.DepartmentID, "disabled": u.Disabled,
	}, "user")
	if err != nil {
		return users.User{}, err
	}
	return db.UserByID(ctx, u.ID)
}

// SetUserTimeZone stores the time zone an account reads times in ("" for
// the browser's) and returns the account as stored. It bumps the version, so
// that an admin's edit made from an older copy is refused.
func (db *DB) SetUserTimeZone(ctx context.Context, id uuid.UUID, zone string) (users.User, error) {
	db.forgetUser(ctx, id)
	var value *string
	if zone != "" {
		value = &zone
	}
	res := db.conn(ctx).Model(&userRow{}).Where("id = ?", id).
		Updates(map[string]any{"time_zone": value, "version": gorm.Expr("version + 1"), "updated_at": Now(ctx)})
	if res.Error != nil {
		return users.User{}, translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return users.User{}, apperr.NotFoundf("user not found")
	}
	return db.UserByID(ctx, id)
}

// SetPasswordHash replaces an account's password hash.
func (db *DB) SetPasswordHash(ctx context.Context, id uuid.UUID, hash string) error {
	db.forgetUser(ctx, id)
	res := db.conn(ctx).Model(&userRow{}).Where("id = ?", id).Updates(map[string]any{"password_hash": hash, "updated_at": Now(ctx)})
	if res.Error != nil {
		return translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundf("user not found")
	}
	return nil
}

// RevokeUserRefreshTokens revokes every live refresh token of an account. On
// PostgreSQL it locks the account's row first, as a refresh does before it
// locks its token (see RefreshTokenForUpdate): a refresh under way finishes,
// and the token it minted is revoked here too; one that comes later waits for
// this transaction and finds its token revoked. Call it inside the
// transaction that makes the change.
func (db *DB) RevokeUserRefreshTokens(ctx context.Context, id uuid.UUID, at time.Time) error {
	db.forgetUser(ctx, id)
	if db.dialect == Postgres {
		if err := db.conn(ctx).Exec(`SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE`, id).Error; err != nil {
			return translate(err, "lock user")
		}
	}
	err := db.conn(ctx).Model(&refreshTokenRow{}).Where("user_id = ? AND revoked_at IS NULL", id).Update("revoked_at", at.UTC()).Error
	return translate(err, "revoke refresh tokens")
}

// RevokeOtherRefreshFamilies revokes every live refresh token of an account
// except those of the sign-in keep, locking the account's row first on
// PostgreSQL as RevokeUserRefreshTokens does. Call it inside the transaction
// that makes the change.
func (db *DB) RevokeOtherRefreshFamilies(ctx context.Context, id, keep uuid.UUID, at time.Time) error {
	db.forgetUser(ctx, id)
	if db.dialect == Postgres {
		if err := db.conn(ctx).Exec(`SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE`, id).Error; err != nil {
			return translate(err, "lock user")
		}
	}
	err := db.conn(ctx).Model(&refreshTokenRow{}).Where("user_id = ? AND family_id <> ? AND revoked_at IS NULL", id, keep).
		Update("revoked_at", at.UTC()).Error
	return translate(err, "revoke refresh tokens")
}

// LockEnabledAdmins counts admins who can still sign in, locking their rows
// until the transaction in ctx ends, so that the check "another enabled admin
// remains" and the change that relies on it are one step. On PostgreSQL two
// admins disabling each other at once both counted two before either
// committed; with the rows locked, the second waits, re-reads the row the
// first changed and counts one. SQLite needs no lock: its transactions take
// the one write lock at BEGIN (_txlock=immediate), so they already run one at
// a time. Call it inside a transaction.
func (db *DB) LockEnabledAdmins(ctx context.Context) (int64, error) {
	if !db.InTransaction(ctx) {
		return 0, errors.New("lock enabled admins: needs a transaction")
	}
	q := db.conn(ctx).Model(&userRow{}).Where("role = ? AND disabled = ?", string(users.Admin), false)
	if db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"}).Order("id")
	}
	var ids []uuid.UUID
	err := q.Pluck("id", &ids).Error
	return int64(len(ids)), translate(err, "lock admins")
}

// DepartmentExists reports whether a department with this id exists.
func (db *DB) DepartmentExists(ctx context.Context, id uuid.UUID) (bool, error) {
	var n int64
	err := db.reader(ctx).Model(&departmentRow{}).Where("id = ?", id).Count(&n).Error
	return n > 0, translate(err, "department")
}
