package users

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// Store is what the users service needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	CreateUser(ctx context.Context, u User, passwordHash string) (User, error)
	CountUsers(ctx context.Context) (int64, error)
	UserByID(ctx context.Context, id uuid.UUID) (User, error)
	ListUsers(ctx context.Context, afterEmail string, limit int) ([]User, error)
	ListAssignees(ctx context.Context, afterEmail string, limit int) ([]User, error)
	// UpdateUser stores u's name, role, department and disabled flag if its
	// version is still version.
	UpdateUser(ctx context.Context, u User, version int64) (User, error)
	SetPasswordHash(ctx context.Context, id uuid.UUID, hash string) error
	// SetUserTimeZone stores an account's time zone ("" for the browser's).
	SetUserTimeZone(ctx context.Context, id uuid.UUID, zone string) (User, error)
	RevokeUserRefreshTokens(ctx context.Context, id uuid.UUID, at time.Time) error
	// LockEnabledAdmins counts the enabled admins and keeps them from
	// changing until the transaction ends.
	LockEnabledAdmins(ctx context.Context) (int64, error)
	DepartmentExists(ctx context.Context, id uuid.UUID) (bool, error)
	// SignsInWithProvider reports whether an account is linked to an
	// identity at the OpenID Connect provider.
	SignsInWithProvider(ctx context.Context, id uuid.UUID) (bool, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the use cases around accounts.
type Service struct {
	store Store
	audit Recorder
	hash  HashFunc
}

// HashFunc hashes a password; it may refuse when too many hashes are running.
type HashFunc func(ctx context.Context, password string) (string, error)

// NewService returns a Service that stores accounts in store, audits through
// audit and hashes passwords with hash.
func NewService(store Store, audit Recorder, hash HashFunc) *Service {
	return &Service{store: store, audit: audit, hash: hash}
}

// NewUser is the input to Create. An empty Password asks for a generated one.
type NewUser struct {
	Email        string
	Name         string
	Role         Role
	DepartmentID *uuid.UUID
	Password     string
}

// Create adds an account. When in.Password is empty a password is generated and
// returned; it is shown once and never stored in clear.
func (s *Service) Create(ctx context.Context, in NewUser) (User, string, error) {
	in.Email = NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	generated := ""
	if in.Password == "" {
		generated = GeneratePassword()
		in.Password = generated
	}
	fields := validateProfile(in.Name, in.Role, in.DepartmentID)
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email || utf8.RuneCountInString(in.Email) > 254 {
		fields = append(fields, apperr.FieldError{Field: "email", Message: "must be a valid email address"})
	}
	fields = append(fields, validatePassword(in.Password)...)
	if len(fields) > 0 {
		// An unknown department is named in the same answer; the lookup
		// waits for a refusal so that a valid account is hashed outside
		// any transaction.
		err := s.store.InTx(ctx, func(ctx context.Context) error {
			more, err := s.departmentProblems(ctx, in.DepartmentID)
			fields = append(fields, more...)
			return err
		})
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			return User{}, "", err
		}
		return User{}, "", apperr.Invalidf(fields, "the user is not valid")
	}
	hash, err := s.hash(ctx, in.Password)
	if err != nil {
		return User{}, "", fmt.Errorf("hash password: %w", err)
	}
	u := User{ID: uuid.Must(uuid.NewV7()), Email: in.Email, Name: in.Name, Role: in.Role, DepartmentID: in.DepartmentID}
	var created User
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		more, err := s.departmentProblems(ctx, in.DepartmentID)
		if err != nil {
			return err
		}
		if len(more) > 0 {
			return apperr.Invalidf(more, "unknown department")
		}
		created, err = s.store.CreateUser(ctx, u, hash)
		if apperr.Is(err, apperr.Conflict) {
			return apperr.Invalidf([]apperr.FieldError{{Field: "email", Message: "is already in use"}}, "a user with this email already exists")
		}
		if err != nil {
			return fmt.Errorf("create user %s: %w", in.Email, err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "user.create", EntityType: "user", EntityID: created.ID.String(),
			Changes: audit.Changes{"email": {nil, created.Email}, "name": {nil, created.Name}, "role": {nil, string(created.Role)},
				"department_id": {nil, uuidOrNil(created.DepartmentID)}}})
	})
	if err != nil {
		return User{}, "", err
	}
	return created, generated, nil
}

