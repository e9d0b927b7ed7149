// Package apikeys holds API keys: tokens that let another tool (a SIEM, a
// ticketing bridge) or a person's script call the API without signing in.
// A key acts for one account with one role, expires, may carry its own rate
// limit, and is revoked, never deleted. Only the SHA-256 of its secret is
// kept; the token is shown once, when the key is made.
package apikeys

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/users"
)

// Kind says who made a key and for what.
type Kind string

// The kinds.
const (
	// ForTool keys are made by administrators for other tools.
	ForTool Kind = "service"
	// Personal keys are made by people for their own scripts, with their own role.
	Personal Kind = "personal"
)

// The roles only keys hold, besides the user roles.
const (
	// AlertIngest may only send alerts.
	AlertIngest = "alert_ingest"
	// ReadOnly may read what an auditor reads, and change nothing.
	ReadOnly = "read_only"
)

// ToolRoles are the roles only service keys hold.
var ToolRoles = []string{AlertIngest, ReadOnly}

// Roles are every role a key may hold.
func Roles() []string {
	roles := make([]string, 0, len(users.Roles)+len(ToolRoles))
	for _, r := range users.Roles {
		roles = append(roles, string(r))
	}
	return append(roles, ToolRoles...)
}

// Key is one API key as stored; its secret is never kept, only its hash.
type Key struct {
	ID            uuid.UUID
	Name          string
	Kind          Kind
	Role          string
	UserID        uuid.UUID // the account the key acts for
	SecretHash    string
	RatePerMinute *int // nil: the ordinary per-user limit
	CreatedByID   uuid.UUID
	CreatedAt     time.Time
	ExpiresAt     time.Time
	LastUsedAt    *time.Time
	LastUsedIP    string
	RevokedAt     *time.Time
	RevokedByID   *uuid.UUID

	// Read with the key, for lists.
	UserEmail string
	UserName  string
}

// Live reports whether the key may still be used at now.
func (k Key) Live(now time.Time) bool { return k.RevokedAt == nil && now.Before(k.ExpiresAt) }

// HoldsRole reports whether an account of role may back a key of role
// keyRole: a user role only while the account holds it; an alert-ingest or
// read-only key only while the account is an administrator, whose authority
// made it.
func HoldsRole(keyRole string, account users.Role) bool {
	if slices.Contains(ToolRoles, keyRole) {
		return account == users.Admin
	}
	return keyRole == string(account)
}

// Prefix starts every token, so that a leaked one is recognised by secret
// scanners and told apart from a sign-in's access token.
const Prefix = "cwk_"

const secretBytes = 32 // 256 bits

// newToken returns a fresh token for the key id, and the hash to keep.
func newToken(id uuid.UUID) (token, hash string, err error) {
	secret := make([]byte, secretBytes)
	if _, err := rand.Read(secret); err != nil {
		return "", "", err
	}
	s := base64.RawURLEncoding.EncodeToString(secret)
	return Prefix + hex.EncodeToString(id[:]) + "_" + s, hashSecret(s), nil
}

// parseToken splits a token into its key id and secret.
func parseToken(token string) (uuid.UUID, string, bool) {
	rest, ok := strings.CutPrefix(token, Prefix)
	if !ok || len(rest) != 32+1+base64.RawURLEncoding.EncodedLen(secretBytes) || rest[32] != '_' {
		return uuid.Nil, "", false
	}
	raw, err := hex.DecodeString(rest[:32])
	if err != nil {
		return uuid.Nil, "", false
	}
	id, err := uuid.FromBytes(raw)
	if err != nil || id == uuid.Nil {
		return uuid.Nil, "", false
	}
	return id, rest[33:], true
}

// IsToken reports whether a bearer token is an API key's rather than an
// access token.
func IsToken(token string) bool { return strings.HasPrefix(token, Prefix) }

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// secretMatches compares in constant time, so that timing tells nothing of the hash.
func secretMatches(secret, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(hash)) == 1
}
