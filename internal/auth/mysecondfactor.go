package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/users"
)

// Each person's own second factor, and an administrator's view and reset of
// anyone's (secondfactor.go has the types and rules).

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
	_, hash, err := s.store.LockUserCredentials(ctx, user.ID)
	if err != nil {
		return SecondFactorStatus{}, err
	}
	// The policy is for local accounts: single sign-on's provider asks for
	// its own second factor.
	required := policy.Requires(user.Role) && hash != NoPassword
	return SecondFactorStatus{Enrolled: f.Enrolled(), EnrolledAt: f.EnrolledAt, RecoveryLeft: left, Required: required}, nil
}

// errSecondFactorBySSO refuses a second factor to an account that signs in
// through single sign-on: it never signs in with a password here, so a code
// would guard nothing, and the provider asks for its own.
var errSecondFactorBySSO = apperr.New(apperr.Conflict, "this account signs in through single sign-on: your organisation's sign-in provider asks for its second factor")

// StartMyEnrolment hands the caller a new secret for their authenticator
// app; nothing changes until a code from it confirms it.
func (s *Service) StartMyEnrolment(ctx context.Context) (Enrolment, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return Enrolment{}, err
	}
	var out Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		user, hash, err := s.store.LockUserCredentials(ctx, p.UserID)
		if err != nil {
			return err
		}
		if hash == NoPassword {
			return errSecondFactorBySSO
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
		if !f.pendingAt(s.now()) {
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
