package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/users"
)

// Store is what the auth service needs from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	UserByID(ctx context.Context, id uuid.UUID) (users.User, error)
	// SignedInUser is UserByID for authentication, with whether the sign-in
	// (refresh-token family) session is still live, remembered for a moment.
	SignedInUser(ctx context.Context, id, session uuid.UUID) (users.User, bool, error)
	UserCredentials(ctx context.Context, email string) (users.User, string, error)
	// LockUserCredentials returns the account and its password hash, and
	// keeps a password reset or disable of it from committing until the
	// transaction ends.
	LockUserCredentials(ctx context.Context, id uuid.UUID) (users.User, string, error)
	SigningKey(ctx context.Context, purpose string, generate func() ([]byte, error)) (SigningKey, error)

	InsertRefreshToken(ctx context.Context, t RefreshToken) error
	// RefreshTokenForUpdate returns the token with this hash, locked until the
	// transaction ends.
	RefreshTokenForUpdate(ctx context.Context, hash string) (RefreshToken, error)
	MarkRefreshTokenUsed(ctx context.Context, id uuid.UUID, at time.Time) error
	RevokeRefreshFamily(ctx context.Context, familyID uuid.UUID, at time.Time) error
	// SetPasswordHash replaces an account's password hash.
	SetPasswordHash(ctx context.Context, id uuid.UUID, hash string) error
	// RevokeOtherRefreshFamilies revokes every live refresh token of an
	// account but those of the sign-in keep.
	RevokeOtherRefreshFamilies(ctx context.Context, id, keep uuid.UUID, at time.Time) error

	// InsertSession records a new sign-in; TouchSession its latest use.
	InsertSession(ctx context.Context, s SignInSession) error
	TouchSession(ctx context.Context, id uuid.UUID, at time.Time, ip, userAgent string) error
	// LiveSessions returns an account's live sign-ins at now, newest first.
	LiveSessions(ctx context.Context, userID uuid.UUID, now time.Time) ([]SignInSession, error)
	// SessionForUpdate returns a sign-in, locked until the transaction ends,
	// and whether it is live at now.
	SessionForUpdate(ctx context.Context, id uuid.UUID, now time.Time) (SignInSession, bool, error)

	// ReserveLoginAttempt counts one attempt for key atomically and returns
	// the count in the window and when the window began; a window that began
	// before windowStart restarts at now.
	ReserveLoginAttempt(ctx context.Context, key string, now, windowStart time.Time) (int, time.Time, error)
	// ReleaseLoginAttempt gives back one attempt reserved for key.
	ReleaseLoginAttempt(ctx context.Context, key string) error
	ClearLoginFailures(ctx context.Context, key string) error

	SecondFactorStore
}

// Options tune the auth service; zero values are not valid.
type Options struct {
	AccessTokenTTL     time.Duration
	RefreshTokenTTL    time.Duration
	LoginMaxFailures   int
	LoginIPMaxFailures int
	LoginWindow        time.Duration
	// Passwords checks passwords; share it with everything else that hashes
	// them, so that one bound holds for the whole process.
	Passwords *Passwords
	// RefreshLocked is a test hook, nil in production: Refresh calls it while
	// it holds the lock on the token it is about to spend, before it mints
	// the next one, so a test can run a competing change in between.
	RefreshLocked func()
	// Keys checks the tokens of API keys (those apikeys.IsToken tells
	// apart); nil refuses them.
	Keys KeyChecker
	// PasswordChecked is a test hook, nil in production: Login calls it
	// after a right password was checked, before it starts the session.
	PasswordChecked func()
	// SecondFactorLocked is a test hook, nil in production: a sign-in's
	// second step calls it once it holds the lock on the account's second
	// factor, before it checks the code, so a test can widen the window two
	// racing steps would share without the lock.
	SecondFactorLocked func()
	// Now is a test hook, nil in production (the wall clock): the time the
	// service signs in, checks codes and ends challenges at.
	Now func() time.Time
	// PasswordsOff refuses password sign-in (people sign in through the
	// provider) to everyone but BreakGlassEmail, an administrator kept for
	// when the provider cannot be reached.
	PasswordsOff    bool
	BreakGlassEmail string
}

