package store

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/users"
)

type apiKeyRow struct {
	ID            uuid.UUID
	Name          string
	Kind          string
	Role          string
	UserID        uuid.UUID
	SecretHash    string
	RatePerMinute *int
	CreatedByID   uuid.UUID
	CreatedAt     time.Time
	ExpiresAt     time.Time
	LastUsedAt    *time.Time
	LastUsedIP    *string `gorm:"column:last_used_ip"`
	RevokedAt     *time.Time
	RevokedByID   *uuid.UUID
}

func (apiKeyRow) TableName() string { return "api_keys" }

func (r apiKeyRow) toDomain() apikeys.Key {
	return apikeys.Key{ID: r.ID, Name: r.Name, Kind: apikeys.Kind(r.Kind), Role: r.Role, UserID: r.UserID, SecretHash: r.SecretHash,
		RatePerMinute: r.RatePerMinute, CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(),
		LastUsedAt: utcPtr(r.LastUsedAt), LastUsedIP: deref(r.LastUsedIP), RevokedAt: utcPtr(r.RevokedAt), RevokedByID: r.RevokedByID}
}

// apiKeyListRow is a key with the account it acts for.
type apiKeyListRow struct {
	Key       apiKeyRow `gorm:"embedded"`
	UserEmail string
	UserName  string
}

func (r apiKeyListRow) toDomain() apikeys.Key {
	k := r.Key.toDomain()
	k.UserEmail, k.UserName = r.UserEmail, r.UserName
	return k
}

// InsertAPIKey stores k unless its account already has max live keys. The
// account's row is locked first (SQLite's transactions hold the one write
// lock from BEGIN), so two racing inserts count one after the other.
func (db *DB) InsertAPIKey(ctx context.Context, k apikeys.Key, max int, now time.Time) error {
	c := db.conn(ctx)
	var locked []uuid.UUID
	if err := c.Model(&userRow{}).Clauses(db.forUpdate()...).Select("id").Where("id = ?", k.UserID).Find(&locked).Error; err != nil {
		return translate(err, "user")
	}
	if len(locked) == 0 {
		return apperr.NotFoundf("user not found")
	}
	var live int64
	if err := c.Model(&apiKeyRow{}).Where("user_id = ? AND revoked_at IS NULL AND expires_at > ?", k.UserID, now.UTC()).
		Count(&live).Error; err != nil {
		return translate(err, "API keys")
	}
	if int(live) >= max {
		return apperr.New(apperr.Conflict, "This account already has as many live API keys as it may: revoke one first.")
	}
	row := apiKeyRow{ID: k.ID, Name: k.Name, Kind: string(k.Kind), Role: k.Role, UserID: k.UserID, SecretHash: k.SecretHash,
		RatePerMinute: k.RatePerMinute, CreatedByID: k.CreatedByID, CreatedAt: k.CreatedAt.UTC(), ExpiresAt: k.ExpiresAt.UTC()}
	return translate(c.Create(&row).Error, "API key")
}

// APIKeys returns up to limit keys, newest first (their ids are UUIDv7),
// older than before, of one account or of all.
func (db *DB) APIKeys(ctx context.Context, userID *uuid.UUID, before uuid.UUID, limit int) ([]apikeys.Key, error) {
	q := db.reader(ctx).Table("api_keys").Select("api_keys.*, users.email AS user_email, users.name AS user_name").
		Joins("JOIN users ON users.id = api_keys.user_id")
	if userID != nil {
		q = q.Where("api_keys.user_id = ?", *userID)
	}
	if before != uuid.Nil {
		q = q.Where("api_keys.id < ?", before)
	}
	var rows []apiKeyListRow
	if err := q.Order("api_keys.id DESC").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, translate(err, "API keys")
	}
	out := make([]apikeys.Key, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// APIKeyForUpdate returns one key, locked until the transaction ends.
func (db *DB) APIKeyForUpdate(ctx context.Context, id uuid.UUID) (apikeys.Key, error) {
	q := db.conn(ctx).Table("api_keys").Select("api_keys.*, users.email AS user_email, users.name AS user_name").
		Joins("JOIN users ON users.id = api_keys.user_id").Where("api_keys.id = ?", id)
	if db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: "api_keys"}})
	}
	var rows []apiKeyListRow
	if err := q.Scan(&rows).Error; err != nil {
		return apikeys.Key{}, translate(err, "API key")
	}
	if len(rows) == 0 {
		return apikeys.Key{}, apperr.NotFoundf("API key not found")
	}
	return rows[0].toDomain(), nil
}

