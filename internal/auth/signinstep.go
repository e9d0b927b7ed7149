package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/users"
)

// The second step of a sign-in: a code, a recovery code, or setting up the
// second factor a role requires (secondfactor.go has the types and rules).

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
	// The challenge names the account whose wrong codes are counted; it is
	// read again, locked, below.
	pending, err := s.liveChallenge(ctx, token)
	if err != nil {
		return Session{}, nil, err
	}
	p := identity.From(ctx)
	address, account := "ip:"+p.IP, "second-factor:"+pending.UserID.String()
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
			if !f.pendingAt(s.now()) {
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