// KeyChecker turns an API key's token into the caller it stands for.
type KeyChecker interface {
	Authenticate(ctx context.Context, token, requestID, ip string) (identity.Principal, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service signs people in and out and authenticates access tokens.
type Service struct {
	store  Store
	audit  Recorder
	opts   Options
	tokens tokenMinter
	now    func() time.Time
}

// Session is what a successful sign-in or refresh hands back.
type Session struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
	User         users.User
}

// ErrBadCredentials is the one answer to a wrong email or a wrong password.
var ErrBadCredentials = apperr.New(apperr.Unauthenticated, "email or password is incorrect")

// NoPassword is the password hash of an account that has none: one made at
// its first sign-in through the provider. No password matches it.
const NoPassword = "!no-password"

var errBadRefresh = apperr.New(apperr.Unauthenticated, "the refresh token is not valid; sign in again")

// NewService loads (or, on first start, creates) the access token signing key.
func NewService(ctx context.Context, store Store, audit Recorder, opts Options) (*Service, error) {
	key, err := store.SigningKey(ctx, "access-token", func() ([]byte, error) {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return b, err
	})
	if err != nil {
		return nil, fmt.Errorf("access token signing key: %w", err)
	}
	now := func() time.Time { return time.Now().UTC() }
	if opts.Now != nil {
		now = func() time.Time { return opts.Now().UTC() }
	}
	return &Service{
		store:  store,
		audit:  audit,
		opts:   opts,
		tokens: tokenMinter{key: key, ttl: opts.AccessTokenTTL, now: now, verified: newVerifiedTokens(10_000)},
		now:    now,
	}, nil
}

// Login checks an email and password. Attempts are counted per client address
// and per account before the password is checked, so that parallel attempts
// cannot get past the limit; over it, even a right password is refused until
// the window ends. A successful sign-in gives its attempt back. When the
// account has a second factor, or its role requires one, a right password is
// answered with a sign-in waiting for its second step (FinishSignIn) instead
// of a session.
func (s *Service) Login(ctx context.Context, email, password string) (LoginResult, error) {
	p := identity.From(ctx)
	email = users.NormalizeEmail(email)
	if s.opts.PasswordsOff && email != s.opts.BreakGlassEmail {
		return LoginResult{}, s.passwordsOff(ctx, email)
	}
	address, account := "ip:"+p.IP, "account:"+email
	if err := s.reserveAttempt(ctx, address, s.opts.LoginIPMaxFailures); err != nil {
		return LoginResult{}, err
	}
	if err := s.reserveAttempt(ctx, account, s.opts.LoginMaxFailures); err != nil {
		// Refused without a check: the address gets its attempt back.
		return LoginResult{}, errors.Join(err, s.releaseAttempts(ctx, address))
	}

	user, hash, err := s.store.UserCredentials(ctx, email)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return LoginResult{}, fmt.Errorf("look up %s: %w", email, err)
	}
	if err != nil || hash == NoPassword {
		hash = s.opts.Passwords.Dummy() // an unknown email, or one without a password, costs and counts the same
		if err == nil {
			err = ErrBadCredentials
		}
	}
	ok, verr := s.opts.Passwords.Verify(ctx, hash, password)
	if verr != nil && (apperr.Is(verr, apperr.Unavailable) || ctx.Err() != nil) {
		// No password was checked: the attempt is not held against anyone.
		return LoginResult{}, errors.Join(verr, s.releaseAttempts(ctx, address, account))
	}
	if verr != nil {
		return LoginResult{}, fmt.Errorf("verify password of %s: %w", email, verr)
	}
	if err != nil || !ok || user.Disabled {
		return LoginResult{}, s.loginFailed(ctx, email)
	}
	if s.opts.PasswordsOff && user.Role != users.Admin {
		// The break-glass account is for administering Caseward only.
		return LoginResult{}, errors.Join(s.passwordsOff(ctx, email), s.releaseAttempts(ctx, address, account))
	}
	if s.opts.PasswordChecked != nil {
		s.opts.PasswordChecked()
	}
	var result LoginResult
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		// The password was checked against what was stored before hashing
		// began; a reset or disable committed since ends this sign-in, and one
		// that comes later waits for it and then revokes it.
		current, currentHash, err := s.store.LockUserCredentials(ctx, user.ID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return fmt.Errorf("lock %s: %w", email, err)
		}
		if err != nil || currentHash != hash || current.Disabled {
			return errCredentialsChanged
		}
		if err := s.store.ClearLoginFailures(ctx, account); err != nil {
			return fmt.Errorf("clear failed logins: %w", err)
		}
		if err := s.store.ReleaseLoginAttempt(ctx, address); err != nil {
			return fmt.Errorf("release login attempt: %w", err)
		}
		due, enrol, err := s.secondFactorDue(ctx, current)
		if err != nil {
			return err
		}
		if due {
			p, err := s.newChallenge(ctx, current, currentHash, enrol)
			result.Pending = &p
			return err
		}
		session, err := s.startSession(ctx, user, uuid.Nil)
		if err != nil {
			return err
		}
		result.Session = &session
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login", EntityType: "user", EntityID: user.ID.String(),
			ActorID: user.ID.String(), ActorEmail: user.Email, Changes: audit.Changes{"method": {nil, "password"}}})
	})
	if errors.Is(err, errCredentialsChanged) {
		return LoginResult{}, s.loginFailed(ctx, email)
	}
	if err != nil {
		return LoginResult{}, err
	}
	return result, nil
}

