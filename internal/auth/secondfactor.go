package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/users"
)

// Two-step sign-in for local accounts (docs/security.md, Two-step sign-in):
// a right password is answered with a challenge when the account has a TOTP
// second factor or its role requires one, and the sign-in finishes when the
// challenge comes back with a code from the authenticator app or a recovery
// code. The checks themselves are in totp.go.

const (
	// challengeTTL is how long a right password waits for its second step.
	challengeTTL = 5 * time.Minute
	// challengeMaxFailures wrong codes spend a challenge: the password is
	// asked again.
	challengeMaxFailures = 5
	// enrolmentTTL is how long a secret handed out on the account page waits
	// for its first code.
	enrolmentTTL = 15 * time.Minute
	// totpIssuer names Caseward in authenticator apps.
	totpIssuer = "Caseward"
)

// SecondFactorStore is what two-step sign-in needs from the database.
type SecondFactorStore interface {
	// LockSecondFactor returns the account's second factor (with only
	// UserID set when it has none), locking the account's row and the
	// factor's until the transaction ends: every change of a second factor
	// takes the account's row first, so that they run one at a time.
	LockSecondFactor(ctx context.Context, userID uuid.UUID) (SecondFactor, error)
	// SecondFactorOf reads the account's second factor and how many of its
	// recovery codes are unused, without locking.
	SecondFactorOf(ctx context.Context, userID uuid.UUID) (SecondFactor, int, error)
	SaveSecondFactor(ctx context.Context, f SecondFactor) error
	// DeleteSecondFactor removes the account's secret and recovery codes.
	DeleteSecondFactor(ctx context.Context, userID uuid.UUID) error
	// ReplaceRecoveryCodes sets the account's recovery codes (their hashes).
	ReplaceRecoveryCodes(ctx context.Context, userID uuid.UUID, hashes []string) error
	UnusedRecoveryCodes(ctx context.Context, userID uuid.UUID) ([]string, error)
	// UseRecoveryCode marks a code used; false when it was used already.
	UseRecoveryCode(ctx context.Context, userID uuid.UUID, hash string, at time.Time) (bool, error)

	InsertChallenge(ctx context.Context, c Challenge) error
	// ChallengeForUpdate returns the challenge with this token hash, locked
	// until the transaction ends.
	ChallengeForUpdate(ctx context.Context, tokenHash string) (Challenge, error)
	// CountChallengeFailure adds a wrong code to a challenge.
	CountChallengeFailure(ctx context.Context, id uuid.UUID) error
	SpendChallenge(ctx context.Context, id uuid.UUID, at time.Time) error

	SignInPolicy(ctx context.Context) (SignInPolicy, error)
	SetSignInPolicy(ctx context.Context, p SignInPolicy) error
}

// SecondFactor is an account's TOTP second factor as stored.
type SecondFactor struct {
	UserID     uuid.UUID
	Secret     string // the confirmed secret; "" while there is none
	EnrolledAt *time.Time
	// LastStep is the RFC 6238 step of the last code taken.
	LastStep int64
	// PendingSecret was handed out and waits for its first code until
	// PendingUntil; it replaces Secret once confirmed.
	PendingSecret string
	PendingUntil  *time.Time
}

// Enrolled is true of an account that signs in with a code.
func (f SecondFactor) Enrolled() bool { return f.Secret != "" }

// Challenge is a right password waiting for its second step.
type Challenge struct {
	ID        uuid.UUID
	TokenHash string
	UserID    uuid.UUID
	// PasswordFingerprint ties the challenge to the password it was given
	// for: a reset or change since ends it.
	PasswordFingerprint string
	// Enrol is true when the account must set up a second factor first.
	Enrol     bool
	CreatedAt time.Time
	ExpiresAt time.Time
	Failures  int
	UsedAt    *time.Time
}

// PendingSignIn is what a right password is answered with when a second
// factor is due.
type PendingSignIn struct {
	Token             string
	ExpiresAt         time.Time
	EnrolmentRequired bool
}