// EnsureFirstAdmin creates an admin account with the given email when there are
// no users at all. It returns whether it created one and the password, which is
// generated when password is empty.
func (s *Service) EnsureFirstAdmin(ctx context.Context, email, password string) (bool, string, error) {
	if password != "" {
		// Checked first: below, an invalid user means another replica won.
		if fields := validatePassword(password); len(fields) > 0 {
			return false, "", apperr.Invalidf(fields, "the first admin's password is not valid: %s", fields[0].Message)
		}
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return false, "", fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return false, "", nil
	}
	_, generated, err := s.Create(ctx, NewUser{Email: email, Name: "Administrator", Role: Admin, Password: password})
	if apperr.Is(err, apperr.Invalid) {
		return false, "", nil // another replica created it first
	}
	if err != nil {
		return false, "", err
	}
	if generated != "" {
		password = generated
	}
	return true, password, nil
}

// Get returns one account.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (User, error) {
	return s.store.UserByID(ctx, id)
}

// List returns accounts ordered by email, after the cursor email.
func (s *Service) List(ctx context.Context, afterEmail string, limit int) ([]User, bool, error) {
	return page.Read(limit, func(n int) ([]User, error) { return s.store.ListUsers(ctx, afterEmail, n) })
}

// Assignees lists the enabled accounts that may own a case, ordered by email,
// after afterEmail: whom a case may be handed to.
func (s *Service) Assignees(ctx context.Context, afterEmail string, limit int) ([]User, bool, error) {
	return page.Read(limit, func(n int) ([]User, error) { return s.store.ListAssignees(ctx, afterEmail, n) })
}

// Change is a partial update of an account; nil fields stay as they are.
type Change struct {
	Name            *string
	Role            *Role
	DepartmentID    *uuid.UUID
	ClearDepartment bool
	Disabled        *bool
}

// Update applies ch if version is current. Disabling revokes every refresh
// token of the account; the last enabled admin may be neither disabled nor
// demoted, so that someone can always administer Caseward.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, ch Change) (User, error) {
	var updated User
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.UserByID(ctx, id)
		if err != nil {
			return err
		}
		next := apply(old, ch)
		more, err := s.departmentProblems(ctx, next.DepartmentID)
		if err != nil {
			return err
		}
		if fields := append(validateProfile(next.Name, next.Role, next.DepartmentID), more...); len(fields) > 0 {
			return apperr.Invalidf(fields, "the user is not valid")
		}
		if old.Role == Admin && !old.Disabled && (next.Role != Admin || next.Disabled) {
			n, err := s.store.LockEnabledAdmins(ctx)
			if err != nil {
				return fmt.Errorf("count admins: %w", err)
			}
			if n <= 1 {
				return apperr.New(apperr.Conflict, "this is the last enabled admin: make another admin first")
			}
		}
		if updated, err = s.store.UpdateUser(ctx, next, version); err != nil {
			return err
		}
		if next.Disabled && !old.Disabled {
			if err := s.store.RevokeUserRefreshTokens(ctx, id, time.Now().UTC()); err != nil {
				return fmt.Errorf("revoke refresh tokens: %w", err)
			}
		}
		return s.audit.Record(ctx, audit.Entry{Action: updateAction(old, next), EntityType: "user", EntityID: id.String(), Changes: diff(old, next)})
	})
	return updated, err
}

// ErrSignsInWithProvider refuses a password for an account that signs in
// through single sign-on: it would be a way in that the provider's controls
// (its second factor, its offboarding) do not cover.
var ErrSignsInWithProvider = apperr.New(apperr.Conflict, "this account signs in through single sign-on; it has no password here to reset")

// ResetPassword sets a new password (generated when empty, and returned) and
// revokes the account's refresh tokens.
func (s *Service) ResetPassword(ctx context.Context, id uuid.UUID, password string) (string, error) {
	generated := ""
	if password == "" {
		generated = GeneratePassword()
		password = generated
	}
	if fields := validatePassword(password); len(fields) > 0 {
		return "", apperr.Invalidf(fields, "the password is not valid")
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		sso, err := s.store.SignsInWithProvider(ctx, id)
		if err != nil {
			return fmt.Errorf("look up sign-in method: %w", err)
		}
		if sso {
			return ErrSignsInWithProvider
		}
		if err := s.store.SetPasswordHash(ctx, id, hash); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, id, time.Now().UTC()); err != nil {
			return fmt.Errorf("revoke refresh tokens: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "user.password_reset", EntityType: "user", EntityID: id.String(),
			Changes: audit.Changes{"password": {nil, nil}}})
	})
	return generated, err
}

// ProfileChange is what users may change of their own account; nil fields
// stay as they are.
type ProfileChange struct {
	// TimeZone is an IANA zone name such as Europe/Warsaw; "" follows the
	// browser's.
	TimeZone *string
}