// ErrNoPassword refuses to set a password on an account that signs in
// through the provider: one would be a second way in that the provider's
// controls (its second factor, its offboarding) do not cover.
var ErrNoPassword = apperr.New(apperr.Conflict, "this account signs in through single sign-on and has no password here")

// errCredentialsChanged ends a sign-in whose password or account changed
// while its password was being checked.
var errCredentialsChanged = errors.New("the credentials changed during sign-in")

// errPasswordsOff refuses a password sign-in while only the break-glass
// administrator may use one.
var errPasswordsOff = apperr.New(apperr.Forbidden, "sign-in with a password is switched off here: use single sign-on")

// passwordsOff audits a password sign-in refused because passwords are
// switched off, and returns errPasswordsOff.
func (s *Service) passwordsOff(ctx context.Context, email string) error {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login_failed", EntityType: "user", ActorEmail: email,
			Changes: audit.Changes{"method": {nil, "password"}, "reason": {nil, "local_passwords_off"}}})
	})
	if err != nil {
		return err
	}
	return errPasswordsOff
}

// StartSession starts a session for a user whose sign-in another method
// proved (single sign-on): a new refresh-token family, listed among their
// sessions. Call it inside the transaction that audits the sign-in; the
// caller has checked that the account is enabled.
func (s *Service) StartSession(ctx context.Context, user users.User) (Session, error) {
	return s.startSession(ctx, user, uuid.Nil)
}

// loginFailed audits a failed sign-in with the email that was tried (its
// attempt stays counted) and returns ErrBadCredentials.
func (s *Service) loginFailed(ctx context.Context, email string) error {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login_failed", EntityType: "user", ActorEmail: email})
	})
	if err != nil {
		return err
	}
	return ErrBadCredentials
}

// reserveAttempt counts an attempt against key and refuses it, with the time
// left in the window, when it is over limit. A refused attempt is given back
// at once: the count holds failures and attempts still being checked.
func (s *Service) reserveAttempt(ctx context.Context, key string, limit int) error {
	now := s.now()
	n, started, err := s.store.ReserveLoginAttempt(ctx, key, now, now.Add(-s.opts.LoginWindow))
	if err != nil {
		return fmt.Errorf("count sign-in attempt: %w", err)
	}
	if n > limit {
		// Refused unchecked, so it is no failure: keeping it counted would let
		// a burst of right passwords from one office lock the address out.
		// The count holds failures and attempts still being checked, so the
		// words name attempts: a burst of right passwords meets this too.
		refused := apperr.Throttled("too many sign-in attempts, failed or still being checked; try again later", max(started.Add(s.opts.LoginWindow).Sub(now), time.Second))
		return errors.Join(refused, s.releaseAttempts(ctx, key))
	}
	return nil
}

// releaseAttempts gives back attempts that checked no password, even when the
// request itself was cancelled.
func (s *Service) releaseAttempts(ctx context.Context, keys ...string) error {
	ctx = context.WithoutCancel(ctx)
	for _, key := range keys {
		if err := s.store.ReleaseLoginAttempt(ctx, key); err != nil {
			return fmt.Errorf("release login attempt: %w", err)
		}
	}
	return nil
}

