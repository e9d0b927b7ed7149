package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
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

// pendingAt is true while a secret handed out waits for its first code.
func (f SecondFactor) pendingAt(now time.Time) bool {
	return f.PendingSecret != "" && f.PendingUntil != nil && now.Before(*f.PendingUntil)
}

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