// UpdateOwnProfile applies ch to the signed-in user's own account.
func (s *Service) UpdateOwnProfile(ctx context.Context, ch ProfileChange) (User, error) {
	p := identity.From(ctx)
	if !p.Authenticated() {
		return User{}, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	if ch.TimeZone != nil {
		if msg := CheckTimeZone(*ch.TimeZone); msg != "" {
			return User{}, apperr.Invalidf([]apperr.FieldError{{Field: "time_zone", Message: msg}}, "Time zone %s", msg)
		}
	}
	var updated User
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.UserByID(ctx, p.UserID)
		if err != nil {
			return err
		}
		updated = old
		if ch.TimeZone == nil || *ch.TimeZone == old.TimeZone {
			return nil
		}
		if updated, err = s.store.SetUserTimeZone(ctx, p.UserID, *ch.TimeZone); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "user.profile_update", EntityType: "user", EntityID: p.UserID.String(),
			Changes: audit.Changes{"time_zone": {stringOrNil(old.TimeZone), stringOrNil(updated.TimeZone)}}})
	})
	return updated, err
}

// CheckTimeZone explains what is wrong with a time zone name, or returns ""
// when it may be used: empty (the browser's) or a zone the server knows (the
// binary embeds the IANA database, so this does not depend on the host).
func CheckTimeZone(zone string) string {
	const msg = "must be a known time zone, such as Europe/Warsaw"
	if zone == "" {
		return ""
	}
	// LoadLocation also accepts "Local" and "UTC"; only the first is refused,
	// as it names the server's zone, not the user's.
	if zone == "Local" || len(zone) > 64 {
		return msg
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return msg
	}
	return ""
}

func stringOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func apply(u User, ch Change) User {
	if ch.Name != nil {
		u.Name = strings.TrimSpace(*ch.Name)
	}
	if ch.Role != nil {
		u.Role = *ch.Role
	}
	if ch.ClearDepartment {
		u.DepartmentID = nil
	} else if ch.DepartmentID != nil {
		id := *ch.DepartmentID
		u.DepartmentID = &id
	}
	if ch.Disabled != nil {
		u.Disabled = *ch.Disabled
	}
	return u
}

func updateAction(old, next User) string {
	switch {
	case next.Disabled && !old.Disabled:
		return "user.disable"
	case !next.Disabled && old.Disabled:
		return "user.enable"
	default:
		return "user.update"
	}
}

func diff(old, next User) audit.Changes {
	c := audit.Changes{}
	if old.Name != next.Name {
		c["name"] = [2]any{old.Name, next.Name}
	}
	if old.Role != next.Role {
		c["role"] = [2]any{string(old.Role), string(next.Role)}
	}
	if uuidOrNil(old.DepartmentID) != uuidOrNil(next.DepartmentID) {
		c["department_id"] = [2]any{uuidOrNil(old.DepartmentID), uuidOrNil(next.DepartmentID)}
	}
	if old.Disabled != next.Disabled {
		c["disabled"] = [2]any{old.Disabled, next.Disabled}
	}
	return c
}

func uuidOrNil(id *uuid.UUID) any {
	if id == nil {
		return nil
	}
	return id.String()
}

// departmentProblems names department_id when id is set and no department has it.
func (s *Service) departmentProblems(ctx context.Context, id *uuid.UUID) ([]apperr.FieldError, error) {
	if id == nil {
		return nil, nil
	}
	ok, err := s.store.DepartmentExists(ctx, *id)
	if err != nil {
		return nil, fmt.Errorf("look up department: %w", err)
	}
	if !ok {
		return []apperr.FieldError{{Field: "department_id", Message: "no such department"}}, nil
	}
	return nil, nil
}

// NormalizeEmail trims and lower-cases an address, so lookups match however the
// user typed it.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

func validateProfile(name string, role Role, department *uuid.UUID) []apperr.FieldError {
	var fields []apperr.FieldError
	if name == "" {
		fields = append(fields, apperr.FieldError{Field: "name", Message: "is required"})
	}
	fields = apperr.MaxLength(fields, "name", name, 200)
	if !role.Valid() {
		fields = append(fields, apperr.FieldError{Field: "role", Message: "must be one of admin, responder, department_head, auditor"})
	}
	if role == DepartmentHead && department == nil {
		fields = append(fields, apperr.FieldError{Field: "department_id", Message: "is required for a department head"})
	}
	return fields
}

// GeneratePassword returns a random 26-character password (128 bits).
func GeneratePassword() string {
	return rand.Text()
}