// startSession mints an access token and a refresh token in family (a new
// family when uuid.Nil).
func (s *Service) startSession(ctx context.Context, user users.User, family uuid.UUID) (Session, error) {
	token, hash, err := newRefreshToken()
	if err != nil {
		return Session{}, fmt.Errorf("new refresh token: %w", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Session{}, fmt.Errorf("refresh token id: %w", err)
	}
	now := s.now()
	p := identity.From(ctx)
	if family == uuid.Nil {
		family = id
		err = s.store.InsertSession(ctx, SignInSession{ID: family, UserID: user.ID, CreatedAt: now, LastUsedAt: now, IP: p.IP, UserAgent: device(p)})
	} else {
		err = s.store.TouchSession(ctx, family, now, p.IP, device(p))
	}
	if err != nil {
		return Session{}, fmt.Errorf("record the session: %w", err)
	}
	rt := RefreshToken{ID: id, FamilyID: family, UserID: user.ID, TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(s.opts.RefreshTokenTTL)}
	if err := s.store.InsertRefreshToken(ctx, rt); err != nil {
		return Session{}, fmt.Errorf("store refresh token: %w", err)
	}
	access, err := s.tokens.mint(user.ID, family)
	if err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, RefreshToken: token, ExpiresIn: s.opts.AccessTokenTTL, User: user}, nil
}

// Refresh spends a refresh token and returns a new session in the same family.
// A token presented a second time revokes the whole family: either it was stolen
// or the thief already used it.
func (s *Service) Refresh(ctx context.Context, token string) (Session, error) {
	var session Session
	var reused bool
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		rt, err := s.store.RefreshTokenForUpdate(ctx, hashRefreshToken(token))
		if apperr.Is(err, apperr.NotFound) {
			return errBadRefresh
		}
		if err != nil {
			return fmt.Errorf("look up refresh token: %w", err)
		}
		if s.opts.RefreshLocked != nil {
			s.opts.RefreshLocked()
		}
		now := s.now()
		switch {
		case rt.RevokedAt != nil || !now.Before(rt.ExpiresAt):
			return errBadRefresh
		case rt.UsedAt != nil:
			reused = true
			if err := s.store.RevokeRefreshFamily(ctx, rt.FamilyID, now); err != nil {
				return err
			}
			// The family id names the sign-in whose tokens were all revoked.
			return s.audit.Record(ctx, audit.Entry{Action: "auth.refresh_reused", EntityType: "session", EntityID: rt.FamilyID.String(),
				ActorID: rt.UserID.String(), Changes: audit.Changes{"revoked": {false, true}}})
		}
		user, err := s.store.UserByID(ctx, rt.UserID)
		if err != nil {
			return fmt.Errorf("refresh token owner: %w", err)
		}
		if user.Disabled {
			reused = true // not reuse, but the family must go all the same
			return s.store.RevokeRefreshFamily(ctx, rt.FamilyID, now)
		}
		if err := s.store.MarkRefreshTokenUsed(ctx, rt.ID, now); err != nil {
			return fmt.Errorf("spend refresh token: %w", err)
		}
		session, err = s.startSession(ctx, user, rt.FamilyID)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	if reused {
		return Session{}, errBadRefresh
	}
	return session, nil
}

// Logout revokes the family of a refresh token. Unknown tokens are ignored so
// that signing out twice is harmless.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		rt, err := s.store.RefreshTokenForUpdate(ctx, hashRefreshToken(token))
		if apperr.Is(err, apperr.NotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("look up refresh token: %w", err)
		}
		if rt.RevokedAt != nil {
			return nil
		}
		if err := s.store.RevokeRefreshFamily(ctx, rt.FamilyID, s.now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.logout", EntityType: "user", EntityID: rt.UserID.String(), ActorID: rt.UserID.String()})
	})
}

// Authenticate checks an access token (or an API key's token, which
// Options.Keys checks) and returns the Principal of its user,
// who must still exist and be enabled, in a sign-in that has not ended: logout,
// a password reset, disabling the account or a reused refresh token end it, and
// its access tokens with it.
func (s *Service) Authenticate(ctx context.Context, accessToken, requestID, ip string) (identity.Principal, error) {
	if apikeys.IsToken(accessToken) {
		if s.opts.Keys == nil {
			return identity.Principal{}, apperr.New(apperr.Unauthenticated, "API keys are not accepted here")
		}
		return s.opts.Keys.Authenticate(ctx, accessToken, requestID, ip)
	}
	tok, err := s.tokens.parse(accessToken)
	if err != nil {
		return identity.Principal{}, apperr.Wrap(apperr.Unauthenticated, "the access token is not valid", err)
	}
	user, live, err := s.store.SignedInUser(ctx, tok.user, tok.session)
	if apperr.Is(err, apperr.NotFound) || (err == nil && user.Disabled) {
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "the account is disabled or no longer exists")
	}
	if err != nil {
		return identity.Principal{}, fmt.Errorf("load user %s: %w", tok.user, err)
	}
	if !live {
		return identity.Principal{}, apperr.New(apperr.Unauthenticated, "this sign-in has ended; sign in again")
	}
	return identity.Principal{UserID: user.ID, Email: user.Email, Role: string(user.Role), DepartmentID: user.DepartmentID,
		SessionID: tok.session, RequestID: requestID, IP: ip}, nil
}

