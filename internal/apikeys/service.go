package apikeys

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
	"github.com/caseward/caseward/internal/text"
	"github.com/caseward/caseward/internal/users"
)

// Limits on what a key may be made with.
const (
	MaxName             = 100
	MaxLivePerAccount   = 50 // live keys acting for one account
	MaxServiceLifetime  = 2 * 366 * 24 * time.Hour
	MaxPersonalLifetime = 366 * 24 * time.Hour
	MaxRatePerMinute    = 60_000
	// touchEvery is how stale a key's recorded last use may grow before a
	// request records it again: a write per request would cost a busy
	// integration a database write per alert.
	touchEvery = time.Minute
)

// Store is what the service needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	UserByID(ctx context.Context, id uuid.UUID) (users.User, error)
	// InsertAPIKey stores k unless its account already has max live keys
	// at now, which is a Conflict. Two racing inserts cannot both pass.
	InsertAPIKey(ctx context.Context, k Key, max int, now time.Time) error
	// APIKeys returns up to limit keys, newest first, older than the key
	// before (uuid.Nil: from the newest), of the account userID (nil: all).
	APIKeys(ctx context.Context, userID *uuid.UUID, before uuid.UUID, limit int) ([]Key, error)
	// APIKeyForUpdate returns one key, locked until the transaction ends.
	APIKeyForUpdate(ctx context.Context, id uuid.UUID) (Key, error)
	RevokeAPIKey(ctx context.Context, id, by uuid.UUID, at time.Time) error
	// APIKeyForAuth returns a key with the account it acts for, as stored
	// at most a second ago; a revocation through this process is seen at once.
	APIKeyForAuth(ctx context.Context, id uuid.UUID) (Key, users.User, error)
	// TouchAPIKey records a use of the key unless one after staleBefore is
	// already recorded.
	TouchAPIKey(ctx context.Context, id uuid.UUID, at time.Time, ip string, staleBefore time.Time) error
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service makes, lists, revokes and checks API keys.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// Draft is what a key is made from.
type Draft struct {
	Name          string
	Role          string     // "" for a personal key: the maker's own
	UserID        *uuid.UUID // the account a service key acts for; nil: the maker
	ExpiresAt     *time.Time
	RatePerMinute *int
}

// Made is a new key with its token, which is never shown again.
type Made struct {
	Key
	Token string
}

// CreateService makes a key for another tool; administrators only.
func (s *Service) CreateService(ctx context.Context, d Draft) (Made, error) {
	p := identity.From(ctx)
	if err := notByKey(p); err != nil {
		return Made{}, err
	}
	if p.Role != string(users.Admin) {
		return Made{}, apperr.New(apperr.Forbidden, "only administrators make keys for other tools")
	}
	return s.create(ctx, ForTool, d, MaxServiceLifetime)
}

// CreatePersonal makes a key for the caller's own scripts, with the caller's
// own role and never longer than a year.
func (s *Service) CreatePersonal(ctx context.Context, d Draft) (Made, error) {
	p := identity.From(ctx)
	if err := notByKey(p); err != nil {
		return Made{}, err
	}
	if d.UserID != nil && *d.UserID != p.UserID {
		return Made{}, apperr.Invalidf([]apperr.FieldError{{Field: "user_id", Message: "a personal key acts for you"}}, "a personal key acts for you")
	}
	if d.Role != "" && d.Role != p.Role {
		return Made{}, apperr.Invalidf([]apperr.FieldError{{Field: "role", Message: fmt.Sprintf("must be your own role, %s", p.Role)}},
			"a personal key holds your own role")
	}
	d.UserID, d.Role = &p.UserID, p.Role
	return s.create(ctx, Personal, d, MaxPersonalLifetime)
}