// RevokeAPIKey revokes a key; every replica refuses it within a second, this
// one as the transaction commits.
func (db *DB) RevokeAPIKey(ctx context.Context, id, by uuid.UUID, at time.Time) error {
	res := db.conn(ctx).Model(&apiKeyRow{}).Where("id = ? AND revoked_at IS NULL", id).
		Updates(map[string]any{"revoked_at": at.UTC(), "revoked_by_id": by})
	if res.Error != nil {
		return translate(res.Error, "API key")
	}
	db.forget(ctx, func() { db.keys.forget(id) })
	return nil
}

// APIKeyForAuth returns a key and the account it acts for, in one query,
// remembered for at most signedInUserTTL as signed-in users are.
func (db *DB) APIKeyForAuth(ctx context.Context, id uuid.UUID) (apikeys.Key, users.User, error) {
	_, inTx := ctx.Value(txKey{}).(*txState)
	now := time.Now()
	if !inTx {
		if e, ok := db.keys.get(id, now); ok {
			return e.key, e.user, nil
		}
	}
	var rows []struct {
		Key  apiKeyRow `gorm:"embedded;embeddedPrefix:k_"`
		User userRow   `gorm:"embedded"`
	}
	err := db.reader(ctx).Raw(`SELECT users.*, k.id AS k_id, k.name AS k_name, k.kind AS k_kind, k.role AS k_role,
  k.user_id AS k_user_id, k.secret_hash AS k_secret_hash, k.rate_per_minute AS k_rate_per_minute,
  k.created_by_id AS k_created_by_id, k.created_at AS k_created_at, k.expires_at AS k_expires_at,
  k.last_used_at AS k_last_used_at, k.last_used_ip AS k_last_used_ip, k.revoked_at AS k_revoked_at,
  k.revoked_by_id AS k_revoked_by_id
FROM api_keys k JOIN users ON users.id = k.user_id WHERE k.id = ?`, id).Scan(&rows).Error
	if err != nil {
		return apikeys.Key{}, users.User{}, translate(err, "API key")
	}
	if len(rows) == 0 {
		return apikeys.Key{}, users.User{}, apperr.NotFoundf("API key not found")
	}
	k, u := rows[0].Key.toDomain(), rows[0].User.toDomain()
	if !inTx {
		db.keys.put(id, cachedKey{key: k, user: u}, now)
	}
	return k, u, nil
}

// TouchAPIKey records a use of a key unless a use after staleBefore is
// recorded already (another replica's, say).
func (db *DB) TouchAPIKey(ctx context.Context, id uuid.UUID, at time.Time, ip string, staleBefore time.Time) error {
	err := db.conn(ctx).Model(&apiKeyRow{}).Where("id = ? AND (last_used_at IS NULL OR last_used_at < ?)", id, staleBefore.UTC()).
		Updates(map[string]any{"last_used_at": at.UTC(), "last_used_ip": ip}).Error
	if err != nil {
		return translate(err, "API key")
	}
	// The cached key's last use follows the row, so that the next request
	// does not write it again.
	db.keys.change(id, func(e *cachedKey) { at := at.UTC(); e.key.LastUsedAt, e.key.LastUsedIP = &at, ip })
	return nil
}

// cachedKey is a key read for authentication with the account it acts for.
type cachedKey struct {
	key  apikeys.Key
	user users.User
}