// LoginResult is a sign-in's answer: a session, or a sign-in waiting for its
// second step.
type LoginResult struct {
	Session *Session
	Pending *PendingSignIn
}

// SignInPolicy says which roles must sign in with a second factor.
type SignInPolicy struct {
	SecondFactorRoles []users.Role
	UpdatedAt         *time.Time
}

// Requires is true when role must have a second factor.
func (p SignInPolicy) Requires(role users.Role) bool {
	return slices.Contains(p.SecondFactorRoles, role)
}

// SecondFactorStatus is what an account's owner (or an administrator) is told
// of its second factor.
type SecondFactorStatus struct {
	Enrolled     bool
	EnrolledAt   *time.Time
	RecoveryLeft int
	Required     bool
}

// Enrolment is a secret handed out for an authenticator app.
type Enrolment struct {
	Secret    string
	URI       string
	ExpiresAt time.Time
}

var errChallengeGone = apperr.New(apperr.Unauthenticated, "this sign-in has expired or was already used; sign in again with your password")

// passwordFingerprint stands for a password hash in a challenge, so that the
// hash itself is not copied around.
func passwordFingerprint(hash string) string {
	sum := sha256.Sum256([]byte("caseward challenge\x00" + hash))
	return hex.EncodeToString(sum[:])
}

func hashChallengeToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newChallenge records a right password waiting for its second step; call
// it inside the sign-in's transaction.
func (s *Service) newChallenge(ctx context.Context, user users.User, passwordHash string, enrol bool) (PendingSignIn, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return PendingSignIn{}, fmt.Errorf("new challenge: %w", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return PendingSignIn{}, fmt.Errorf("challenge id: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	c := Challenge{ID: id, TokenHash: hashChallengeToken(token), UserID: user.ID, PasswordFingerprint: passwordFingerprint(passwordHash),
		Enrol: enrol, CreatedAt: now, ExpiresAt: now.Add(challengeTTL)}
	if err := s.store.InsertChallenge(ctx, c); err != nil {
		return PendingSignIn{}, fmt.Errorf("store challenge: %w", err)
	}
	return PendingSignIn{Token: token, ExpiresAt: c.ExpiresAt, EnrolmentRequired: enrol}, nil
}

// secondFactorDue tells whether a sign-in of user needs a second step, and
// whether it must set one up first.
func (s *Service) secondFactorDue(ctx context.Context, user users.User) (due, enrol bool, err error) {
	f, _, err := s.store.SecondFactorOf(ctx, user.ID)
	if err != nil {
		return false, false, fmt.Errorf("second factor of %s: %w", user.Email, err)
	}
	if f.Enrolled() {
		return true, false, nil
	}
	policy, err := s.store.SignInPolicy(ctx)
	if err != nil {
		return false, false, fmt.Errorf("sign-in policy: %w", err)
	}
	return policy.Requires(user.Role), policy.Requires(user.Role), nil
}

// StartSignInEnrolment hands out a secret to a sign-in that must set up its
// second factor before it finishes.
func (s *Service) StartSignInEnrolment(ctx context.Context, token string) (Enrolment, error) {
	var out Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.liveChallenge(ctx, token)
		if err != nil {
			return err
		}
		if !c.Enrol {
			return apperr.New(apperr.Conflict, "this account has a second factor already: enter a code from its authenticator app")
		}
		user, err := s.store.UserByID(ctx, c.UserID)
		if err != nil {
			return err
		}
		out, err = s.handOutSecret(ctx, user, c.ExpiresAt)
		return err
	})
	return out, err
}

// handOutSecret makes a new pending secret for user, replacing one not yet
// confirmed; a confirmed one keeps working until the new one is.
func (s *Service) handOutSecret(ctx context.Context, user users.User, until time.Time) (Enrolment, error) {
	f, err := s.store.LockSecondFactor(ctx, user.ID)
	if err != nil {
		return Enrolment{}, err
	}
	secret, uri, err := NewTOTPSecret(totpIssuer, user.Email)
	if err != nil {
		return Enrolment{}, err
	}
	f.PendingSecret, f.PendingUntil = secret, &until
	if err := s.store.SaveSecondFactor(ctx, f); err != nil {
		return Enrolment{}, fmt.Errorf("store the new secret: %w", err)
	}
	return Enrolment{Secret: secret, URI: uri, ExpiresAt: until}, nil
}