func (s *Service) create(ctx context.Context, kind Kind, d Draft, lifetime time.Duration) (Made, error) {
	p := identity.From(ctx)
	now := s.now(ctx)
	userID := p.UserID
	if d.UserID != nil {
		userID = *d.UserID
	}
	f := checkDraft(d, now, lifetime)
	var made Made
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		account, err := s.store.UserByID(ctx, userID)
		if apperr.Is(err, apperr.NotFound) {
			f = append(f, apperr.FieldError{Field: "user_id", Message: "names no account"})
		} else if err != nil {
			return err
		}
		if err == nil {
			f = append(f, checkAccount(d.Role, account)...)
		}
		if len(f) > 0 {
			return apperr.Invalidf(f, "the key cannot be made: %s %s", f[0].Field, f[0].Message)
		}
		id := uuid.Must(uuid.NewV7())
		token, hash, err := newToken(id)
		if err != nil {
			return fmt.Errorf("make a key secret: %w", err)
		}
		k := Key{ID: id, Name: strings.TrimSpace(d.Name), Kind: kind, Role: d.Role, UserID: userID, SecretHash: hash,
			RatePerMinute: d.RatePerMinute, CreatedByID: p.UserID, CreatedAt: now, ExpiresAt: d.ExpiresAt.UTC(),
			UserEmail: account.Email, UserName: account.Name}
		if err := s.store.InsertAPIKey(ctx, k, MaxLivePerAccount, now); err != nil {
			return err
		}
		made = Made{Key: k, Token: token}
		changes := audit.Changes{
			"name": {nil, k.Name}, "kind": {nil, string(k.Kind)}, "role": {nil, k.Role},
			"user_id": {nil, k.UserID.String()}, "expires_at": {nil, k.ExpiresAt.Format(time.RFC3339)},
		}
		if k.RatePerMinute != nil {
			changes["rate_per_minute"] = [2]any{nil, *k.RatePerMinute}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "api_key.create", EntityType: "api_key", EntityID: k.ID.String(), Changes: changes})
	})
	return made, err
}

func checkDraft(d Draft, now time.Time, lifetime time.Duration) []apperr.FieldError {
	var f []apperr.FieldError
	name := strings.TrimSpace(d.Name)
	if name == "" || utf8.RuneCountInString(name) > MaxName || !text.OneLine(name) {
		f = append(f, apperr.FieldError{Field: "name", Message: fmt.Sprintf("must be one line of 1 to %d characters", MaxName)})
	}
	if !slices.Contains(Roles(), d.Role) {
		f = append(f, apperr.FieldError{Field: "role", Message: "must be one of " + strings.Join(Roles(), ", ")})
	}
	switch {
	case d.ExpiresAt == nil:
		f = append(f, apperr.FieldError{Field: "expires_at", Message: "is required: every key expires"})
	case !d.ExpiresAt.After(now):
		f = append(f, apperr.FieldError{Field: "expires_at", Message: "must be in the future"})
	case d.ExpiresAt.Sub(now) > lifetime:
		f = append(f, apperr.FieldError{Field: "expires_at", Message: fmt.Sprintf("must be at most %d days away", lifetime/(24*time.Hour))})
	}
	if r := d.RatePerMinute; r != nil && (*r < 1 || *r > MaxRatePerMinute) {
		f = append(f, apperr.FieldError{Field: "rate_per_minute", Message: fmt.Sprintf("must be 1 to %d", MaxRatePerMinute)})
	}
	return f
}

func checkAccount(role string, account users.User) []apperr.FieldError {
	switch {
	case account.Disabled:
		return []apperr.FieldError{{Field: "user_id", Message: "names a disabled account"}}
	case !slices.Contains(Roles(), role):
		return nil // named already
	case !HoldsRole(role, account.Role):
		if slices.Contains(ToolRoles, role) {
			return []apperr.FieldError{{Field: "role", Message: role + " keys act for an administrator"}}
		}
		return []apperr.FieldError{{Field: "role", Message: fmt.Sprintf("must be the account's own role, %s", account.Role)}}
	}
	return nil
}

// List returns a page of keys, newest first: every key for administrators
// (or one account's, with userID), else those acting for the caller.
func (s *Service) List(ctx context.Context, userID *uuid.UUID, before uuid.UUID, limit int) ([]Key, bool, error) {
	p := identity.From(ctx)
	if err := notByKey(p); err != nil {
		return nil, false, err
	}
	if p.Role != string(users.Admin) {
		return nil, false, apperr.New(apperr.Forbidden, "only administrators list every key")
	}
	return page.Read(limit, func(n int) ([]Key, error) { return s.store.APIKeys(ctx, userID, before, n) })
}

