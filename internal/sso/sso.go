// Package sso signs people in through an OpenID Connect provider: the
// authorization code flow with PKCE, state and nonce, accounts made at first
// sign-in, and role and department kept in step with the person's groups.
package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/users"
)

// Config is the provider and how its people become Caseward accounts.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is Caseward's callback, registered at the provider:
	// the public URL + /api/v1/auth/oidc/callback.
	RedirectURL string
	GroupsClaim string
	// Roles maps a role to the groups that give it; a person in several
	// gets the first of admin, responder, department_head, auditor.
	Roles map[users.Role][]string
	// Departments maps groups to a department (by name or id), in order:
	// a person in several gets the first.
	Departments []Mapping
	// HTTPClient reaches the provider; nil uses one with a 10 s timeout.
	HTTPClient *http.Client
}

// Mapping gives the people in any of Groups the department named Key.
type Mapping struct {
	Key    string
	Groups []string
}

// Method is how the audit trail names sign-ins through the provider.
const Method = "oidc"

// How long a started sign-in waits for its callback, and a finished one for
// the SPA to exchange its code.
const (
	StateTTL   = 10 * time.Minute
	HandoffTTL = 60 * time.Second
)

// State is a sign-in under way, as stored.
type State struct {
	StateHash   string
	BindingHash string
	Nonce       string
	Verifier    string
	ReturnTo    string
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// Handoff is a finished sign-in waiting for the SPA to exchange its code.
type Handoff struct {
	CodeHash    string
	BindingHash string
	UserID      uuid.UUID
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// Identity links a provider's subject to an account.
type Identity struct {
	Issuer  string
	Subject string
	UserID  uuid.UUID
	At      time.Time
}

// Store is what single sign-on needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	InsertSSOState(ctx context.Context, s State) error
	// TakeSSOState deletes the state with this hash and returns it; a state
	// already taken is not found.
	TakeSSOState(ctx context.Context, stateHash string) (State, error)
	InsertSSOHandoff(ctx context.Context, h Handoff) error
	// TakeSSOHandoff deletes the handoff with this hash and returns it.
	TakeSSOHandoff(ctx context.Context, codeHash string) (Handoff, error)
	// PruneSSO deletes states and handoffs expired before now.
	PruneSSO(ctx context.Context, now time.Time) error
	// IdentityUser returns the account linked to (issuer, subject).
	IdentityUser(ctx context.Context, issuer, subject string) (users.User, error)
	LinkIdentity(ctx context.Context, id Identity) error
	TouchIdentity(ctx context.Context, issuer, subject string, at time.Time) error

	// ReserveLoginAttempt counts one event for key in the window that began
	// at windowStart (or restarts it at now) and returns the count.
	ReserveLoginAttempt(ctx context.Context, key string, now, windowStart time.Time) (int, time.Time, error)

	UserByID(ctx context.Context, id uuid.UUID) (users.User, error)
	UserCredentials(ctx context.Context, email string) (users.User, string, error)
	CreateUser(ctx context.Context, u users.User, passwordHash string) (users.User, error)
	UpdateUser(ctx context.Context, u users.User, version int64) (users.User, error)
	LockEnabledAdmins(ctx context.Context) (int64, error)
	Department(ctx context.Context, id uuid.UUID) (directory.Department, error)
	DepartmentByName(ctx context.Context, name string) (directory.Department, error)
}

// Sessions starts a session for a sign-in proven elsewhere.
type Sessions interface {
	StartSession(ctx context.Context, user users.User) (auth.Session, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service runs sign-ins through the provider. It keeps nothing between
// requests but the provider's discovery document and keys: every step of a
// sign-in is in the database, so any replica may serve any step.
type Service struct {
	cfg      Config
	rp       *relyingParty
	store    Store
	audit    Recorder
	sessions Sessions
	now      func() time.Time
}

// NewService returns a Service; the provider is reached at the first sign-in,
// so that Caseward starts while it is down.
func NewService(cfg Config, store Store, audit Recorder, sessions Sessions) *Service {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Service{cfg: cfg, rp: newRelyingParty(cfg), store: store, audit: audit, sessions: sessions,
		now: func() time.Time { return time.Now().UTC() }}
}

// secret returns 128 random bits as text.
func secret() string { return rand.Text() }

// hash is how secrets are stored: a SHA-256 in hex. They are random and
// short-lived, so no salt or slow hash is needed.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