// liveChallenge returns the challenge of token, locked, while it can still
// be answered.
func (s *Service) liveChallenge(ctx context.Context, token string) (Challenge, error) {
	c, err := s.store.ChallengeForUpdate(ctx, hashChallengeToken(token))
	if apperr.Is(err, apperr.NotFound) {
		return Challenge{}, errChallengeGone
	}
	if err != nil {
		return Challenge{}, fmt.Errorf("look up challenge: %w", err)
	}
	if c.UsedAt != nil || !s.now().Before(c.ExpiresAt) || c.Failures >= challengeMaxFailures {
		return Challenge{}, errChallengeGone
	}
	return c, nil
}

// SecondFactorAnswer is the second step of a sign-in: exactly one of a code
// from the authenticator app and a recovery code.
type SecondFactorAnswer struct {
	Code         string
	RecoveryCode string
}

// FinishSignIn checks the second step of a sign-in and starts its session.
// Wrong codes count against the account and the address as wrong passwords
// do, and five of them spend the challenge. A sign-in that set up its second
// factor gets its recovery codes, shown this once.
func (s *Service) FinishSignIn(ctx context.Context, token string, answer SecondFactorAnswer) (Session, []string, error) {
	if (answer.Code == "") == (answer.RecoveryCode == "") {
		return Session{}, nil, apperr.Invalidf([]apperr.FieldError{{Field: "code", Message: "enter the code from your authenticator app, or a recovery code"}},
			"give either a code or a recovery code")
	}
	var userID uuid.UUID
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.liveChallenge(ctx, token)
		userID = c.UserID
		return err
	})
	if err != nil {
		return Session{}, nil, err
	}
	p := identity.From(ctx)
	address, account := "ip:"+p.IP, "second-factor:"+userID.String()
	if err := s.reserveAttempt(ctx, address, s.opts.LoginIPMaxFailures); err != nil {
		return Session{}, nil, err
	}
	if err := s.reserveAttempt(ctx, account, s.opts.LoginMaxFailures); err != nil {
		return Session{}, nil, errors.Join(err, s.releaseAttempts(ctx, address))
	}

	var session Session
	var codes []string
	var failure *codeFailure
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.liveChallenge(ctx, token)
		if err != nil {
			return err
		}
		f, err := s.store.LockSecondFactor(ctx, c.UserID)
		if err != nil {
			return err
		}
		if s.opts.SecondFactorLocked != nil {
			s.opts.SecondFactorLocked()
		}
		user, hash, err := s.store.LockUserCredentials(ctx, c.UserID)
		if err != nil {
			return err
		}
		if user.Disabled || passwordFingerprint(hash) != c.PasswordFingerprint || (!c.Enrol && !f.Enrolled()) {
			// Disabled, a new password, or a second factor reset since the
			// password was given: start again.
			return errChallengeGone
		}
		method := "password+totp"
		changes := audit.Changes{}
		switch {
		case c.Enrol:
			if f.PendingSecret == "" || f.PendingUntil == nil || !s.now().Before(*f.PendingUntil) {
				return apperr.New(apperr.Conflict, "set up your authenticator app first")
			}
			if answer.Code == "" {
				return apperr.Invalidf([]apperr.FieldError{{Field: "code", Message: "enter the code your authenticator app shows"}},
					"a new second factor is confirmed with a code")
			}
			step, ok := CheckTOTP(f.PendingSecret, answer.Code, s.now(), 0)
			if !ok {
				failure = &codeFailure{userID: user.ID, email: user.Email, field: "code", reason: "wrong"}
				return failure
			}
			if codes, err = s.enrol(ctx, f, step); err != nil {
				return err
			}
			method = "password+totp_enrolment"
		case answer.Code != "":
			step, ok := CheckTOTP(f.Secret, answer.Code, s.now(), f.LastStep)
			if !ok {
				failure = &codeFailure{userID: user.ID, email: user.Email, field: "code", reason: totpRefusal(f, answer.Code, s.now())}
				return failure
			}
			f.LastStep = step
			if err := s.store.SaveSecondFactor(ctx, f); err != nil {
				return fmt.Errorf("keep the step taken: %w", err)
			}
		default:
			left, err := s.useRecoveryCode(ctx, user.ID, answer.RecoveryCode)
			if err != nil {
				return err
			}
			if left < 0 {
				failure = &codeFailure{userID: user.ID, email: user.Email, field: "recovery_code", reason: "wrong_recovery_code"}
				return failure
			}
			method = "password+recovery_code"
			changes["recovery_codes_left"] = [2]any{nil, left}
		}
		if err := s.store.SpendChallenge(ctx, c.ID, s.now()); err != nil {
			return fmt.Errorf("spend challenge: %w", err)
		}
		if err := s.store.ClearLoginFailures(ctx, account); err != nil {
			return fmt.Errorf("clear failed codes: %w", err)
		}
		if err := s.store.ReleaseLoginAttempt(ctx, address); err != nil {
			return fmt.Errorf("release attempt: %w", err)
		}
		if session, err = s.startSession(ctx, user, uuid.Nil); err != nil {
			return err
		}
		changes["method"] = [2]any{nil, method}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login", EntityType: "user", EntityID: user.ID.String(),
			ActorID: user.ID.String(), ActorEmail: user.Email, Changes: changes})
	})
	if failure != nil && errors.Is(err, failure) {
		return Session{}, nil, s.codeFailed(ctx, token, *failure)
	}
	if err != nil {
		// Nothing was checked against anyone.
		return Session{}, nil, errors.Join(err, s.releaseAttempts(ctx, address, account))
	}
	return session, codes, nil
}