// CurrentUser returns the signed-in user as stored now.
func (s *Service) CurrentUser(ctx context.Context) (users.User, error) {
	p := identity.From(ctx)
	if !p.Authenticated() {
		return users.User{}, apperr.New(apperr.Unauthenticated, "sign in first")
	}
	return s.store.UserByID(ctx, p.UserID)
}

// ChangeOwnPassword sets a new password for the signed-in user, who proves it
// is them with the current one. A wrong current password counts as a failed
// sign-in against the account and the address (so that a stolen session
// cannot guess it faster than the sign-in form could) and is refused with a
// field error; the new one follows the same rules as every password. On
// success every other sign-in of the account ends at once (their access
// tokens with it); this one stays.
func (s *Service) ChangeOwnPassword(ctx context.Context, current, next string) error {
	p := identity.From(ctx)
	if !p.Authenticated() {
		return apperr.New(apperr.Unauthenticated, "sign in first")
	}
	address, account := "ip:"+p.IP, "account:"+users.NormalizeEmail(p.Email)
	var fields []apperr.FieldError
	if msg := users.CheckPassword(next); msg != "" {
		fields = append(fields, apperr.FieldError{Field: "new_password", Message: msg})
	} else if next == current {
		fields = append(fields, apperr.FieldError{Field: "new_password", Message: "must differ from the current password"})
	}
	if err := s.reserveAttempt(ctx, address, s.opts.LoginIPMaxFailures); err != nil {
		return err
	}
	if err := s.reserveAttempt(ctx, account, s.opts.LoginMaxFailures); err != nil {
		return errors.Join(err, s.releaseAttempts(ctx, address))
	}
	_, hash, err := s.store.LockUserCredentials(ctx, p.UserID)
	if err != nil {
		return errors.Join(fmt.Errorf("look up %s: %w", p.Email, err), s.releaseAttempts(ctx, address, account))
	}
	if hash == NoPassword {
		return errors.Join(ErrNoPassword, s.releaseAttempts(ctx, address, account))
	}
	ok, verr := s.opts.Passwords.Verify(ctx, hash, current)
	if verr != nil {
		return errors.Join(fmt.Errorf("verify password of %s: %w", p.Email, verr), s.releaseAttempts(ctx, address, account))
	}
	if !ok {
		// The attempt stays counted, as a failed sign-in's does.
		fields = append([]apperr.FieldError{{Field: "current_password", Message: "is not the password you signed in with"}}, fields...)
		err := s.store.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Record(ctx, audit.Entry{Action: "auth.password_change_failed", EntityType: "user", EntityID: p.UserID.String()})
		})
		if err != nil {
			return err
		}
		return apperr.Invalidf(fields, "the password was not changed: the current password is not right")
	}
	// The right password was given: this attempt is not held against anyone.
	if err := s.releaseAttempts(ctx, address, account); err != nil {
		return err
	}
	if len(fields) > 0 {
		return apperr.Invalidf(fields, "the new password is not valid: %s", fields[0].Message)
	}
	newHash, err := s.opts.Passwords.Hash(ctx, next)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		// A reset or another change committed while the hashes ran wins.
		_, currentHash, err := s.store.LockUserCredentials(ctx, p.UserID)
		if err != nil {
			return err
		}
		if currentHash != hash {
			return apperr.New(apperr.Conflict, "the password was changed meanwhile; sign in again")
		}
		if err := s.store.SetPasswordHash(ctx, p.UserID, newHash); err != nil {
			return err
		}
		if err := s.store.RevokeOtherRefreshFamilies(ctx, p.UserID, p.SessionID, s.now()); err != nil {
			return fmt.Errorf("revoke other sign-ins: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "user.password_change", EntityType: "user", EntityID: p.UserID.String(),
			Changes: audit.Changes{"password": {nil, nil}}})
	})
}
