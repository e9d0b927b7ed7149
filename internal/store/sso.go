package store

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/sso"
	"github.com/caseward/caseward/internal/users"
)

type ssoStateRow struct {
	StateHash   string `gorm:"primaryKey"`
	BindingHash string
	Nonce       string
	Verifier    string
	ReturnTo    string
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

func (ssoStateRow) TableName() string { return "oidc_states" }

type ssoHandoffRow struct {
	CodeHash    string `gorm:"primaryKey"`
	BindingHash string
	UserID      uuid.UUID
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

func (ssoHandoffRow) TableName() string { return "oidc_handoffs" }

type ssoIdentityRow struct {
	Issuer       string `gorm:"primaryKey"`
	Subject      string `gorm:"primaryKey"`
	UserID       uuid.UUID
	CreatedAt    time.Time
	LastSignInAt time.Time
}

func (ssoIdentityRow) TableName() string { return "oidc_identities" }

// InsertSSOState records a sign-in begun at the provider.
func (db *DB) InsertSSOState(ctx context.Context, s sso.State) error {
	row := ssoStateRow{StateHash: s.StateHash, BindingHash: s.BindingHash, Nonce: s.Nonce, Verifier: s.Verifier,
		ReturnTo: s.ReturnTo, CreatedAt: s.CreatedAt.UTC(), ExpiresAt: s.ExpiresAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "sign-in state")
}

// TakeSSOState deletes a sign-in's state and returns it. Of two callbacks
// racing with one state, only the one whose delete removed the row has it.
func (db *DB) TakeSSOState(ctx context.Context, stateHash string) (sso.State, error) {
	var row ssoStateRow
	if err := db.conn(ctx).Where("state_hash = ?", stateHash).Take(&row).Error; err != nil {
		return sso.State{}, translate(err, "sign-in state")
	}
	if err := db.takeRow(ctx, &ssoStateRow{}, "state_hash", stateHash, "sign-in state"); err != nil {
		return sso.State{}, err
	}
	return sso.State{StateHash: row.StateHash, BindingHash: row.BindingHash, Nonce: row.Nonce, Verifier: row.Verifier,
		ReturnTo: row.ReturnTo, CreatedAt: row.CreatedAt.UTC(), ExpiresAt: row.ExpiresAt.UTC()}, nil
}

// InsertSSOHandoff records a finished sign-in's one-time code.
func (db *DB) InsertSSOHandoff(ctx context.Context, h sso.Handoff) error {
	row := ssoHandoffRow{CodeHash: h.CodeHash, BindingHash: h.BindingHash, UserID: h.UserID,
		CreatedAt: h.CreatedAt.UTC(), ExpiresAt: h.ExpiresAt.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "sign-in code")
}

// TakeSSOHandoff deletes a one-time code and returns it; spent once.
func (db *DB) TakeSSOHandoff(ctx context.Context, codeHash string) (sso.Handoff, error) {
	var row ssoHandoffRow
	if err := db.conn(ctx).Where("code_hash = ?", codeHash).Take(&row).Error; err != nil {
		return sso.Handoff{}, translate(err, "sign-in code")
	}
	if err := db.takeRow(ctx, &ssoHandoffRow{}, "code_hash", codeHash, "sign-in code"); err != nil {
		return sso.Handoff{}, err
	}
	return sso.Handoff{CodeHash: row.CodeHash, BindingHash: row.BindingHash, UserID: row.UserID,
		CreatedAt: row.CreatedAt.UTC(), ExpiresAt: row.ExpiresAt.UTC()}, nil
}

// takeRow deletes the row whose key column is key, and is not found when
// another transaction deleted it first.
func (db *DB) takeRow(ctx context.Context, model any, column, key, what string) error {
	res := db.conn(ctx).Where(column+" = ?", key).Delete(model)
	if res.Error != nil {
		return translate(res.Error, what)
	}
	if res.RowsAffected != 1 {
		return translate(gorm.ErrRecordNotFound, what)
	}
	return nil
}

// PruneSSO deletes the sign-in states and codes that expired before now.
func (db *DB) PruneSSO(ctx context.Context, now time.Time) error {
	if err := db.conn(ctx).Where("expires_at < ?", now.UTC()).Delete(&ssoStateRow{}).Error; err != nil {
		return translate(err, "prune sign-in states")
	}
	return translate(db.conn(ctx).Where("expires_at < ?", now.UTC()).Delete(&ssoHandoffRow{}).Error, "prune sign-in codes")
}

// IdentityUser returns the account linked to a provider's subject.
func (db *DB) IdentityUser(ctx context.Context, issuer, subject string) (users.User, error) {
	var row userRow
	err := db.conn(ctx).Where("id = (SELECT user_id FROM oidc_identities WHERE issuer = ? AND subject = ?)", issuer, subject).Take(&row).Error
	return row.toDomain(), translate(err, "identity")
}

// LinkIdentity links a provider's subject to an account.
func (db *DB) LinkIdentity(ctx context.Context, id sso.Identity) error {
	row := ssoIdentityRow{Issuer: id.Issuer, Subject: id.Subject, UserID: id.UserID, CreatedAt: id.At.UTC(), LastSignInAt: id.At.UTC()}
	return translate(db.conn(ctx).Create(&row).Error, "identity")
}

// TouchIdentity records a sign-in through the identity.
func (db *DB) TouchIdentity(ctx context.Context, issuer, subject string, at time.Time) error {
	err := db.conn(ctx).Model(&ssoIdentityRow{}).Where("issuer = ? AND subject = ?", issuer, subject).
		Update("last_sign_in_at", at.UTC()).Error
	return translate(err, "identity")
}

// SignsInWithProvider reports whether an account is linked to an identity
// at the OpenID Connect provider.
func (db *DB) SignsInWithProvider(ctx context.Context, id uuid.UUID) (bool, error) {
	var n int64
	err := db.conn(ctx).Model(&ssoIdentityRow{}).Where("user_id = ?", id).Count(&n).Error
	return n > 0, translate(err, "identity")
}

// DepartmentByName returns the department with this name, matched ignoring
// case.
func (db *DB) DepartmentByName(ctx context.Context, name string) (directory.Department, error) {
	var row departmentRow
	err := db.conn(ctx).Where("lower(name) = lower(?)", name).Take(&row).Error
	return row.toDomain(), translate(err, "department")
}