// codeFailure is a wrong or reused second factor; its attempt stays counted.
type codeFailure struct {
	userID uuid.UUID
	email  string
	field  string
	reason string // wrong, reused, wrong_recovery_code
}

func (f *codeFailure) Error() string { return "second factor refused: " + f.reason }

// codeFailed counts a wrong code against its challenge, audits it and
// returns the field error the person sees.
func (s *Service) codeFailed(ctx context.Context, token string, f codeFailure) error {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.liveChallenge(ctx, token)
		if err == nil {
			err = s.store.CountChallengeFailure(ctx, c.ID)
		}
		if err != nil && !errors.Is(err, errChallengeGone) {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.second_factor_failed", EntityType: "user", EntityID: f.userID.String(),
			ActorID: f.userID.String(), ActorEmail: f.email, Changes: audit.Changes{"reason": {nil, f.reason}}})
	})
	if err != nil {
		return err
	}
	return refusedCode(f)
}

func refusedCode(f codeFailure) error {
	msg := "is not the code your authenticator app shows now"
	switch f.reason {
	case "reused":
		msg = "was used already; wait for the next code"
	case "wrong_recovery_code":
		msg = "is not one of your unused recovery codes"
	}
	return apperr.Invalidf([]apperr.FieldError{{Field: f.field, Message: msg}}, "the second factor was not accepted: the code %s", msg)
}

// totpRefusal says why a code that CheckTOTP refused was refused: one taken
// already (replayed, or typed twice) reads differently from a wrong one.
func totpRefusal(f SecondFactor, code string, now time.Time) string {
	if _, ok := CheckTOTP(f.Secret, code, now, -1); ok {
		return "reused"
	}
	return "wrong"
}

// useRecoveryCode spends the recovery code that matches code and returns how
// many are left, or -1 when none matches.
func (s *Service) useRecoveryCode(ctx context.Context, userID uuid.UUID, code string) (int, error) {
	hashes, err := s.store.UnusedRecoveryCodes(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("recovery codes: %w", err)
	}
	i := MatchRecoveryCode(code, hashes)
	if i < 0 {
		return -1, nil
	}
	ok, err := s.store.UseRecoveryCode(ctx, userID, hashes[i], s.now())
	if err != nil {
		return 0, fmt.Errorf("spend recovery code: %w", err)
	}
	if !ok {
		return -1, nil
	}
	return len(hashes) - 1, nil
}