// ListMine returns a page of the keys acting for the caller.
func (s *Service) ListMine(ctx context.Context, before uuid.UUID, limit int) ([]Key, bool, error) {
	p := identity.From(ctx)
	if err := notByKey(p); err != nil {
		return nil, false, err
	}
	return page.Read(limit, func(n int) ([]Key, error) { return s.store.APIKeys(ctx, &p.UserID, before, n) })
}

// Revoke ends any key at once; administrators only. Revoking a revoked key
// changes nothing.
func (s *Service) Revoke(ctx context.Context, id uuid.UUID) (Key, error) {
	if identity.From(ctx).Role != string(users.Admin) {
		return Key{}, apperr.New(apperr.Forbidden, "only administrators revoke any key")
	}
	return s.revoke(ctx, id, false)
}

// RevokeOwn ends a key acting for the caller at once; any other is not found.
func (s *Service) RevokeOwn(ctx context.Context, id uuid.UUID) (Key, error) {
	return s.revoke(ctx, id, true)
}

func (s *Service) revoke(ctx context.Context, id uuid.UUID, ownOnly bool) (Key, error) {
	p := identity.From(ctx)
	if err := notByKey(p); err != nil {
		return Key{}, err
	}
	var k Key
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		if k, err = s.store.APIKeyForUpdate(ctx, id); err != nil {
			return err
		}
		if ownOnly && k.UserID != p.UserID {
			return apperr.NotFoundf("API key not found")
		}
		if k.RevokedAt != nil {
			return nil
		}
		now := s.now(ctx)
		if err := s.store.RevokeAPIKey(ctx, id, p.UserID, now); err != nil {
			return err
		}
		k.RevokedAt, k.RevokedByID = &now, &p.UserID
		return s.audit.Record(ctx, audit.Entry{Action: "api_key.revoke", EntityType: "api_key", EntityID: k.ID.String(),
			Changes: audit.Changes{"revoked": {false, true}, "name": {k.Name, k.Name}}})
	})
	return k, err
}

// Authenticate checks a key's token and returns the caller it stands for:
// the account it acts for, with the key's role. A key is refused once revoked
// or expired, when its account is disabled, and when its account no longer
// holds what backs its role.
func (s *Service) Authenticate(ctx context.Context, token, requestID, ip string) (identity.Principal, error) {
	id, secret, ok := parseToken(token)
	if !ok {
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "the API key is not valid")
	}
	k, account, err := s.store.APIKeyForAuth(ctx, id)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !secretMatches(secret, k.SecretHash)) {
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "the API key is not valid")
	}
	if err != nil {
		return identity.Principal{}, fmt.Errorf("load API key %s: %w", id, err)
	}
	now := s.now(ctx)
	switch {
	case k.RevokedAt != nil:
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "this API key was revoked")
	case !now.Before(k.ExpiresAt):
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "this API key has expired")
	case account.Disabled:
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "the account this API key acts for is disabled")
	case !HoldsRole(k.Role, account.Role):
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "the account this API key acts for no longer holds its role; make a new key")
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchEvery {
		if err := s.store.TouchAPIKey(ctx, k.ID, now, ip, now.Add(-touchEvery)); err != nil {
			return identity.Principal{}, fmt.Errorf("record use of API key %s: %w", k.ID, err)
		}
	}
	p := identity.Principal{UserID: account.ID, Email: account.Email, Role: k.Role, DepartmentID: account.DepartmentID,
		KeyID: k.ID, KeyRole: k.Role, RequestID: requestID, IP: ip}
	if k.RatePerMinute != nil {
		p.KeyRatePerMinute = *k.RatePerMinute
	}
	if k.Role == ReadOnly {
		p.Role = string(users.Auditor) // reads what an auditor reads; the contract lets it read only
	}
	return p, nil
}

// notByKey refuses to make keys with a key: a leaked key must not be able to
// outlive its own revocation.
func notByKey(p identity.Principal) error {
	if p.KeyID != uuid.Nil {
		return apperr.New(apperr.Forbidden, "an API key may not make keys: sign in")
	}
	return nil
}

// State is a key's state at now: live, expired or revoked.
func (k Key) State(now time.Time) string {
	switch {
	case k.RevokedAt != nil:
		return "revoked"
	case !now.Before(k.ExpiresAt):
		return "expired"
	}
	return "live"
}