// enrol makes f's pending secret its second factor, taken at step, with new
// recovery codes (returned, to show once); call it with f locked.
func (s *Service) enrol(ctx context.Context, f SecondFactor, step int64) ([]string, error) {
	codes, hashes, err := NewRecoveryCodes(RecoveryCodes)
	if err != nil {
		return nil, err
	}
	now := s.now()
	replaced := f.Enrolled()
	f.Secret, f.EnrolledAt, f.LastStep = f.PendingSecret, &now, step
	f.PendingSecret, f.PendingUntil = "", nil
	if err := s.store.SaveSecondFactor(ctx, f); err != nil {
		return nil, fmt.Errorf("store second factor: %w", err)
	}
	if err := s.store.ReplaceRecoveryCodes(ctx, f.UserID, hashes); err != nil {
		return nil, fmt.Errorf("store recovery codes: %w", err)
	}
	err = s.audit.Record(ctx, audit.Entry{Action: "auth.second_factor_enrol", EntityType: "user", EntityID: f.UserID.String(),
		ActorID: f.UserID.String(), Changes: audit.Changes{"totp": {replaced, true}, "recovery_codes": {nil, len(codes)}}})
	return codes, err
}

// MySecondFactor tells the caller of their own second factor.
func (s *Service) MySecondFactor(ctx context.Context) (SecondFactorStatus, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return SecondFactorStatus{}, err
	}
	user, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return SecondFactorStatus{}, err
	}
	return s.statusOf(ctx, user)
}

// UserSecondFactor tells an administrator of anyone's second factor.
func (s *Service) UserSecondFactor(ctx context.Context, userID uuid.UUID) (SecondFactorStatus, error) {
	if err := byAdmin(identity.From(ctx)); err != nil {
		return SecondFactorStatus{}, err
	}
	user, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return SecondFactorStatus{}, err
	}
	return s.statusOf(ctx, user)
}

func (s *Service) statusOf(ctx context.Context, user users.User) (SecondFactorStatus, error) {
	f, left, err := s.store.SecondFactorOf(ctx, user.ID)
	if err != nil {
		return SecondFactorStatus{}, err
	}
	policy, err := s.store.SignInPolicy(ctx)
	if err != nil {
		return SecondFactorStatus{}, err
	}
	return SecondFactorStatus{Enrolled: f.Enrolled(), EnrolledAt: f.EnrolledAt, RecoveryLeft: left, Required: policy.Requires(user.Role)}, nil
}

// StartMyEnrolment hands the caller a new secret for their authenticator
// app; nothing changes until a code from it confirms it.
func (s *Service) StartMyEnrolment(ctx context.Context) (Enrolment, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return Enrolment{}, err
	}
	var out Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		user, err := s.store.UserByID(ctx, p.UserID)
		if err != nil {
			return err
		}
		out, err = s.handOutSecret(ctx, user, s.now().Add(enrolmentTTL))
		return err
	})
	return out, err
}

// ConfirmMyEnrolment makes the caller's new secret their second factor when
// code is right, with new recovery codes (returned, to show once), and ends
// their other sign-ins.
func (s *Service) ConfirmMyEnrolment(ctx context.Context, code string) ([]string, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return nil, err
	}
	var codes []string
	err := s.withOwnCode(ctx, func(ctx context.Context) error {
		f, err := s.store.LockSecondFactor(ctx, p.UserID)
		if err != nil {
			return err
		}
		if f.PendingSecret == "" || f.PendingUntil == nil || !s.now().Before(*f.PendingUntil) {
			return apperr.New(apperr.Conflict, "nothing to confirm: start setting up your authenticator app again")
		}
		step, ok := CheckTOTP(f.PendingSecret, code, s.now(), 0)
		if !ok {
			return &codeFailure{userID: p.UserID, email: p.Email, field: "code", reason: "wrong"}
		}
		if codes, err = s.enrol(ctx, f, step); err != nil {
			return err
		}
		return s.store.RevokeOtherRefreshFamilies(ctx, p.UserID, p.SessionID, s.now())
	})
	return codes, err
}

// RenewMyRecoveryCodes replaces the caller's recovery codes; a current code
// from their app is required.
func (s *Service) RenewMyRecoveryCodes(ctx context.Context, code string) ([]string, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return nil, err
	}
	var codes []string
	err := s.withOwnCode(ctx, func(ctx context.Context) error {
		f, err := s.store.LockSecondFactor(ctx, p.UserID)
		if err != nil {
			return err
		}
		if !f.Enrolled() {
			return apperr.New(apperr.Conflict, "you have no second factor: set one up first")
		}
		step, ok := CheckTOTP(f.Secret, code, s.now(), f.LastStep)
		if !ok {
			return &codeFailure{userID: p.UserID, email: p.Email, field: "code", reason: totpRefusal(f, code, s.now())}
		}
		f.LastStep = step
		if err := s.store.SaveSecondFactor(ctx, f); err != nil {
			return err
		}
		var hashes []string
		if codes, hashes, err = NewRecoveryCodes(RecoveryCodes); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, p.UserID, hashes); err != nil {
			return fmt.Errorf("store recovery codes: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.recovery_codes_renew", EntityType: "user", EntityID: p.UserID.String(),
			Changes: audit.Changes{"recovery_codes": {nil, len(codes)}}})
	})
	return codes, err
}

// withOwnCode runs fn, which checks a code of the caller's, in a
// transaction; attempts are counted as a sign-in's second step counts them,
// and a codeFailure fn returns is audited and becomes a field error.
func (s *Service) withOwnCode(ctx context.Context, fn func(ctx context.Context) error) error {
	p := identity.From(ctx)
	address, account := "ip:"+p.IP, "second-factor:"+p.UserID.String()
	if err := s.reserveAttempt(ctx, address, s.opts.LoginIPMaxFailures); err != nil {
		return err
	}
	if err := s.reserveAttempt(ctx, account, s.opts.LoginMaxFailures); err != nil {
		return errors.Join(err, s.releaseAttempts(ctx, address))
	}
	err := s.store.InTx(ctx, fn)
	var failure *codeFailure
	if errors.As(err, &failure) {
		err := s.store.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Record(ctx, audit.Entry{Action: "auth.second_factor_failed", EntityType: "user", EntityID: p.UserID.String(),
				Changes: audit.Changes{"reason": {nil, failure.reason}}})
		})
		if err != nil {
			return err
		}
		return refusedCode(*failure)
	}
	return errors.Join(err, s.releaseAttempts(ctx, address, account))
}

// RemoveMySecondFactor removes the caller's second factor when their
// password is right and their role does not require one.
func (s *Service) RemoveMySecondFactor(ctx context.Context, password string) error {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return err
	}
	user, hash, err := s.store.LockUserCredentials(ctx, p.UserID)
	if err != nil {
		return err
	}
	policy, err := s.store.SignInPolicy(ctx)
	if err != nil {
		return err
	}
	if policy.Requires(user.Role) {
		return apperr.New(apperr.Conflict, "your role requires a second factor: set up a new one instead of removing it")
	}
	if err := s.checkOwnPassword(ctx, hash, password, "auth.second_factor_remove_failed"); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.LockSecondFactor(ctx, p.UserID)
		if err != nil {
			return err
		}
		if !f.Enrolled() {
			return apperr.New(apperr.Conflict, "you have no second factor to remove")
		}
		if err := s.store.DeleteSecondFactor(ctx, p.UserID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.second_factor_remove", EntityType: "user", EntityID: p.UserID.String(),
			Changes: audit.Changes{"totp": {true, false}}})
	})
}

// checkOwnPassword checks the caller's password as ChangeOwnPassword does: a
// wrong one counts as a failed sign-in, is audited as failedAction and is a
// field error on password.
func (s *Service) checkOwnPassword(ctx context.Context, hash, password, failedAction string) error {
	p := identity.From(ctx)
	address, account := "ip:"+p.IP, "account:"+users.NormalizeEmail(p.Email)
	if err := s.reserveAttempt(ctx, address, s.opts.LoginIPMaxFailures); err != nil {
		return err
	}
	if err := s.reserveAttempt(ctx, account, s.opts.LoginMaxFailures); err != nil {
		return errors.Join(err, s.releaseAttempts(ctx, address))
	}
	ok, err := s.opts.Passwords.Verify(ctx, hash, password)
	if err != nil {
		return errors.Join(fmt.Errorf("verify password of %s: %w", p.Email, err), s.releaseAttempts(ctx, address, account))
	}
	if !ok {
		err := s.store.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Record(ctx, audit.Entry{Action: failedAction, EntityType: "user", EntityID: p.UserID.String()})
		})
		if err != nil {
			return err
		}
		return apperr.Invalidf([]apperr.FieldError{{Field: "password", Message: "is not the password you signed in with"}},
			"the password is not right")
	}
	return s.releaseAttempts(ctx, address, account)
}

// ResetSecondFactor removes another account's second factor and ends its
// sign-ins, for someone who lost their app and their recovery codes.
// Administrators only, and not for their own account.
func (s *Service) ResetSecondFactor(ctx context.Context, userID uuid.UUID) error {
	p := identity.From(ctx)
	if err := byAdmin(p); err != nil {
		return err
	}
	if userID == p.UserID {
		return apperr.New(apperr.Conflict, "not your own: remove your second factor on your account page, with your password")
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.LockSecondFactor(ctx, userID)
		if err != nil {
			return err
		}
		if err := s.store.DeleteSecondFactor(ctx, userID); err != nil {
			return err
		}
		if err := s.store.RevokeOtherRefreshFamilies(ctx, userID, uuid.Nil, s.now()); err != nil {
			return fmt.Errorf("end sign-ins: %w", err)
		}
		return s.audit.Record(ctx, audit.Entry{Action: "user.second_factor_reset", EntityType: "user", EntityID: userID.String(),
			Changes: audit.Changes{"totp": {f.Enrolled(), false}}})
	})
}

// Policy returns the sign-in policy.
func (s *Service) Policy(ctx context.Context) (SignInPolicy, error) {
	return s.store.SignInPolicy(ctx)
}

// SetPolicy sets which roles must sign in with a second factor.
// Administrators only.
func (s *Service) SetPolicy(ctx context.Context, roles []users.Role) (SignInPolicy, error) {
	if err := byAdmin(identity.From(ctx)); err != nil {
		return SignInPolicy{}, err
	}
	var fields []apperr.FieldError
	for i, r := range roles {
		if !r.Valid() {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("second_factor_roles[%d]", i), Message: "is not a role"})
		} else if slices.Contains(roles[:i], r) {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("second_factor_roles[%d]", i), Message: "is listed twice"})
		}
	}
	if len(fields) > 0 {
		return SignInPolicy{}, apperr.Invalidf(fields, "the sign-in policy was not changed: second_factor_roles[…] %s", fields[0].Message)
	}
	slices.Sort(roles)
	var out SignInPolicy
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		old, err := s.store.SignInPolicy(ctx)
		if err != nil {
			return err
		}
		now := s.now()
		out = SignInPolicy{SecondFactorRoles: roles, UpdatedAt: &now}
		if err := s.store.SetSignInPolicy(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "settings.sign_in_policy", EntityType: "settings", EntityID: "sign_in_policy",
			Changes: audit.Changes{"second_factor_roles": {roleList(old.SecondFactorRoles), roleList(roles)}}})
	})
	return out, err
}

func roleList(roles []users.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// byAdmin refuses keys and anyone but administrators.
func byAdmin(p identity.Principal) error {
	if err := byPerson(p); err != nil {
		return err
	}
	if p.Role != string(users.Admin) {
		return apperr.New(apperr.Forbidden, "only administrators may do this")
	}
	return nil
}
